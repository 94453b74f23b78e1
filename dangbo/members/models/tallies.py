"""Counts of the roll kept per unit, so that the statistics of a province or of the whole
country read a few hundred rows instead of millions of members (members.statistics.tallies).

A cache, like Member's cached state: derived from the roll, never edited by hand, rebuilt
from it at any time (`manage.py refresh_roll_tallies`), and therefore not audited itself.
"""

from __future__ import annotations

from django.db import models

from dangbo.orgs.models import Organization


class RollTally(models.Model):
    """The members on the roll at the end of `RollTallyState.day`, counted per statistics key
    ("sex.female", "age.31_40", "ethnicity:KINH", …; zeros left out): `own` those the unit
    holds itself, `tree` the unit and everything below it. A unit with nobody on the roll
    in its subtree has no row."""

    organization = models.OneToOneField(
        Organization, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    own = models.JSONField(default=dict)
    tree = models.JSONField(default=dict)

    class Meta:
        verbose_name = "số liệu đảng viên theo tổ chức"

    def __str__(self) -> str:
        return f"Số liệu đảng viên của tổ chức {self.organization_id}"


class RollTallyState(models.Model):
    """The one row saying for which day the tallies count and up to which audit event the
    changes of the roll are in them. No row: no tallies (statistics count live)."""

    day = models.DateField()
    audit_seq = models.PositiveBigIntegerField()
    built_at = models.DateTimeField()
    built_seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "trạng thái số liệu đảng viên"

    def __str__(self) -> str:
        return f"Số liệu đảng viên ngày {self.day:%d/%m/%Y}"
