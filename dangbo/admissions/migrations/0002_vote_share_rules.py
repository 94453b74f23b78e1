"""The share of a cell's official members who must vote in favour (regulations.md §3.1):
"ít nhất hai phần ba số đảng viên chính thức tán thành", for proposing an admission (Điều lệ
Đảng Art. 4 khoản 3) and for recognising a probationary member as official (Art. 5 khoản 3;
§3.1 quotes the two-thirds for recognition). Counted on all official members of the cell."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

CHARTER_2011 = "Điều lệ Đảng (Đại hội XI, 2011)"
CHARTER_FROM = date(2011, 1, 19)
TWO_THIRDS = {"numerator": 2, "denominator": 3}
# (key, source, confidence, note)
ROWS = [
    (
        "admissions.resolution_vote_share",
        f"{CHARTER_2011}, Điều 4 khoản 3",
        "medium",
        "Chi bộ xét đề nghị kết nạp: ít nhất 2/3 số đảng viên chính thức tán thành.",
    ),
    (
        "admissions.official_vote_share",
        f"{CHARTER_2011}, Điều 5 khoản 3",
        "high",
        "Chi bộ xét công nhận chính thức: ít nhất 2/3 số đảng viên chính thức tán thành; ba "
        "lần không đạt thì báo cáo cấp ủy cấp trên (§3.1).",
    ),
]


def load(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    for key, source, confidence, note in ROWS:
        Rule.objects.get_or_create(
            key=key,
            valid_from=CHARTER_FROM,
            defaults={
                "value": TWO_THIRDS,
                "source": source,
                "confidence": confidence,
                "note": note,
            },
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_initial"), ("core", "0004_badge_discipline_deferral")]

    operations = [migrations.RunPython(load, unload)]
