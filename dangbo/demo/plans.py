"""What the demo tree looks like: dates, terms, committee sizes and the planned subtrees.

Counts of TCCS and chi bộ after the 2025 restructuring are not published (regulations.md §8),
so the sizes are parameters (`Shape`), set so that `province` gives about 3,000 units and
`national` about 322,000 (3,321 communes of 34 provinces).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from dangbo.demo.bulk import PlannedUnit, TermPlan
from dangbo.demo.names import DEPARTMENT_CELLS, DEPARTMENTS, HAMLET_NAMES, person_name
from dangbo.orgs.models import OrgKind, SeatRole

# The 2025 restructuring: the new commune and agency đảng bộ start on 01/07/2025.
NEW_STRUCTURE = date(2025, 7, 1)
# Tỉnh Cà Mau was re-established on 01/01/1997 (Minh Hải split into Cà Mau and Bạc Liêu).
CA_MAU_FOUNDED = date(1997, 1, 1)
# The small demo's pre-2025 units (district level and old wards) start here.
OLD_STRUCTURE = date(2015, 1, 1)

# Terms 2025–2030, from each level's congress.
PROVINCE_TERM = TermPlan("2025–2030", date(2025, 10, 1), date(2030, 9, 30))
UPPER_TERM = TermPlan("2025–2030", date(2025, 8, 1), date(2030, 7, 31))
CELL_TERM = TermPlan("2025–2030", date(2025, 7, 15), date(2030, 7, 14))


@dataclass(frozen=True)
class Shape:
    """How big one province is. `communes=None` takes every name in the list."""

    communes: int | None
    cells_per_commune: tuple[int, int]
    front_cells: int
    party_cells: int
    departments: bool
    province_seats: tuple[int, int, int, int]  # Bí thư, Phó Bí thư, Ủy viên BTV, Ủy viên
    upper_seats: tuple[int, int, int, int]
    # Member records per cell on average (dangbo.demo.roll.cells spreads them by cell kind).
    members_per_cell: float
    cell_committees: bool = True


SMALL = Shape(
    communes=3,
    cells_per_commune=(3, 3),
    front_cells=5,
    party_cells=5,
    departments=False,
    province_seats=(1, 2, 4, 8),
    upper_seats=(1, 1, 2, 3),
    members_per_cell=27.3,  # 22 cells: ≈ 600 members
)
PROVINCE = Shape(
    communes=None,
    cells_per_commune=(34, 54),
    front_cells=12,
    party_cells=14,
    departments=True,
    province_seats=(1, 3, 12, 34),
    upper_seats=(1, 2, 3, 7),
    members_per_cell=51.0,  # ≈ 2,940 cells: ≈ 150,000 members
)
# 3,321 communes × ~94 units ≈ 312,000, plus about 270 agency units per province.
NATIONAL = Shape(
    communes=None,
    cells_per_commune=(72, 118),
    front_cells=12,
    party_cells=14,
    departments=True,
    province_seats=(1, 3, 12, 34),
    upper_seats=(1, 2, 3, 7),
    members_per_cell=17.7,  # ≈ 316,000 cells: ≈ 5.6 million members
)


def seat_plan(
    rng: random.Random, counts: tuple[int, int, int, int], taken: set[str] | None = None
) -> list[tuple[str, str]]:
    """(role, invented name) for a committee of the given size, names all different."""
    roles = (SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.STANDING, SeatRole.MEMBER)
    seen = set() if taken is None else taken
    seats: list[tuple[str, str]] = []
    for role, count in zip(roles, counts, strict=True):
        for _ in range(count):
            name = person_name(rng)
            while name in seen:
                name = person_name(rng)
            seen.add(name)
            seats.append((str(role), name))
    return seats


def cell_seats(rng: random.Random) -> list[tuple[str, str]]:
    """A chi ủy: Bí thư and Phó Bí thư, and an Ủy viên in larger cells."""
    return seat_plan(rng, (1, 1, 0, 1 if rng.random() < 0.4 else 0))


def commune_cells(
    rng: random.Random, code: str, word: str, name: str, count: int, committees: bool
) -> list[PlannedUnit]:
    """The cells of one commune or ward: hamlets (ấp) or quarters (khóm), the commune's own
    agencies, and a few grassroots cells of schools and the health station."""
    place = f"{word} {name}"
    fixed: list[tuple[str, str]] = [
        (OrgKind.CELL, f"Chi bộ Cơ quan Đảng ủy - MTTQ {place}"),
        (OrgKind.CELL, f"Chi bộ Cơ quan Ủy ban nhân dân {place}"),
        (OrgKind.CELL, f"Chi bộ Công an {place}"),
        (OrgKind.CELL, f"Chi bộ Quân sự {place}"),
        (OrgKind.GRASSROOTS_CELL, f"Chi bộ Trạm Y tế {place}"),
        (OrgKind.GRASSROOTS_CELL, f"Chi bộ Trường THCS {name}"),
        (OrgKind.GRASSROOTS_CELL, f"Chi bộ Trường Tiểu học {name}"),
    ]
    if rng.random() < 0.6:
        fixed.append((OrgKind.GRASSROOTS_CELL, f"Chi bộ Trường Mầm non {name}"))
    if rng.random() < 0.3:
        fixed.append((OrgKind.GRASSROOTS_CELL, f"Chi bộ Trường THPT {name}"))
    fixed = fixed[:count]
    local: list[tuple[str, str]] = []
    wanted = count - len(fixed)
    if word == "phường":
        local = [(OrgKind.CELL, f"Chi bộ khóm {i}") for i in range(1, wanted + 1)]
    else:
        share = rng.randint(wanted // 2, wanted)
        named = rng.sample(HAMLET_NAMES, min(share, len(HAMLET_NAMES)))
        numbered = wanted - len(named)
        local = [(OrgKind.CELL, f"Chi bộ ấp {n}") for n in named]
        local += [(OrgKind.CELL, f"Chi bộ ấp {i}") for i in range(1, numbered + 1)]
    units = []
    for index, (kind, cell_name) in enumerate(local + fixed, start=1):
        unit = PlannedUnit(kind=kind, name=cell_name, code=f"{code}.{index:03d}")
        if committees:
            unit.term, unit.seats = CELL_TERM, cell_seats(rng)
        units.append(unit)
    return units


def named_cells(
    rng: random.Random, code: str, names: tuple[str, ...], count: int, kind: str, committees: bool
) -> list[PlannedUnit]:
    units = []
    for index, name in enumerate(names[:count], start=1):
        unit = PlannedUnit(kind=kind, name=name, code=f"{code}.{index:02d}")
        if committees:
            unit.term, unit.seats = CELL_TERM, cell_seats(rng)
        units.append(unit)
    return units


def department_units(rng: random.Random, code: str, committees: bool) -> list[PlannedUnit]:
    """Provincial departments under Đảng bộ Ủy ban nhân dân tỉnh: the big ones are đảng bộ cơ
    sở with their own cells, the others chi bộ cơ sở."""
    units = []
    for index, (name, cells) in enumerate(DEPARTMENTS, start=1):
        dept_code = f"{code}.{index:02d}"
        if cells:
            unit = PlannedUnit(
                kind=OrgKind.GRASSROOTS_COMMITTEE, name=f"Đảng bộ {name}", code=dept_code
            )
            unit.children = [
                PlannedUnit(kind=OrgKind.CELL, name=f"Chi bộ {cell}", code=f"{dept_code}.{i:02d}")
                for i, cell in enumerate(DEPARTMENT_CELLS[:cells], start=1)
            ]
            if committees:
                unit.term, unit.seats = UPPER_TERM, seat_plan(rng, (1, 1, 1, 4))
                for child in unit.children:
                    child.term, child.seats = CELL_TERM, cell_seats(rng)
        else:
            unit = PlannedUnit(kind=OrgKind.GRASSROOTS_CELL, name=f"Chi bộ {name}", code=dept_code)
            if committees:
                unit.term, unit.seats = CELL_TERM, cell_seats(rng)
        units.append(unit)
    return units
