"""meetings.unexcused_months: in how many months of a calendar year a member may skip cell
meetings without a valid reason before the cell must consider striking the name. regulations.md
§3.6 (QĐ 24-QĐ/TW point 8.1, HIGH): "bỏ sinh hoạt đảng … ba tháng trong năm mà không có lý do
chính đáng"; the months need not be consecutive, unlike the warning of meetings.unexcused_streak."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "meetings.unexcused_months"


def add(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.get_or_create(
        key=KEY,
        valid_from=date(2018, 1, 18),
        defaults={
            "value": 3,
            "source": "QĐ 24-QĐ/TW, điểm 8.1 (regulations.md §3.6)",
            "confidence": "high",
            "note": "Số tháng trong một năm dương lịch (liên tiếp hay không) đảng viên bỏ sinh "
            "hoạt không có lý do chính đáng thì chi bộ xem xét, đề nghị xóa tên.",
        },
    )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_supervisor_rule")]

    operations = [migrations.RunPython(add, remove)]
