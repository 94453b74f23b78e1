"""The units that hold the roll, what kind of cell each one is, and how many records it gets.

Members sit only in chi bộ (`OrgKind.CELL`, `OrgKind.GRASSROOTS_CELL`; the cells of a đảng bộ
cơ sở are CELLs), never in the committees above them (orgs.models.CELL_KINDS).
Each cell gets a category from its name ("Chi bộ ấp …" is a rural hamlet, "Chi bộ Trường …" a
school …) and a number of records drawn from the category's realistic range. The ranges of
the residential cells (hamlets, urban quarters) are then scaled together so that the province
reaches the size's target (`Shape.members`): agencies do not grow with a province, villages do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from dangbo.orgs.models import CELL_KINDS, Organization


@dataclass(frozen=True)
class Category:
    key: str
    sizes: tuple[int, int]  # records in one cell, before scaling residential cells
    residential: bool  # members of all ages who live there (else people who work there)
    female: float  # share of women


HAMLET = Category("hamlet", (15, 60), True, 0.35)
QUARTER = Category("quarter", (15, 60), True, 0.40)
COMMUNE_OFFICE = Category("commune_office", (10, 35), False, 0.38)
POLICE = Category("police", (8, 25), False, 0.12)
MILITARY = Category("military", (5, 15), False, 0.05)
SCHOOL = Category("school", (8, 30), False, 0.70)
HEALTH = Category("health", (5, 20), False, 0.60)
AGENCY = Category("agency", (5, 30), False, 0.40)

# First match on the cell's name wins; anything else is an agency cell.
_BY_NAME: tuple[tuple[str, Category], ...] = (
    ("Chi bộ ấp ", HAMLET),
    ("Chi bộ khóm ", QUARTER),
    ("Chi bộ Cơ quan Đảng ủy", COMMUNE_OFFICE),
    ("Chi bộ Cơ quan Ủy ban nhân dân", COMMUNE_OFFICE),
    ("Chi bộ Công an", POLICE),
    ("Chi bộ Quân sự", MILITARY),
    ("Chi bộ Trường", SCHOOL),
    ("Chi bộ Trạm Y tế", HEALTH),
    ("Chi bộ Khoa ", HEALTH),
)

_MIN_CELL = 5  # a chi bộ needs 3 official members (Điều lệ Art. 21); keep a margin


def category_of(name: str) -> Category:
    for prefix, category in _BY_NAME:
        if name.startswith(prefix):
            return category
    return AGENCY


@dataclass
class Cell:
    """A chi bộ about to receive its records, with what the generator needs to know of it."""

    id: int
    name: str
    code: str
    active_from: date
    category: Category
    commune: str  # "xã Đầm Dơi", or "" for the province's own agencies
    parent_name: str  # the committee it belongs to, for "nơi vào Đảng"
    seats: list[tuple[str, str, int | None]] = field(default_factory=list)  # role, name, user
    size: int = 0

    @property
    def place(self) -> str:
        """Where its residential members live: "ấp Tân Hòa, xã Đầm Dơi"."""
        local = self.name.removeprefix("Chi bộ ").strip()
        return f"{local}, {self.commune}" if self.commune else local


def _commune_words(name: str) -> str:
    """ "Đảng bộ xã Đầm Dơi" → "xã Đầm Dơi"; other committees give ""."""
    for word in ("xã ", "phường ", "đặc khu "):
        if name.startswith(f"Đảng bộ {word}"):
            return name.removeprefix("Đảng bộ ")
    return ""


def province_cells(root: Organization, today: date) -> tuple[list[Cell], list[str]]:
    """The active cells under `root` in tree order, and the names of its communes ("xã …",
    "phường …"), read in one query."""
    rows = list(
        Organization.objects.filter(path__startswith=root.path)
        .order_by("path")
        .values_list("id", "path", "kind", "name", "code", "active_from", "active_to")
    )
    step = Organization.steplen
    names = {row[1]: row[3] for row in rows}
    cells, communes = [], []
    for pk, path, kind, name, code, active_from, active_to in rows:
        if active_to is not None:
            continue
        if len(path) == 2 * step:
            commune = _commune_words(name)
            if commune:
                communes.append(commune)
        if kind not in CELL_KINDS or active_from > today:
            continue
        # The commune is the level-2 ancestor (the tree has no district level since 2025).
        commune = _commune_words(names.get(path[: 2 * step], ""))
        parent = names.get(path[:-step], "")
        cells.append(Cell(pk, name, code, active_from, category_of(name), commune, parent))
    return cells, communes


def plan_sizes(rng: random.Random, cells: list[Cell], target: int) -> None:
    """Set `cell.size` for every cell so that the total is close to `target`."""
    if not cells:
        return
    fixed = sum(sum(c.category.sizes) / 2 for c in cells if not c.category.residential)
    residential = sum(sum(c.category.sizes) / 2 for c in cells if c.category.residential)
    scale = (target - fixed) / residential if residential else 1.0
    scale = min(3.0, max(0.3, scale))
    for cell in cells:
        low, high = cell.category.sizes
        if cell.category.residential:
            low, high = round(low * scale), round(high * scale)
        # Triangular: most cells near the middle of the range, a few small or large ones.
        size = round(rng.triangular(low, high))
        cell.size = max(size, _MIN_CELL, len(cell.seats) + 3)
