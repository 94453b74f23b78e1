"""A member evaluation's round loses its own index: it leads the index evaluation_cell
(round, organization), which serves the same lookups."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes

DROPPED = {
    "evaluations_memberevaluation_round_id_52a40460": ("evaluations_memberevaluation", "round_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0008_cell_vote'),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name='memberevaluation',
                    name='round',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='evaluations.evaluationround', verbose_name='đợt'),
                ),
            ],
            DROPPED,
        ),
    ]
