"""ImportRecord.job loses its own index: the (job, action) index leads with it.

The index is dropped by name (the same on SQLite and PostgreSQL) rather than by AlterField,
which on SQLite would copy the whole table to drop one index."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name="importrecord",
                    name="job",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="records",
                        to="imports.importjob",
                    ),
                ),
            ],
            {"imports_importrecord_job_id_dc188f1a": ("imports_importrecord", "job_id")},
        ),
    ]
