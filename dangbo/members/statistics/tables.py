"""The standard statistics tables of the member roll (issue 4 §5): what each table counts, in
which columns, under which Vietnamese headings, and the shapes the result comes in.

Every count has a key "<table>.<column>" (e.g. "sex.female"); members.statistics.counting
fills a {key: count} dict per child unit in SQL, and `build_table` lays the dicts out as rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dangbo.members.bands import AGE_BANDS, PARTY_AGE_BANDS
from dangbo.members.models import EducationLevel, MemberStatus, Sex, TheoryLevel

TOTAL = "total"
UNKNOWN = "unknown"
OTHER = "other"
NO_PARTY_AGE = "none"

# Tuổi đảng bands come from members.bands (shared with the roll's filter); a member never yet
# official counts under NO_PARTY_AGE.

# Ethnic groups and religions are many: the most frequent in the unit get a column each, the
# rest share "khác".
TOP_CATALOG_COLUMNS = 5


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    label: str
    # The unit the row counts (None for the total row); `own` when the row counts the members
    # held by the chosen unit itself rather than by one of its child units.
    organization_id: int | None
    values: tuple[int, ...]
    own: bool = False

    def as_dict(self, columns: Sequence[Column]) -> dict[str, int]:
        return {c.key: v for c, v in zip(columns, self.values, strict=True)}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row
    period: bool = False  # counts events of the period rather than the roll on the day


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Statistics:
    organization_id: int
    unit_name: str
    as_of: date
    period: Period
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    columns: tuple[Column, ...]
    period: bool = False


def _choices(choices: Sequence[tuple[str, str]]) -> tuple[Column, ...]:
    return tuple(Column(value, str(label)) for value, label in choices)


_TOTAL_COLUMN = Column(TOTAL, "Tổng số")
_ON_ROLL_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)

# Tables whose columns never change. Ethnicity and religion columns depend on the data.
FIXED_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "status",
        "Đảng viên theo trạng thái",
        (_TOTAL_COLUMN, *_choices([(s.value, s.label) for s in _ON_ROLL_STATUSES])),
    ),
    TableSpec("sex", "Đảng viên theo giới tính", (_TOTAL_COLUMN, *_choices(Sex.choices))),
    TableSpec(
        "age",
        "Đảng viên theo độ tuổi",
        (_TOTAL_COLUMN, *(Column(key, label) for key, label, _, _ in AGE_BANDS)),
    ),
    TableSpec(
        "education",
        "Đảng viên theo trình độ chuyên môn",
        (_TOTAL_COLUMN, *_choices(EducationLevel.choices), Column(UNKNOWN, "Chưa rõ")),
    ),
    TableSpec(
        "theory",
        "Đảng viên theo trình độ lý luận chính trị",
        (_TOTAL_COLUMN, *_choices(TheoryLevel.choices)),
    ),
    TableSpec(
        "party_age",
        "Đảng viên theo tuổi đảng",
        (
            _TOTAL_COLUMN,
            *(Column(key, label) for key, label, _, _ in PARTY_AGE_BANDS),
            Column(NO_PARTY_AGE, "Dự bị, chưa tính tuổi đảng"),
        ),
    ),
)
CATALOG_TABLES: tuple[tuple[str, str, str, str], ...] = (
    # (key, title, label of "the rest", field on Member)
    ("ethnicity", "Đảng viên theo dân tộc", "Dân tộc khác", "ethnicity"),
    ("religion", "Đảng viên theo tôn giáo", "Tôn giáo khác", "religion"),
)
PERIOD_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "admitted",
        "Kết nạp, công nhận chính thức trong kỳ",
        (Column("admitted", "Kết nạp"), Column("confirmed", "Công nhận chính thức")),
        period=True,
    ),
    TableSpec(
        "leaving",
        "Đảng viên ra khỏi danh sách trong kỳ",
        (
            _TOTAL_COLUMN,
            Column("removed", "Xóa tên"),
            Column("expelled", "Khai trừ"),
            Column("died", "Từ trần"),
            Column("transferred_out", "Chuyển sinh hoạt ra ngoài hệ thống"),
        ),
        period=True,
    ),
)
# The order tables are shown and exported in.
TABLE_ORDER = (
    "status",
    "sex",
    "age",
    "ethnicity",
    "religion",
    "education",
    "theory",
    "party_age",
    "admitted",
    "leaving",
)


@dataclass(frozen=True)
class RowSource:
    """One row to lay out: its label and unit, and the prefix its counts are filed under."""

    label: str
    organization_id: int
    prefix: str
    own: bool = False


def build_table(
    spec: TableSpec, sources: Sequence[RowSource], counts: Mapping[str, Mapping[str, int]]
) -> Table:
    """Rows of `spec` from the counts per prefix ({prefix: {"<table>.<column>": n}}). A
    "total" column of a period table is the sum of its other columns."""

    def values(found: Mapping[str, int]) -> tuple[int, ...]:
        cells = [found.get(f"{spec.key}.{c.key}", 0) for c in spec.columns]
        if spec.period and spec.columns[0].key == TOTAL:
            cells[0] = sum(cells[1:])
        return tuple(cells)

    rows = tuple(
        Row(s.label, s.organization_id, values(counts.get(s.prefix, {})), s.own) for s in sources
    )
    sums = tuple(sum(column) for column in zip(*(r.values for r in rows), strict=True))
    total = Row("Tổng cộng", None, sums or tuple(0 for _ in spec.columns))
    return Table(spec.key, spec.title, spec.columns, rows, total, spec.period)
