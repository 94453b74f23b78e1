"""The member roll of the demo: every chi bộ of a province gets realistic records (people,
`people`), each with a full history (`careers`), written in bulk (`writer`).

Sponsors are official members of the same cell (`sponsors`). The chi ủy seat holders of each
cell are members of it, with their post, and the demo logins that are party members are linked
to their record (Member.user): `dangvien` in the cell it has its self-service grant on, `bithu`
as the secretary of that cell, `capuy`, `vanphong` and `kiemtra` in the cells of their
provincial agencies.

Randomness comes only from the `random.Random` passed in, consumed in tree order; dates are
counted back from `today`, so the same seed on the same day gives the same roll.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.utils import timezone

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.core.clock import today as local_today
from dangbo.demo.roll.careers import Careers
from dangbo.demo.roll.cells import Cell, plan_sizes, province_cells
from dangbo.demo.roll.people import NationalIds, Province
from dangbo.demo.roll.plans import Ids, MemberPlan, Rules, Special, seat_special
from dangbo.demo.roll.sponsors import add_sponsors
from dangbo.demo.roll.writer import RollStats, RollWriter, next_ids
from dangbo.members.models import Ethnicity, Religion
from dangbo.orgs.models import CELL_KINDS, CommitteeSeat, Organization

__all__ = ["NationalIds", "RollStats", "seed_roll"]

# Demo logins with a record of their own outside a cell committee: (cell name, party post).
LOGIN_CELLS = {
    "capuy": ("Chi bộ Văn phòng Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    "vanphong": ("Chi bộ Ban Tổ chức Tỉnh ủy", ""),
    "kiemtra": ("Chi bộ Ủy ban Kiểm tra Tỉnh ủy", ""),
}


def seed_roll(
    *,
    rng: random.Random,
    root: Organization,
    members_per_cell: float,
    users: dict[str, User] | None = None,
    log: Callable[[str], None] = lambda _: None,
    batch_size: int = 10_000,
    today: date | None = None,
    national_ids: NationalIds | None = None,
) -> RollStats:
    """Plan and write the roll of the province `root` (call inside a transaction). Provinces
    of one seed share `national_ids`, so CCCD numbers stay unique across them."""
    rules = Rules(local_today() if today is None else today)
    cells, communes = province_cells(root, rules.today)
    specials = _specials(root, cells, users or {})
    plan_sizes(rng, cells, round(members_per_cell * len(cells)))
    province = Province(
        code=root.code,
        name=root.name.removeprefix("Đảng bộ "),
        communes=communes,
        ethnicity_ids=dict(Ethnicity.objects.values_list("code", "id")),
        religion_ids=dict(Religion.objects.values_list("code", "id")),
        ids=national_ids or NationalIds(),
    )
    last_member, last_event, last_transfer = next_ids()
    careers = Careers(
        rng=rng,
        rules=rules,
        province=province,
        cells=cells,
        ids=Ids(last_member, last_transfer),
    )
    writer = RollWriter(
        probation_end=rules.probation_end,
        today=rules.today,
        recorded_at=timezone.now(),
        last_event_id=last_event,
        batch_size=batch_size,
    )
    step = max(1, len(cells) // 10)
    for index, cell in enumerate(cells, start=1):
        wanted = specials.get(cell.id, [])
        plans: list[MemberPlan] = [careers.plan(cell, special) for special in wanted]
        plans += [careers.plan(cell) for _ in range(cell.size - len(plans))]
        for plan in plans:
            writer.replay(plan)
        add_sponsors(rng, plans)
        for plan in plans:
            writer.add(plan)
        if index % step == 0 and len(cells) >= 100:
            log(f"  … đảng viên: {index}/{len(cells)} chi bộ")
    return writer.close(root)


def _specials(
    root: Organization, cells: list[Cell], users: dict[str, User]
) -> dict[int, list[Special]]:
    """Seat holders of each cell's committee, and the demo logins, by cell id."""
    by_cell: dict[int, list[Special]] = {}
    known = {cell.id for cell in cells}
    seats = (
        CommitteeSeat.objects.filter(
            committee__organization__path__startswith=root.path,
            committee__organization__kind__in=CELL_KINDS,
            ended_on__isnull=True,
        )
        .order_by("committee__organization__path", "id")
        .values_list("committee__organization_id", "role", "holder_name", "user_id")
    )
    linked: set[int] = set()
    names: dict[int, set[str]] = {}
    for org_id, role, name, user_id in seats:
        if org_id not in known or name in names.setdefault(org_id, set()):
            continue
        names[org_id].add(name)
        holder: int | None = user_id if user_id not in linked else None
        if holder is not None:
            linked.add(holder)
        by_cell.setdefault(org_id, []).append(seat_special(role, name, holder))
    by_name = {cell.name: cell.id for cell in cells}
    member = users.get("dangvien")
    if member is not None and member.pk not in linked:
        grants = Grant.objects.filter(user=member, role=Role.MEMBER).order_by("pk")
        units = grants.values_list("organization_id", flat=True)
        grant = next((unit for unit in units if unit in known), None)
        if grant is not None:
            linked.add(member.pk)
            by_cell.setdefault(grant, []).append(
                Special(member.full_name, user_id=member.pk, ages=(28, 50))
            )
    for username, (cell_name, post) in LOGIN_CELLS.items():
        user = users.get(username)
        if user is None or user.pk in linked or cell_name not in by_name:
            continue
        linked.add(user.pk)
        by_cell.setdefault(by_name[cell_name], []).append(
            Special(user.full_name, party_position=post, user_id=user.pk)
        )
    return by_cell
