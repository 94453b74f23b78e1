"""The statistics of one unit on one day: every table, one row per child unit plus the total.

Today's roll is read from the counts kept per unit (members.statistics.tallies) when they are
current and the user sees the unit's whole subtree; otherwise, and on a past day, it is
counted live. Either way the query count does not depend on how many members or units there
are: live, the user's grants, one GROUP BY over the roll (fixed tables and catalogs
together), one for the period's events, two for the party-age gap correction (none when the
GROUP BY found nobody on the roll ever struck off or expelled), the child units and, on a
past day, their names then: 6 today, 11 on a past day at most (tested with
django_assert_max_num_queries); from the tallies, their state and the last audit event, the
rows of the unit and its children and the two catalogs' names instead of the GROUP BY.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from dangbo.core.clock import today
from dangbo.core.text import text_sort_key
from dangbo.members.statistics.counting import (
    CatalogCount,
    Counts,
    Read,
    correct_party_age_gaps,
    period_counts,
    roll_counts,
    rolls,
)
from dangbo.members.statistics.tables import (
    CATALOG_TABLES,
    FIXED_TABLES,
    OTHER,
    PERIOD_TABLES,
    TABLE_ORDER,
    TOP_CATALOG_COLUMNS,
    TOTAL,
    UNKNOWN,
    Column,
    Period,
    RowSource,
    Statistics,
    Table,
    TableSpec,
    build_table,
)
from dangbo.members.statistics.tallies import tallied_counts
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.queries import snapshots


def member_statistics(
    user: Any,
    unit: Organization,
    as_of: date,
    period: Period,
    *,
    read: Read = Read.AUTO,
    catalogs: bool = True,
    tables: Collection[str] | None = None,
) -> Statistics:
    """The standard tables for `unit` and its subtree at the end of `as_of`, with the
    admissions and departures of `period`, counting only what `user` may see (the caller has
    checked that the user may see `unit`). Today's roll is read from the cached member state,
    a past day's from the cache and the event caches (members.statistics.counting); `read`
    forces one source, for the tests that compare them. Without `catalogs` the ethnic group
    and religion tables are left empty, and their grouping is not paid for; with `tables`
    (keys of FIXED_TABLES), only those fixed tables are counted, the others left empty."""
    prefix_length = (unit.depth + 1) * Organization.steplen
    found = None
    if read == Read.AUTO and as_of == today():
        found = tallied_counts(user, unit, catalogs=catalogs, tables=tables)
    if found is None:
        parts = rolls(user, unit, as_of, read)
        found = roll_counts(parts, as_of, prefix_length, catalogs=catalogs, tables=tables)
        if found.ever_left:
            correct_party_age_gaps(parts, as_of, prefix_length, found.fixed)
    counts = found.fixed
    catalog_specs = [
        _catalog_spec(key, title, other_label, found.catalogs[field], counts)
        for key, title, other_label, field in CATALOG_TABLES
    ]
    for prefix, events in period_counts(user, unit, period, prefix_length).items():
        counts[prefix].update(events)
    counted = {prefix for prefix, cells in counts.items() if any(cells.values())}
    names, sources = _row_sources(unit, as_of, counted)
    specs = {s.key: s for s in (*FIXED_TABLES, *catalog_specs, *PERIOD_TABLES)}
    built = tuple(build_table(specs[key], sources, counts) for key in TABLE_ORDER)
    return Statistics(unit.pk, names.get(unit.pk, unit.name), as_of, period, built)


def _catalog_spec(
    key: str, title: str, other_label: str, found: list[CatalogCount], counts: Counts
) -> TableSpec:
    """Columns for the most frequent entries in the whole unit, then "khác" and "chưa rõ"
    when some members fall there; the counts are filed under those columns."""
    totals: Counter[str] = Counter()
    names: dict[str, str] = {}
    for row in found:
        if row.code is not None:
            totals[row.code] += row.n
            names[row.code] = row.name or row.code
    top = sorted(totals, key=lambda code: (-totals[code], text_sort_key(names[code])))
    shown = set(top[:TOP_CATALOG_COLUMNS])
    for row in found:
        column = UNKNOWN if row.code is None else row.code if row.code in shown else OTHER
        counts[row.prefix][f"{key}.{column}"] += row.n
        counts[row.prefix][f"{key}.{TOTAL}"] += row.n
    columns = [
        Column(TOTAL, "Tổng số"),
        *(Column(code, names[code]) for code in top[:TOP_CATALOG_COLUMNS]),
    ]
    if len(top) > TOP_CATALOG_COLUMNS:
        columns.append(Column(OTHER, other_label))
    if any(row.code is None for row in found):
        columns.append(Column(UNKNOWN, "Chưa rõ"))
    return TableSpec(key, title, tuple(columns))


def _row_sources(
    unit: Organization, day: date, counted: Iterable[str]
) -> tuple[dict[int, str], list[RowSource]]:
    """The rows: the unit's own members (when it holds any, or has no child units to show),
    then its child units that existed on the day or have something counted, by name."""
    counted = set(counted)
    units = list(
        Organization.objects.filter(
            path__startswith=unit.path, depth__in=(unit.depth, unit.depth + 1)
        ).order_by()
    )
    names = {o.pk: o.name for o in units}
    if day != today():
        # Names as they stood then: a cell renamed since shows its old name.
        as_of_then = Organization.objects.filter(pk__in=[o.pk for o in units])
        names.update({s.id: s.name for s in snapshots(as_of_then, day)})
    children = [
        o
        for o in units
        if o.depth == unit.depth + 1
        and (o.path in counted or (o.is_active_on(day) and o.kind != OrgKind.GROUP))
    ]
    children.sort(key=lambda o: text_sort_key(names[o.pk]))
    sources = [RowSource(names[o.pk], o.pk, o.path) for o in children]
    if unit.path in counted or not sources:
        label = names[unit.pk]
        if sources:
            label = f"{label} (đảng viên sinh hoạt trực tiếp)"
        sources.insert(0, RowSource(label, unit.pk, unit.path, own=True))
    return names, sources


__all__ = ["Period", "Statistics", "Table", "member_statistics"]
