"""The columns a user may show on the roll and export: which fields each reads, its Vietnamese
header, and its value. The page and the spreadsheet take the same definitions, so an export
is the list the user sees, with every row instead of one page.

Rows are read with .values() (one query, joins for the unit and ethnicity), never as model
instances: a page costs one query whatever the columns, and an export can iterate 150,000
rows in chunks. Personal columns (CCCD, phone) are offered only to users with Action.PERSONAL
somewhere, and filled only on rows of units where they have it (the `personal_ok` annotation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, QuerySet, Value, When

from dangbo.access.policy import Action, allows
from dangbo.access.scoping import roles_of, scope_q
from dangbo.core.formats import format_date
from dangbo.core.xlsx import CellKind, SheetColumn
from dangbo.members.models import LEFT, EducationLevel, Member, MemberStatus, Sex, TheoryLevel
from dangbo.members.regulations import age_in_months

Row = dict[str, Any]
PERSONAL_FLAG = "personal_ok"
_SEX = dict(Sex.choices)
_STATUS = dict(MemberStatus.choices)
_THEORY = dict(TheoryLevel.choices)
_EDUCATION = dict(EducationLevel.choices)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    fields: tuple[str, ...]
    value: Callable[[Row, date], Any]
    kind: CellKind = CellKind.TEXT
    width: float = 16
    personal: bool = False
    css: str = ""  # class of the page's cells

    @property
    def sheet(self) -> SheetColumn:
        return SheetColumn(self.header, self.kind, self.width)


def _field(name: str) -> Callable[[Row, date], Any]:
    return lambda row, _day: row[name] or None


def _label(name: str, labels: dict[str, str]) -> Callable[[Row, date], Any]:
    return lambda row, _day: labels.get(row[name], row[name]) or None


def party_age_years(row: Row, day: date) -> int | None:
    """Whole years of party age on `day`, from the admission decision (the ceremony when the
    decision date is missing), for official members still counted; the same thresholds as the
    party-age filter (members.filters.party_age_between)."""
    origin = row["decision_date"] or row["admitted_on"]
    official = row["official_on"]
    if origin is None or official is None or official > day or row["status"] in LEFT:
        return None
    return max(0, age_in_months(origin, day)) // 12


def _education(row: Row, _day: date) -> str | None:
    parts = [
        _EDUCATION.get(row["education_level"], "") if row["education_level"] else "",
        row["specialty"],
    ]
    return ", ".join(p for p in parts if p) or None


def _positions(row: Row, _day: date) -> str | None:
    parts = (row["party_position"], row["government_position"], row["mass_org_position"])
    return "; ".join(p for p in parts if p) or None


NAME = Column(
    "full_name", "Họ và tên", ("full_name",), _field("full_name"), width=28, css="col-name"
)
# Every optional column, in the order they appear.
COLUMNS: tuple[Column, ...] = (
    Column(
        "birth_date",
        "Ngày sinh",
        ("birth_date",),
        _field("birth_date"),
        CellKind.DATE,
        12,
        css="text-nowrap",
    ),
    Column("sex", "Giới tính", ("sex",), _label("sex", _SEX), width=9),
    Column("ethnicity", "Dân tộc", ("ethnicity__name",), _field("ethnicity__name"), width=12),
    Column(
        "unit",
        "Chi bộ",
        ("organization__name",),
        _field("organization__name"),
        width=30,
        css="col-unit small",
    ),
    Column("status", "Trạng thái", ("status",), _label("status", _STATUS), width=14),
    Column(
        "admitted_on",
        "Ngày vào Đảng",
        ("admitted_on",),
        _field("admitted_on"),
        CellKind.DATE,
        13,
        css="text-nowrap",
    ),
    Column(
        "official_on",
        "Ngày chính thức",
        ("official_on",),
        _field("official_on"),
        CellKind.DATE,
        13,
        css="text-nowrap",
    ),
    Column(
        "party_age",
        "Tuổi đảng (năm)",
        ("decision_date", "admitted_on", "official_on", "status"),
        party_age_years,
        CellKind.NUMBER,
        10,
        css="text-end",
    ),
    Column(
        "card_number",
        "Số thẻ đảng viên",
        ("card_number",),
        _field("card_number"),
        CellKind.CODE,
        14,
        css="text-nowrap",
    ),
    Column(
        "theory_level",
        "Lý luận chính trị",
        ("theory_level",),
        _label("theory_level", _THEORY),
        width=16,
    ),
    Column(
        "education",
        "Chuyên môn",
        ("education_level", "specialty"),
        _education,
        width=24,
        css="col-wide",
    ),
    Column(
        "position",
        "Chức vụ",
        ("party_position", "government_position", "mass_org_position"),
        _positions,
        width=30,
        css="col-wide",
    ),
    Column(
        "national_id",
        "Số CCCD",
        ("national_id",),
        _field("national_id"),
        CellKind.CODE,
        15,
        personal=True,
        css="text-nowrap",
    ),
    Column(
        "phone",
        "Điện thoại",
        ("phone",),
        _field("phone"),
        CellKind.CODE,
        13,
        personal=True,
        css="text-nowrap",
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
# What the roll showed before columns could be chosen, and what a new user sees.
DEFAULT_KEYS: tuple[str, ...] = (
    "birth_date",
    "sex",
    "unit",
    "admitted_on",
    "official_on",
    "status",
    "card_number",
)


def may_choose_personal(user: Any) -> bool:
    """Whether the user holds Action.PERSONAL anywhere (from the cached grants, no query)."""
    return any(allows(role, Action.PERSONAL) for role in roles_of(user))


def available(user: Any) -> list[Column]:
    personal = may_choose_personal(user)
    return [c for c in COLUMNS if personal or not c.personal]


def chosen(user: Any, keys: Iterable[str] | None) -> list[Column]:
    """The columns to show for `keys` (a stored choice; None: the default), in their fixed
    order, without unknown ones or ones the user may not have (rights change; a stored
    choice is not trusted)."""
    wanted = set(DEFAULT_KEYS if keys is None else keys)
    return [c for c in available(user) if c.key in wanted]


def row_values(
    members: QuerySet[Member], columns: Sequence[Column], user: Any
) -> QuerySet[Member, Row]:
    """`members` as dicts with the fields `columns` need (and pk, name), plus whether the
    user may read the row's personal fields."""
    fields = {"pk", *NAME.fields}
    for column in columns:
        fields.update(column.fields)
    if any(c.personal for c in columns):
        allowed = scope_q(user, Member, Action.PERSONAL)
        flag = (
            Case(When(allowed, then=Value(True)), default=Value(False), output_field=BooleanField())
            if allowed is not None
            else Value(False, output_field=BooleanField())
        )
        members = members.annotate(**{PERSONAL_FLAG: flag})
        fields.add(PERSONAL_FLAG)
    return members.values(*sorted(fields))


def cell_values(row: Row, columns: Sequence[Column], day: date) -> list[Any]:
    """The typed values (dates, numbers, text) of `columns` for one row; personal ones only
    where the user may read them."""
    return [
        None if column.personal and not row.get(PERSONAL_FLAG) else column.value(row, day)
        for column in columns
    ]


def display(value: Any) -> str:
    """A typed value as the page shows it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(value)
