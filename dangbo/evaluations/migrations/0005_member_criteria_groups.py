"""The criteria groups a member scores themselves on, and the maternity-leave rule, added to the
two `evaluations.member` rows of migration 0002.

- QĐ 366 / HD 43: the 100 points are split between the common criteria (political ideology,
  ethics and lifestyle, discipline, working style) and the results of the assigned tasks. The
  30 / 70 split follows NĐ 335/2025 for civil servants, which mirrors the Party frame; the
  Party text was not read (regulations.md §9 item 1, LOW): a province corrects it with a row.
- QĐ 124 / HD 25: the same four headings, without points (the cell proposes the rating).
- Both: a member on maternity leave is rated on the time actually worked (HD 21, §1.5, HIGH
  for 2019); the leave does not count as sick leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "evaluations.member"
GROUPS = {
    date(2023, 10, 4): [
        {"code": "chinh_tri", "label": "Tư tưởng chính trị", "max": None},
        {"code": "dao_duc", "label": "Phẩm chất đạo đức, lối sống", "max": None},
        {"code": "ky_luat", "label": "Ý thức tổ chức kỷ luật, tác phong, lề lối làm việc",
         "max": None},
        {"code": "nhiem_vu", "label": "Kết quả thực hiện chức trách, nhiệm vụ được giao",
         "max": None},
    ],
    date(2025, 8, 30): [
        {
            "code": "chung",
            "label": "Tiêu chí chung: chính trị tư tưởng; đạo đức, lối sống; ý thức tổ chức kỷ "
            "luật; tác phong, lề lối làm việc",
            "max": 30,
        },
        {"code": "nhiem_vu", "label": "Kết quả thực hiện chức trách, nhiệm vụ được giao",
         "max": 70},
    ],
}


def add(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    for valid_from, groups in GROUPS.items():
        for row in Rule.objects.filter(key=KEY, valid_from=valid_from):
            row.value = {**row.value, "criteria_groups": groups, "maternity_on_time_worked": True}
            row.save(update_fields=["value"])


def remove(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    for row in Rule.objects.filter(key=KEY):
        row.value = {
            k: v
            for k, v in row.value.items()
            if k not in ("criteria_groups", "maternity_on_time_worked")
        }
        row.save(update_fields=["value"])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0004_organization_evaluation")]

    operations = [migrations.RunPython(add, remove)]
