"""«Chi bộ bốn tốt» as a share of the cells assessed in the year, as the organisations' rating
is a share of those rated: a year whose assessment has not yet been made (the current one,
until the superior committee assesses after its end) has no value, instead of reading 0% and
hiding the last year assessed from the targets that read it. The drill-down lists the cells
assessed but not recognized. Values computed with the old definition are dropped; the next
refresh computes them again."""

from django.db import migrations

CODE = "cells_four_good"
CELLS = "(cell, grassroots_cell)"
NEW = {
    "denominator": f"four_good where kind in {CELLS}",
    "denominator_label": "Chi bộ đã được đánh giá bốn tốt",
    "description": "Số chi bộ được cấp trên công nhận đạt chuẩn chi bộ bốn tốt của năm chia "
    "cho số chi bộ (chi bộ cơ sở, chi bộ trực thuộc) đã được đánh giá bốn tốt năm đó; năm chưa "
    "đánh giá thì chưa có giá trị.",
}
OLD = {
    "denominator": "cells",
    "denominator_label": "Chi bộ hoạt động trong năm",
    "description": "Số chi bộ được cấp trên công nhận đạt chuẩn chi bộ bốn tốt của năm "
    "chia cho số chi bộ (chi bộ cơ sở, chi bộ trực thuộc) hoạt động trong năm.",
}


def _set(apps, fields):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    if Indicator.objects.filter(code=CODE).update(**fields):
        IndicatorValue.objects.filter(indicator__code=CODE).delete()


def forwards(apps, schema_editor):
    _set(apps, NEW)


def backwards(apps, schema_editor):
    _set(apps, OLD)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_catalog")]

    operations = [migrations.RunPython(forwards, backwards)]
