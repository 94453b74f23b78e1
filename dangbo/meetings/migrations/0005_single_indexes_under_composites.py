"""The attendance's meeting and member lose their own indexes: each leads a composite one
(attendance_once, attendance_member), which serves the same lookups; a mark written no
longer updates two indexes that only repeat those."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes

DROPPED = {
    "meetings_attendance_meeting_id_296f48af": ("meetings_attendance", "meeting_id"),
    "meetings_attendance_member_id_4b8f2006": ("meetings_attendance", "member_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_unexcused_months_rule'),
        ('members', '0012_partial_foreign_key_indexes'),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name='attendance',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='attendance', to='meetings.meeting', verbose_name='buổi sinh hoạt'),
                ),
                migrations.AlterField(
                    model_name='attendance',
                    name='member',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='meeting_attendance', to='members.member', verbose_name='đảng viên'),
                ),
            ],
            DROPPED,
        ),
    ]
