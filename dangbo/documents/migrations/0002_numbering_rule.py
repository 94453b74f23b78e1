"""The numbering rule of HD 36-HD/VPTW point 1.3.1 (regulations.md §7.4) as a rule row:
a committee numbers each kind of document from 01 within one term. A committee whose own
working rules share one sequence across kinds adds a row with the value "shared"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "documents.numbering_scope"


def add(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    Rule.objects.get_or_create(
        key=KEY,
        valid_from=date(2018, 4, 3),
        defaults={
            "value": "per_kind",
            "source": "HD 36-HD/VPTW ngày 03/4/2018, điểm 1.3.1",
            "confidence": "high",
            "note": "Ghi liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp ủy; "
            "văn bản đại hội đánh số chung mọi loại.",
        },
    )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("core", "0004_badge_discipline_deferral")]

    operations = [migrations.RunPython(add, remove)]
