"""evaluations.member: the rules a year's member ratings follow (regulations.md §1).

- From 04/10/2023, QĐ 124-QĐ/TW with HD 25-HD/BTCTW (rates 2023 and 2024): no score scale, the
  cell proposes the rating; KHTNV when disciplined in the year, when under 50% of tasks are
  done, or when a criterion is rated poor (§1.4, HIGH); members admitted under 6 months are not
  rated and sick leave of 3 months or more caps the rating at HTNV (HD 21, §1.5, HIGH for 2019).
- From 30/8/2025, QĐ 366-QĐ/TW with HD 43-HD/BTCTW (rates 2025 onwards): the 100-point scale
  with bands 90 / 70 / 50 (§1.2, HIGH); HTXSNV also needs 100% of tasks on time with at least
  30% exceeding (HIGH); HTTNV needs all tasks on time (HIGH). The discipline trigger is carried
  over pending HD 43's text (§1.6 case 6, MED), as are the special cases of HD 21.
- Both: HTXSNV at most 20% (§1.3, the reading is chosen per round).
A province that reads HD 43 differently adds a row from its own date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "evaluations.member"
COMMON: dict[str, Any] = {
    "scale_max": 100,
    "failed_below_tasks_pct": 50,
    "failed_if_disciplined": True,
    "sick_leave_cap_days": 90,
    "min_months_since_admission": 6,
    "excellent_share": [1, 5],
}
ROWS = [
    (
        date(2023, 10, 4),
        {
            **COMMON,
            "score_bands": None,
            "excellent_min_exceeding_pct": None,
            "good_needs_on_time": False,
            "failed_if_criterion_poor": True,
        },
        "QĐ 124-QĐ/TW (04/10/2023), HD 25-HD/BTCTW (10/11/2023)",
        "high",
        "Xếp loại theo 4 mức, không chấm điểm; các trường hợp không hoàn thành nhiệm vụ theo "
        "QĐ 124; trường hợp đặc biệt theo HD 21-HD/BTCTW.",
    ),
    (
        date(2025, 8, 30),
        {
            **COMMON,
            "score_bands": [[90, "htxs"], [70, "htt"], [50, "ht"]],
            "excellent_min_exceeding_pct": 30,
            "good_needs_on_time": True,
            "failed_if_criterion_poor": False,
        },
        "QĐ 366-QĐ/TW (30/8/2025), HD 43-HD/BTCTW (31/10/2025)",
        "medium",
        "Thang 100 điểm: từ 90 HTXSNV, 70 đến dưới 90 HTTNV, 50 đến dưới 70 HTNV, dưới 50 "
        "KHTNV. Kỷ luật trong năm: KHTNV (chờ đối chiếu HD 43).",
    ),
]


def add(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    for valid_from, value, source, confidence, note in ROWS:
        Rule.objects.get_or_create(
            key=KEY,
            valid_from=valid_from,
            defaults={"value": value, "source": source, "confidence": confidence, "note": note},
        )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial"), ("core", "0004_badge_discipline_deferral")]

    operations = [migrations.RunPython(add, remove)]
