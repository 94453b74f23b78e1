"""What the parts of the party-life demo share: the units, the logins, the roll on a day."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import CELL_KINDS, Organization

# The demo's year of party life: December 2025 to November 2026, seen on 01/12/2026.
FIRST_MONTH = (2025, 12)
LAST_HELD = date(2026, 11, 30)
NEXT_MEETING_MONTH = (2026, 12)
SECRETARY_POST = "Bí thư Chi bộ"
DEPUTY_POST = "Phó Bí thư Chi bộ"
# What the demo reads of a member on a roll (the rest stays in the database).
ROLL_FIELDS = ("id", "full_name", "name_sort", "party_position", "user_id", "organization_id")


@dataclass
class Context:
    rng: random.Random
    office: User
    bithu: User | None
    bithu_cell: Organization
    commune: Organization
    front: Organization | None
    meeting_cells: list[Organization] = field(default_factory=list)

    def actor_for(self, cell: Organization) -> User:
        """The secretary keeps her own cell's records; the office the others'."""
        if self.bithu is not None and cell.pk == self.bithu_cell.pk:
            return self.bithu
        return self.office


def child_cells(parent: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=parent.path,
            depth=parent.depth + 1,
            kind__in=CELL_KINDS,
            active_to__isnull=True,
        ).order_by("path")
    )


def all_cells(root: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=root.path, kind__in=CELL_KINDS, active_to__isnull=True
        ).order_by("path")
    )


def roll(units: QuerySet[Organization], day: date) -> list[Any]:
    """Members on the roll of `units` at the end of `day`, not exempt, in name order; each
    carries `status_on` and `unit_on` (members.queries.members_as_of)."""
    rows = members_as_of(units, day).exclude(**{"status_on": MemberStatus.EXEMPT})  # annotation
    return list(rows.only(*ROLL_FIELDS).order_by("name_sort", "id"))


def cell_roll(cell: Organization, day: date) -> list[Any]:
    return roll(Organization.objects.filter(pk=cell.pk), day)


def officials(cell: Organization, day: date) -> list[Member]:
    return [m for m in cell_roll(cell, day) if m.status_on == MemberStatus.OFFICIAL]


def load_context(rng: random.Random, all_units: bool, root_code: str) -> Context | None:
    """The bithu's cell and commune, the office login; None when the demo has no such cell."""
    office = User.objects.filter(username="vanphong").first()
    grant = (
        Grant.objects.filter(user__username="bithu", role=Role.SECRETARY, valid_to__isnull=True)
        .select_related("organization", "user")
        .first()
    )
    root = Organization.objects.filter(code=root_code, depth=1).first()
    if office is None or grant is None or root is None:
        return None
    cell = grant.organization
    commune = Organization.objects.get_parent(cell)
    if commune is None:
        return None
    front = Organization.objects.filter(code=f"{root_code}.MTTQ", active_to__isnull=True).first()
    ctx = Context(rng, office, grant.user, cell, commune, front)
    ctx.meeting_cells = all_cells(root) if all_units else child_cells(commune)
    return ctx
