"""meetings.supervisor_share: the share of a cell's held meetings that the committee member in
charge must attend in a year. The seed resolution (seeds/003) asks for "phân công cấp ủy viên
các cấp dự sinh hoạt chi bộ hằng tháng", i.e. every month, so the default is all of them; the
row is low confidence and a committee sets its own share by adding a row."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "meetings.supervisor_share"


def add(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.get_or_create(
        key=KEY,
        valid_from=date(2018, 1, 18),
        defaults={
            "value": {"numerator": 1, "denominator": 1},
            "source": "Nghị quyết đại hội (seeds/003): cấp ủy viên dự sinh hoạt chi bộ hằng tháng",
            "confidence": "low",
            "note": "Tỷ lệ tối thiểu số buổi sinh hoạt đã họp trong năm mà cấp ủy viên phụ trách "
            "phải dự.",
        },
    )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_meeting_rules")]

    operations = [migrations.RunPython(add, remove)]
