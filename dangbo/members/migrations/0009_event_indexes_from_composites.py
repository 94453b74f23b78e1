"""MemberEvent.member, .organization and .organization_after lose their own indexes: each
leads a composite index ((member, effective_on), members_event_org_day, (organization_after,
effective_on)), which serves the same lookups; the single ones only cost every write.

The indexes are dropped by name (the same on SQLite and PostgreSQL) rather than by
AlterField, which on SQLite would copy the whole events table three times."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import without_own_indexes

DROPPED = {
    "members_memberevent_member_id_0cf90450": ("members_memberevent", "member_id"),
    "members_memberevent_organization_id_9d59faa6": ("members_memberevent", "organization_id"),
    "members_memberevent_organization_after_id_793cc424": (
        "members_memberevent",
        "organization_after_id",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_event_org_day_covering"),
        ("orgs", "0002_short_name_history"),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name="memberevent",
                    name="member",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="members.member",
                        verbose_name="đảng viên",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberevent",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="tại tổ chức",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberevent",
                    name="organization_after",
                    field=models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                    ),
                ),
            ],
            DROPPED,
        ),
    ]
