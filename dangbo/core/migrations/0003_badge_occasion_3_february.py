"""The 3/2 badge occasion (the Party's founding day, 3 February) was stored as "03-02", which
the rule's month-day format reads as 2 March. Rules are data: put the row right."""

from __future__ import annotations

from typing import Any

from django.db import migrations

WRONG = ["03-02", "05-19", "09-02", "11-07"]
RIGHT = ["02-03", "05-19", "09-02", "11-07"]


def fix(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    Rule.objects.filter(key="badge_occasions", value=WRONG).update(value=RIGHT)


def unfix(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    Rule.objects.filter(key="badge_occasions", value=RIGHT).update(value=WRONG)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]

    operations = [migrations.RunPython(fix, unfix)]
