"""GET /api/v1/analytics/: indicator × organizations × periods → the stored values.

The values are the rows the refresh wrote (IndicatorValue, a unit's value being that of its
whole subtree), read through `scope()`: nothing is computed here, so a request costs a fixed
handful of queries whatever its size (the user's grants, the indicators, the units, their
children, the values). Every requested cell gets a row, with nulls where no value exists yet,
so a chart or a spreadsheet gets a full grid.

An organization id that does not exist and one outside the user's view get the same message,
so a request cannot tell them apart (DESIGN rule 2).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from rest_framework import serializers

from dangbo.access.scoping import root_units, scope
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_number
from dangbo.core.xlsx import CellKind, SheetColumn, csv_lines
from dangbo.indicators.api.serializers import MAX_PERIODS
from dangbo.indicators.models import Indicator, IndicatorValue
from dangbo.indicators.periods import Period, PeriodKind, parse_period, period_of, periods_between
from dangbo.orgs.models import Organization

# Rows of one answer (indicators × units × periods): a province's communes over three years by
# quarter for a dozen indicators fits; the whole tree by month does not, and should be asked
# for in parts.
MAX_CELLS = 5000
# Years a period may fall in: the Party's committees keep records from 1930, and nothing is
# planned past 2200. Outside, dates overflow (term or quarter of year 9999).
FIRST_YEAR, LAST_YEAR = 1930, 2200


def unit_not_found(pk: int) -> str:
    return f"Không tìm thấy đơn vị mã {pk}, hoặc đơn vị nằm ngoài phạm vi bạn được xem."


@dataclass(frozen=True)
class Cells:
    """What one request asks for, resolved and checked."""

    indicators: list[Indicator]
    organizations: list[Organization]
    periods: list[Period]

    def __len__(self) -> int:
        return len(self.indicators) * len(self.organizations) * len(self.periods)


# --- Resolving the request ------------------------------------------------------------------


def _period(key: str) -> Period:
    try:
        period = parse_period(key)
    except (ValueError, OverflowError) as exc:
        message = str(exc)
        if not message.startswith("Kỳ"):  # a date that overflows: Python's English words
            message = f"Kỳ «{key[:40]}» không hợp lệ."
        raise field_error("periods", message) from None
    if not FIRST_YEAR <= period.start.year <= LAST_YEAR:
        raise field_error(
            "periods", f"Kỳ «{key[:40]}» phải nằm trong các năm {FIRST_YEAR}–{LAST_YEAR}."
        )
    return period


def periods_of(params: dict[str, Any]) -> list[Period]:
    """The periods named in `periods`, or every period of `period_kind` from `from` to `to`,
    or the current year."""
    if params.get("periods"):
        return list(dict.fromkeys(_period(key) for key in params["periods"]))
    kind = params.get("period_kind")
    if kind is None:
        return [period_of(PeriodKind.YEAR, today())]
    start: date = params["from"]
    end: date = params["to"]
    for name, day in (("from", start), ("to", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise field_error(name, f"Ngày phải nằm trong các năm {FIRST_YEAR}–{LAST_YEAR}.")
    periods = list(itertools.islice(periods_between(kind, start, end), MAX_PERIODS + 1))
    if len(periods) > MAX_PERIODS:
        raise field_error(
            "to", f"Quá nhiều kỳ (hơn {MAX_PERIODS}): thu hẹp khoảng ngày hoặc chọn kỳ dài hơn."
        )
    return periods


def indicators_of(codes: Sequence[str]) -> list[Indicator]:
    """The indicators by code, in the order asked; the catalog is read by every user."""
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        names = ", ".join(f"«{code[:64]}»" for code in unknown[:5])
        raise field_error("indicator", f"Không có chỉ số mã {names} trong danh mục.")
    return [found[code] for code in codes]


def organizations_of(
    user: Any, ids: Sequence[int] | None, children: bool, since: date
) -> list[Organization]:
    """The units asked for (default: the user's top units), each followed by its direct child
    units still active on `since` or later when `children`; at most two queries."""
    visible = scope(user, Organization)
    if ids:
        found = {o.pk: o for o in visible.filter(pk__in=ids)}
        for pk in ids:
            if pk not in found:
                raise field_error("organizations", unit_not_found(pk))
        units = [found[pk] for pk in ids]
    else:
        units = root_units(user)
    if not children or not units:
        return units
    below = Q()
    for unit in units:
        below |= Q(path__startswith=unit.path, depth=unit.depth + 1)
    kids: dict[str, list[Organization]] = {}
    rows = (
        visible.filter(below)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=since))
        .order_by("path")
    )
    for kid in rows:
        kids.setdefault(kid.path[: -Organization.steplen], []).append(kid)
    ordered: dict[int, Organization] = {}
    for unit in units:
        ordered.setdefault(unit.pk, unit)
        for kid in kids.get(unit.path, []):
            ordered.setdefault(kid.pk, kid)
    return list(ordered.values())


def resolve(user: Any, params: dict[str, Any]) -> Cells:
    """The checked request; a ValidationError per field (400) for what cannot be answered."""
    periods = periods_of(params)
    indicators = indicators_of(params["indicator"])
    since = min(p.start for p in periods)
    organizations = organizations_of(
        user, params.get("organizations"), bool(params.get("children")), since
    )
    cells = Cells(indicators, organizations, periods)
    if len(cells) > MAX_CELLS:
        raise ValidationError(
            f"Yêu cầu có {format_number(len(cells))} ô (chỉ số × đơn vị × kỳ), quá giới hạn "
            f"{format_number(MAX_CELLS)}: bớt chỉ số, đơn vị hoặc kỳ rồi hỏi lại."
        )
    return cells


# --- The answer -----------------------------------------------------------------------------

_VALUE_FIELDS = (
    "indicator_id",
    "organization_id",
    "period_kind",
    "period_start",
    "numerator",
    "denominator",
    "value",
    "reporting_units",
    "computed_at",
)


def _stored(user: Any, cells: Cells) -> dict[tuple[int, int, str, date], tuple[Any, ...]]:
    """The stored values of the cells, in one query through scope()."""
    if not len(cells):
        return {}
    rows = (
        scope(user, IndicatorValue)
        .filter(
            indicator__in=[i.pk for i in cells.indicators],
            organization_id__in=[o.pk for o in cells.organizations],
            period_kind__in={p.kind for p in cells.periods},
            period_start__in={p.start for p in cells.periods},
        )
        .order_by()
        .values_list(*_VALUE_FIELDS)
    )
    return {(r[0], r[1], r[2], r[3]): r for r in rows}


def _decimal(value: Any) -> str | None:
    return None if value is None else f"{value:.4f}"


def rows_of(user: Any, cells: Cells) -> list[dict[str, Any]]:
    """One row per cell, indicator by indicator, then unit, then period. Built as plain
    dicts, as the schema's AnalyticsRowSerializer describes them: 5,000 rows through nested
    DRF serializers would cost more than the query."""
    stored = _stored(user, cells)
    moment = serializers.DateTimeField()
    units = [(o.pk, {"id": o.pk, "name": o.name}) for o in cells.organizations]
    periods = [
        (
            p,
            {
                "key": p.key,
                "kind": p.kind,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "label": p.label,
            },
        )
        for p in cells.periods
    ]
    rows = []
    for indicator in cells.indicators:
        for org_id, org in units:
            for period, shown in periods:
                found = stored.get((indicator.pk, org_id, period.kind, period.start))
                rows.append(
                    {
                        "indicator": indicator.code,
                        "organization": org,
                        "period": shown,
                        "numerator": _decimal(found[4]) if found else None,
                        "denominator": _decimal(found[5]) if found else None,
                        "value": _decimal(found[6]) if found else None,
                        "reporting_units": found[7] if found else None,
                        "computed_at": moment.to_representation(found[8]) if found else None,
                    }
                )
    return rows


def analytics_data(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The answer for validated query parameters (AnalyticsSerializer's shape)."""
    cells = resolve(user, params)
    rows = rows_of(user, cells)
    return {
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "higher_is_better": i.higher_is_better,
            }
            for i in cells.indicators
        ],
        "count": len(rows),
        "rows": rows,
    }


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = (
    SheetColumn("Mã chỉ số", CellKind.CODE),
    SheetColumn("Chỉ số"),
    SheetColumn("Đơn vị tính"),
    SheetColumn("Mã số đơn vị", CellKind.CODE),
    SheetColumn("Tổ chức đảng"),
    SheetColumn("Kỳ"),
    SheetColumn("Mã kỳ", CellKind.CODE),
    SheetColumn("Tử số", CellKind.NUMBER),
    SheetColumn("Mẫu số", CellKind.NUMBER),
    SheetColumn("Giá trị", CellKind.NUMBER),
    SheetColumn("Số đơn vị đã báo cáo", CellKind.NUMBER),
    SheetColumn("Thời điểm tính"),
)


def csv_of(data: dict[str, Any]) -> Iterator[str]:
    """The answer as CSV lines (dangbo.core.xlsx: a byte-order mark for Excel, formulas
    defused); figures keep the decimal point of the JSON, so a spreadsheet can re-read them."""
    indicators = {i["code"]: i for i in data["indicators"]}
    local = serializers.DateTimeField()

    def when(text: str | None) -> str:
        if not text:
            return ""
        moment = timezone.localtime(local.to_internal_value(text))
        return moment.strftime("%d/%m/%Y %H:%M")

    return csv_lines(
        CSV_COLUMNS,
        (
            (
                row["indicator"],
                indicators[row["indicator"]]["name"],
                indicators[row["indicator"]]["unit"],
                row["organization"]["id"],
                row["organization"]["name"],
                row["period"]["label"],
                row["period"]["key"],
                row["numerator"],
                row["denominator"],
                row["value"],
                row["reporting_units"],
                when(row["computed_at"]),
            )
            for row in data["rows"]
        ),
    )
