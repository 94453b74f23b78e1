"""The work behind `seed_demo`: a Cà Mau-shaped tree, its committees and the demo logins.

Everything a person could do by hand goes through the services (`dangbo.orgs.services`,
`dangbo.access.services`): the province, the đảng bộ cấp trên cơ sở, the communes of the
small and province sizes, committees, phụ trách, users and grants. Thousands of cells go
through `dangbo.demo.bulk` (see its docstring for what it guarantees). Randomness comes only
from the `random.Random(seed)` passed in, consumed in a fixed order: the same seed gives the
same codes, names and people.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.demo.bulk import BulkStats, BulkTreeWriter, PlannedUnit, TermPlan
from dangbo.demo.logins import Login, create_logins, grant_logins
from dangbo.demo.names import (
    CA_MAU_COMMUNES,
    FRONT_CELLS,
    KNOWN_COMMUNE_COUNTS,
    NATIONAL_COMMUNES,
    PARTY_AGENCY_CELLS,
    PROVINCES,
    invented_place,
)
from dangbo.demo.plans import (
    CA_MAU_FOUNDED,
    CELL_TERM,
    NEW_STRUCTURE,
    PROVINCE_TERM,
    UPPER_TERM,
    Shape,
    cell_seats,
    commune_cells,
    department_units,
    named_cells,
    seat_plan,
)
from dangbo.demo.roll import NationalIds, RollStats, seed_roll
from dangbo.orgs import services as org_services
from dangbo.orgs.models import CommitteeSeat, Organization, OrgKind, SeatRole
from dangbo.orgs.services import Decision

Log = Callable[[str], None]

DECIDED = date(2025, 6, 27)
NEW_UNIT_NOTE = "Thành lập theo sắp xếp tổ chức bộ máy, không tổ chức cấp huyện (từ 01/07/2025)."


@dataclass
class SeedResult:
    organizations: int = 0
    seats: int = 0
    bulk: BulkStats = field(default_factory=BulkStats)
    roll: RollStats = field(default_factory=RollStats)
    logins: list[Login] = field(default_factory=list)
    totp_secret: str = ""
    totp_url: str = ""


class Seeder:
    def __init__(
        self, *, rng: random.Random, shape: Shape, password: str, log: Log, batch_size: int = 5000
    ) -> None:
        self.rng = rng
        self.shape = shape
        self.password = password
        self.log = log
        self.batch_size = batch_size
        self.result = SeedResult()
        self.users: dict[str, User] = {}
        self.national_ids = NationalIds()
        self._decision_no = 1790

    # --- building blocks ------------------------------------------------------------------

    def decision(self, note: str = NEW_UNIT_NOTE) -> Decision:
        """A Tỉnh ủy decision of 27/06/2025 taking effect on 01/07/2025."""
        self._decision_no += 1
        return Decision(
            effective_on=NEW_STRUCTURE,
            number=f"{self._decision_no}-QĐ/TU",
            decided_on=DECIDED,
            note=note,
        )

    def create(
        self,
        parent: Organization | None,
        kind: str,
        name: str,
        code: str,
        decision: Decision,
        short_name: str = "",
    ) -> Organization:
        self.result.organizations += 1
        return org_services.create_organization(
            actor=None,
            parent=parent,
            kind=kind,
            name=name,
            code=code,
            decision=decision,
            short_name=short_name,
        )

    def create_tree(
        self, parent: Organization, units: Iterable[PlannedUnit], decision: Decision
    ) -> list[Organization]:
        """The service path for a planned subtree: one create_organization per unit."""
        created = []
        for unit in units:
            org = self.create(parent, unit.kind, unit.name, unit.code, decision, unit.short_name)
            if unit.term is not None and unit.seats:
                self.committee(org, unit.term, unit.seats)
            self.create_tree(org, unit.children, decision)
            created.append(org)
        return created

    def bulk_tree(
        self, parent: Organization, units: Iterable[PlannedUnit], decision: Decision
    ) -> None:
        """The bulk path for the same plans (see dangbo.demo.bulk)."""
        with BulkTreeWriter(
            actor=None,
            parent=parent,
            decision=decision,
            batch_size=self.batch_size,
            stats=self.result.bulk,
        ) as writer:
            for unit in units:
                writer.add(unit)

    def committee(
        self,
        org: Organization,
        plan: TermPlan,
        seats: list[tuple[str, str]],
        users: dict[str, User] | None = None,
    ) -> list[CommitteeSeat]:
        """Term, committee and seats through the services; `users` links named seats to logins."""
        term = org_services.create_term(
            actor=None, org=org, name=plan.name, starts_on=plan.starts_on, ends_on=plan.ends_on
        )
        committee = org_services.create_committee(actor=None, term=term)
        created = []
        for role, holder in seats:
            created.append(
                org_services.add_seat(
                    actor=None,
                    committee=committee,
                    holder_name=holder,
                    role=role,
                    started_on=term.starts_on,
                    user=(users or {}).get(holder),
                    decision_number=f"{self.rng.randint(10, 399)}-QĐ/ĐU",
                )
            )
        self.result.seats += len(created)
        return created

    def roll(self, root: Organization) -> None:
        """The member roll of the province `root`, in bulk (dangbo.demo.roll)."""
        stats = seed_roll(
            rng=self.rng,
            root=root,
            members_per_cell=self.shape.members_per_cell,
            users=self.users if root.code == "CM" else None,
            log=self.log,
            national_ids=self.national_ids,
        )
        self.result.roll.add(stats)

    def assign(self, seats: list[CommitteeSeat], units: list[Organization]) -> None:
        """Phụ trách: each unit is followed by a member of the province's standing committee."""
        followers = [s for s in seats if s.role in (SeatRole.DEPUTY_SECRETARY, SeatRole.STANDING)]
        for index, unit in enumerate(units):
            seat = followers[index % len(followers)]
            org_services.assign_unit(actor=None, seat=seat, unit=unit, started_on=seat.started_on)

    # --- one province ---------------------------------------------------------------------

    def province_root(
        self, code: str, word: str, name: str
    ) -> tuple[Organization, list[CommitteeSeat]]:
        founded = CA_MAU_FOUNDED if code == "CM" else NEW_STRUCTURE
        note = (
            "Tái lập tỉnh Cà Mau (chia tỉnh Minh Hải)."
            if code == "CM"
            else "Thành lập theo Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh."
        )
        root = self.create(
            None,
            OrgKind.PROVINCE,
            f"Đảng bộ {word} {name}",
            code,
            Decision(effective_on=founded, note=note),
            short_name=f"{'Tỉnh' if word == 'tỉnh' else 'Thành'} ủy {name}",
        )
        if code == "CM":
            self.users = create_logins(rng=self.rng, password=self.password, root=root)
        capuy = self.users.get("capuy") if code == "CM" else None
        taken = {capuy.full_name} if capuy else set()
        seats = seat_plan(self.rng, self.shape.province_seats, taken)
        if capuy is not None:
            # The committee login holds a real seat: an Ủy viên Ban Thường vụ.
            standing = next(i for i, (role, _) in enumerate(seats) if role == SeatRole.STANDING)
            seats[standing] = (SeatRole.STANDING, capuy.full_name)
        created = self.committee(
            root, PROVINCE_TERM, seats, {capuy.full_name: capuy} if capuy else None
        )
        return root, created

    def agencies(
        self, root: Organization, code: str, word: str, name: str, bulk: bool
    ) -> tuple[Organization, list[Organization]]:
        """Đảng bộ Ủy ban MTTQ, Đảng bộ các cơ quan Đảng and (bigger sizes) Đảng bộ UBND."""
        shape, cells_bulk = self.shape, bulk and self.shape.cell_committees
        front = self.create(
            root,
            OrgKind.UPPER,
            f"Đảng bộ Ủy ban MTTQ {word}",
            f"{code}.MTTQ",
            self.decision(),
            short_name=f"Đảng bộ MTTQ {word}",
        )
        party = self.create(
            root,
            OrgKind.UPPER,
            f"Đảng bộ các cơ quan Đảng {word}",
            f"{code}.CQD",
            self.decision(),
            short_name="Đảng bộ CCQ Đảng",
        )
        uppers = [front, party]
        front_cells = [c.replace("tỉnh", word) for c in FRONT_CELLS]
        party_cells = [c.replace("Cà Mau", name).replace("tỉnh", word) for c in PARTY_AGENCY_CELLS]
        plans = [
            (
                front,
                named_cells(
                    self.rng,
                    front.code,
                    tuple(front_cells),
                    shape.front_cells,
                    OrgKind.GRASSROOTS_CELL,
                    cells_bulk or not bulk,
                ),
            ),
            (
                party,
                named_cells(
                    self.rng,
                    party.code,
                    tuple(party_cells),
                    shape.party_cells,
                    OrgKind.GRASSROOTS_CELL,
                    cells_bulk or not bulk,
                ),
            ),
        ]
        if shape.departments:
            government = self.create(
                root,
                OrgKind.UPPER,
                f"Đảng bộ Ủy ban nhân dân {word}",
                f"{code}.UBND",
                self.decision(),
                short_name=f"Đảng bộ UBND {word}",
            )
            uppers.append(government)
            plans.append(
                (government, department_units(self.rng, government.code, cells_bulk or not bulk))
            )
        for upper in uppers:
            self.committee(upper, UPPER_TERM, seat_plan(self.rng, shape.upper_seats))
        for upper, units in plans:
            decision = self.decision("Thành lập chi bộ, đảng bộ cơ sở trực thuộc.")
            if bulk:
                self.bulk_tree(upper, units, decision)
            else:
                self.create_tree(upper, units, decision)
        return front, uppers

    def commune_names(self, code: str, count: int | None) -> list[tuple[str, str]]:
        if code == "CM":
            names = list(CA_MAU_COMMUNES)
            return names if count is None else names[:count]
        taken: set[str] = set()
        total = count if count is not None else 0
        return [
            ("phường" if self.rng.random() < 0.207 else "xã", invented_place(self.rng, taken))
            for _ in range(total)
        ]

    def commune_plan(
        self, code: str, word: str, name: str, index: int, committees: bool
    ) -> PlannedUnit:
        lo, hi = self.shape.cells_per_commune
        commune_code = f"{code}.{'P' if word == 'phường' else 'X'}{index:03d}"
        unit = PlannedUnit(kind=OrgKind.UPPER, name=f"Đảng bộ {word} {name}", code=commune_code)
        unit.children = commune_cells(
            self.rng,
            commune_code,
            word,
            name,
            self.rng.randint(lo, hi),
            committees and self.shape.cell_committees,
        )
        return unit

    def bithu_cell_plan(self, commune: PlannedUnit) -> PlannedUnit:
        """The demo secretary's cell: its committee is made by the services, to link the login."""
        cell = commune.children[0]
        cell.term, cell.seats = None, []
        return cell

    def link_bithu(self, cell: Organization) -> None:
        bithu = self.users["bithu"]
        seats = cell_seats(self.rng)
        seats[0] = (SeatRole.SECRETARY, bithu.full_name)
        self.committee(cell, CELL_TERM, seats, {bithu.full_name: bithu})

    def finish_logins(self, root: Organization, front: Organization, cell: Organization) -> None:
        units: dict[str, Organization] = {
            Role.ADMIN: root,
            Role.OFFICE: root,
            Role.COMMITTEE: root,
            Role.INSPECTION: root,
            Role.VIEWER: front,
            Role.SECRETARY: cell,
            Role.MEMBER: cell,
        }
        self.result.logins, self.result.totp_secret, self.result.totp_url = grant_logins(
            users=self.users, units=units, password=self.password
        )


def national_commune_counts(rng: random.Random) -> dict[str, int]:
    """3,321 communes over 34 provinces: the known counts, the rest spread by random weights."""
    others = [code for code, _, _ in PROVINCES if code not in KNOWN_COMMUNE_COUNTS]
    remaining = NATIONAL_COMMUNES - sum(KNOWN_COMMUNE_COUNTS.values())
    weights = [rng.uniform(0.6, 1.4) for _ in others]
    counts = {
        code: round(remaining * w / sum(weights)) for code, w in zip(others, weights, strict=True)
    }
    counts[others[-1]] += remaining - sum(counts.values())
    return {**KNOWN_COMMUNE_COUNTS, **counts}
