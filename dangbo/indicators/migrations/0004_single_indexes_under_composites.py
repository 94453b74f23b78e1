"""Indicator values lose the indexes of their indicator and unit, and submitted values that
of their submission: each leads a composite index (indicator_value_once, value_by_unit,
submission_value_once), which serves the same lookups."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes

DROPPED = {
    "indicators_indicatorvalue_indicator_id_a69c020d": ("indicators_indicatorvalue", "indicator_id"),
    "indicators_indicatorvalue_organization_id_103e3927": ("indicators_indicatorvalue", "organization_id"),
    "indicators_submissionvalue_submission_id_d7950475": ("indicators_submissionvalue", "submission_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0003_four_good_of_assessed_cells'),
        ('orgs', '0002_short_name_history'),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name='indicatorvalue',
                    name='indicator',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='indicators.indicator'),
                ),
                migrations.AlterField(
                    model_name='indicatorvalue',
                    name='organization',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='indicator_values', to='orgs.organization'),
                ),
                migrations.AlterField(
                    model_name='submissionvalue',
                    name='submission',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='indicators.submission'),
                ),
            ],
            DROPPED,
        ),
    ]
