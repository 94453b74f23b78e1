"""«Xếp loại chất lượng năm N» on the member statistics page: the ratings of the latest year
up to the day asked, per child unit of the unit, counting only the results the user may see.
Registered into members.statistics.extras from the app's ready()."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max
from django.db.models.functions import Substr

from dangbo.access.scoping import scope
from dangbo.core.formats import format_number
from dangbo.core.text import text_sort_key
from dangbo.evaluations.models import SHORT, MemberEvaluation
from dangbo.evaluations.summary import RATINGS, UNRATED_KINDS, Counts, counts_by
from dangbo.members.statistics.extras import ExtraRow, ExtraTable
from dangbo.orgs.models import Organization

COLUMNS = [
    "Đã xếp loại",
    *(SHORT[r] for r in RATINGS),
    "% HTTNV trở lên",
    "Không xếp loại",
    "Chưa có mức",
]


def _cells(counts: Counts) -> list[str]:
    return [
        format_number(counts.rated),
        *(format_number(counts.ratings[r]) for r in RATINGS),
        counts.good_or_better_text,
        format_number(counts.not_rated),
        format_number(counts.pending),
    ]


def ratings_table(user: Any, unit: Organization, as_of: date) -> ExtraTable | None:
    """Three statements: the year, the counts grouped by child unit, the child units."""
    rows = scope(user, MemberEvaluation).filter(
        current=True, round__year__lte=as_of.year, organization__path__startswith=unit.path
    )
    year = rows.aggregate(year=Max("round__year"))["year"]
    if year is None:
        return None
    length = (unit.depth + 1) * Organization.steplen
    found = counts_by(rows.filter(round__year=year), Substr("organization__path", 1, length))
    children = scope(user, Organization).filter(path__startswith=unit.path, depth=unit.depth + 1)
    lines = [
        ExtraRow(child.name, child.pk, _cells(found.get(child.path) or Counts()))
        for child in sorted(children, key=lambda c: text_sort_key(c.name))
        if child.path in found or child.kind not in UNRATED_KINDS
    ]
    if unit.path in found:
        lines.insert(0, ExtraRow(f"{unit.name} (trực tiếp)", None, _cells(found[unit.path])))
    total = Counts()
    for counts in found.values():
        total.add(counts)
    return ExtraTable(
        key="xep-loai",
        title=f"Xếp loại chất lượng đảng viên năm {year}",
        subtitle=(
            f"Kết quả đánh giá, xếp loại năm {year} (mức cấp ủy quyết định, khi chưa có thì "
            "mức chi bộ đề xuất); tỷ lệ tính trên số đã xếp loại."
        ),
        columns=COLUMNS,
        rows=lines,
        total=_cells(total),
    )
