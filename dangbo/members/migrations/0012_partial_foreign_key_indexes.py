"""The foreign keys that few rows fill (a member's sponsors and temporary unit; an event's
counterpart and the event it corrects) are indexed only where they are set: every insert
wrote an entry for NULL into each of those five indexes, and nothing ever looks a NULL up
through them (a lookup by one of these keys implies IS NOT NULL, which both databases read
from the partial index).

The full indexes are dropped by name rather than by AlterField, which on SQLite would copy
the members and events tables."""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.schema import where_set, without_own_indexes

DROPPED = {
    "members_member_sponsor_1_id_9367a670": ("members_member", "sponsor_1_id"),
    "members_member_sponsor_2_id_8b0f3866": ("members_member", "sponsor_2_id"),
    "members_member_temporary_organization_id_d026ee28": (
        "members_member",
        "temporary_organization_id",
    ),
    "members_memberevent_counterpart_id_4d81161b": ("members_memberevent", "counterpart_id"),
    "members_memberevent_corrects_id_88265bdd": ("members_memberevent", "corrects_id"),
}


def _partial(model: str, field: str, name: str) -> migrations.AddIndex:
    return migrations.AddIndex(model_name=model, index=where_set(field, name))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_member_name_birth_index"),
        ("orgs", "0002_short_name_history"),
    ]

    operations = [
        without_own_indexes(
            [
                migrations.AlterField(
                    model_name="member",
                    name="sponsor_1",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.member",
                        verbose_name="người giới thiệu thứ nhất",
                    ),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="sponsor_2",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.member",
                        verbose_name="người giới thiệu thứ hai",
                    ),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="temporary_organization",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="temporary_members",
                        to="orgs.organization",
                        verbose_name="nơi sinh hoạt tạm thời",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberevent",
                    name="counterpart",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="tổ chức liên quan",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberevent",
                    name="corrects",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="members.memberevent",
                        verbose_name="đính chính sự kiện",
                    ),
                ),
            ],
            DROPPED,
        ),
        _partial("member", "sponsor_1", "members_sponsor_1"),
        _partial("member", "sponsor_2", "members_sponsor_2"),
        _partial("member", "temporary_organization", "members_temporary_org"),
        _partial("memberevent", "counterpart", "members_event_counterpart"),
        _partial("memberevent", "corrects", "members_event_corrects"),
    ]
