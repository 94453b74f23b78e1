"""evaluations.organization: the rules a year's ratings of party organizations (chi bộ, đảng bộ
cơ sở, đảng bộ) follow (regulations.md §1.2–1.5); read by org_rules.py on 31/12 of the year.

- From 04/10/2023, QĐ 124-QĐ/TW with HD 25-HD/BTCTW (rates 2023 and 2024): no score scale, the
  superior proposes the rating and the triggers cap it. KHTNV when a criterion is rated poor,
  when the leadership collective was disciplined, or more than 20% of the subordinate units
  were disciplined in the year, when under 50% of the tasks are done and key targets were
  missed (§1.4, HIGH). HTXSNV needs 100% of the members of a chi bộ rated HTNV or better and at
  least 80% HTTNV or better; for a đảng bộ, the same over its direct subordinate organizations
  (HD 21-HD/BTCTW 2019, §1.5, HIGH for the legacy text). Organizations founded under 6 months
  before the rating day are not rated but still review themselves (HD 21, HIGH for 2019).
- From 30/8/2025, QĐ 366-QĐ/TW with HD 43-HD/BTCTW (rates 2025 onwards): the 100-point scale
  with bands 90 / 70 / 50 (§1.2, HIGH). HTXSNV needs 100% of the tasks on time with at least
  30% exceeding requirements, and no subordinate unit and no member of the leadership
  collective disciplined, else the rating is capped at HTTNV (§1.2, §1.6 case 3, HIGH). HTTNV
  needs every task on time (HIGH); HTNV needs at most 20% of the tasks behind schedule (MED).
  The 100% / 80% distribution of HD 21 is carried over pending HD 43's text (§1.5: NOT
  CONFIRMED, MED), as are the KHTNV triggers on the subordinate units disciplined and on the
  tasks done (the QĐ 366 list was not retrieved, §1.2, MED); a province that reads HD 43
  otherwise adds a row from its own date with other figures (null switches a rule off).
- Both: HTXSNV at most 20% of the organizations decided together, the direct subordinates of
  one superior (HD 21, §1.3, MED); the reading (A) or (B) is the round's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "evaluations.organization"
COMMON: dict[str, Any] = {
    "scale_max": 100,
    "min_months_since_founded": 6,
    "excellent_share": [1, 5],
    # HD 21: all members (subordinate organizations) HTNV or better, at least 80% HTTNV or better.
    "excellent_distribution": {"satisfactory_or_better_pct": 100, "good_or_better_pct": 80},
    "failed_subordinates_disciplined_over_pct": 20,
    "failed_below_tasks_pct": 50,
    "failed_below_tasks_needs_key_targets_missed": True,
}
ROWS = [
    (
        date(2023, 10, 4),
        {
            **COMMON,
            "score_bands": None,
            "excellent_min_exceeding_pct": None,
            "excellent_needs_no_discipline": False,
            "good_needs_on_time": False,
            "satisfactory_max_behind_pct": None,
            "failed_if_criterion_poor": True,
            "failed_if_leadership_disciplined": True,
        },
        "QĐ 124-QĐ/TW (04/10/2023), HD 25-HD/BTCTW (10/11/2023)",
        "high",
        "Tổ chức đảng xếp loại theo 4 mức, không chấm điểm; không hoàn thành nhiệm vụ khi có "
        "tiêu chí kém, tập thể lãnh đạo bị kỷ luật hoặc trên 20% đơn vị trực thuộc bị kỷ luật, "
        "hoàn thành dưới 50% chỉ tiêu và có chỉ tiêu chủ yếu không đạt; HTXSNV cần 100% đảng "
        "viên (tổ chức trực thuộc) HTNV trở lên, từ 80% HTTNV trở lên (HD 21-HD/BTCTW).",
    ),
    (
        date(2025, 8, 30),
        {
            **COMMON,
            "score_bands": [[90, "htxs"], [70, "htt"], [50, "ht"]],
            "excellent_min_exceeding_pct": 30,
            "excellent_needs_no_discipline": True,
            "good_needs_on_time": True,
            "satisfactory_max_behind_pct": 20,
            "failed_if_criterion_poor": False,
            "failed_if_leadership_disciplined": False,
        },
        "QĐ 366-QĐ/TW (30/8/2025), HD 43-HD/BTCTW (31/10/2025)",
        "medium",
        "Thang 100 điểm: từ 90 HTXSNV, 70 đến dưới 90 HTTNV, 50 đến dưới 70 HTNV, dưới 50 "
        "KHTNV. HTXSNV: 100% nhiệm vụ đúng hạn, ít nhất 30% vượt mức, không có đơn vị trực "
        "thuộc hay thành viên tập thể lãnh đạo bị kỷ luật. Tỷ lệ 100%/80% theo HD 21 và các "
        "trường hợp không hoàn thành nhiệm vụ theo QĐ 124: chờ đối chiếu HD 43.",
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
    dependencies = [("evaluations", "0005_member_criteria_groups")]

    operations = [migrations.RunPython(add, remove)]
