"""A member evaluation's round loses its own index: it leads the index evaluation_cell
(round, organization), which serves the same lookups.

The indexes are dropped by name rather than by AlterField, which on SQLite would copy the
table."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {
    "evaluations_memberevaluation_round_id_52a40460": ("evaluations_memberevaluation", "round_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0008_cell_vote'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='memberevaluation',
                    name='round',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='evaluations.evaluationround', verbose_name='đợt'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, (table, column) in DROPPED.items()
            ],
        ),
    ]
