"""The study attendance's session and member lose their own indexes: each leads a composite
one (study_attendance_once, study_attendance_member), which serves the same lookups."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes

DROPPED = {
    "study_studyattendance_session_id_8c5d09eb": ("study_studyattendance", "session_id"),
    "study_studyattendance_member_id_3921e96f": ("study_studyattendance", "member_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0012_partial_foreign_key_indexes'),
        ('study', '0001_initial'),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name='studyattendance',
                    name='member',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member', verbose_name='đảng viên'),
                ),
                migrations.AlterField(
                    model_name='studyattendance',
                    name='session',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='attendances', to='study.studysession', verbose_name='buổi học tập'),
                ),
            ],
            DROPPED,
        ),
    ]
