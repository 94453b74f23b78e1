"""The SQL behind the statistics tables: a handful of GROUP BY queries over path prefixes
(DESIGN rule 7), however many members and units the subtree holds.

Who is on the roll at the end of a day:
- today, the cached state on Member (status, organization), which the services keep equal to
  the replay of the events;
- a past day, in two parts read in one UNION ALL: members with no live event after the day
  stand now where they stood then, so their cached state answers; for the others, the
  latest live (non-superseded) MemberEvent on or before the day, whose `status_after` /
  `organization_after` caches say where the member stood ("latest" is an anti-join: no live
  event of the same member later that day or after it, so grouping stays on plain columns).
  Only the members something happened to since the day pay for the anti-join.
The record facts (sex, birth date, ethnicity, religion, training) are today's values: the
record keeps no history of them.

A member counts under the child unit whose path begins the path of the unit holding them
(SUBSTR(path, 1, length of a child path)); members held by the chosen unit itself have the
unit's own, shorter path. The grouping uses today's paths: a unit moved to another parent
since the day counts under its new parent.

Ages and party ages compare dates with thresholds computed in Python (born after the day
minus 31 years, …), which SQLite and PostgreSQL read alike.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from dangbo.access.policy import Action
from dangbo.access.scoping import scope, scope_q
from dangbo.core.clock import today
from dangbo.core.workdays import add_years
from dangbo.members.bands import AGE_BANDS, PARTY_AGE_BANDS
from dangbo.members.lifecycle import final_state, replay
from dangbo.members.models import (
    ON_ROLL,
    EducationLevel,
    EventKind,
    Member,
    MemberEvent,
    Sex,
    TheoryLevel,
)
from dangbo.members.regulations import party_age_from
from dangbo.members.statistics.tables import (
    NO_PARTY_AGE,
    TOTAL,
    UNKNOWN,
    Period,
)
from dangbo.orgs.models import Organization

Counts = dict[str, Counter[str]]  # {path prefix: {"<table>.<column>": n}}


class _HeldOnTheDay:
    """Scope of a member counted on a past day: by the unit that held them then (a count of
    cell A at the end of 2024 includes who was in A then, wherever they are now), and, for
    a self-service grant, only the member's own record, as scope(Member) would."""

    scope_path = "organization_after__path"
    scope_owner = "member__user"


class _WhereItHappened:
    """Scope of an event of the period: by the unit where it happened."""

    scope_path = "organization__path"
    scope_owner = "member__user"


def _visible(user: Any, holder: type) -> Q | None:
    return scope_q(user, holder, Action.VIEW)


@dataclass(frozen=True)
class Roll:
    """The members on the roll under a unit at the end of a day: one row per member, with
    `member` the lookup prefix of the member's fields and `path` the lookup of the path of
    the unit holding them that day."""

    rows: QuerySet[Any]
    member: str
    path: str
    status: str


class Read(StrEnum):
    """Where the roll on the day is read from (tests compare them)."""

    AUTO = "auto"  # today: the cache; a past day: cache and events, as above
    CACHE = "cache"  # the cached state only: right for today
    EVENTS = "events"  # the event caches only, for every member


def rolls(user: Any, unit: Organization, day: date, read: Read = Read.AUTO) -> list[Roll]:
    """The parts the roll on `day` is read from: their counts add up."""
    if read == Read.AUTO:
        read = Read.CACHE if day >= today() else Read.AUTO
    cached = Roll(
        scope(user, Member).filter(status__in=ON_ROLL, organization__path__startswith=unit.path),
        member="",
        path="organization__path",
        status="status",
    )
    if read == Read.CACHE:
        return [cached]
    live = MemberEvent.objects.filter(superseded=False, effective_on__lte=day)
    later = live.filter(member=OuterRef("member")).filter(
        Q(effective_on__gt=OuterRef("effective_on"))
        | Q(effective_on=OuterRef("effective_on"), pk__gt=OuterRef("pk"))
    )
    latest = live.filter(
        status_after__in=ON_ROLL, organization_after__path__startswith=unit.path
    ).filter(~Exists(later))
    visible = _visible(user, _HeldOnTheDay)
    latest = latest.none() if visible is None else latest.filter(visible)
    from_events = Roll(
        latest, member="member__", path="organization_after__path", status="status_after"
    )
    if read == Read.EVENTS:
        return [from_events]
    changed = MemberEvent.objects.filter(superseded=False, effective_on__gt=day).values("member")
    return [
        replace(cached, rows=cached.rows.exclude(pk__in=changed)),
        replace(from_events, rows=from_events.rows.filter(member__in=changed)),
    ]


def _born_in(low: int, high: int | None, day: date, field: str) -> Filter:
    """Whole years from the date in `field` to `day` between the bounds, as date comparisons
    (age from the birth date, party age from the admission decision)."""
    earliest = None if high is None else add_years(day, -(high + 1))
    latest = add_years(day, -low)

    def between(r: Roll) -> Q:
        q = Q(**{f"{r.member}{field}__lte": latest})
        if earliest is not None:
            q &= Q(**{f"{r.member}{field}__gt": earliest})
        return q

    return between


def party_age_band(decision_date: date | None, official_on: date | None, day: date) -> str:
    """The band the SQL puts a member in, for the gap correction to undo."""
    if decision_date is None or official_on is None or official_on > day:
        return NO_PARTY_AGE
    for key, _, low, high in PARTY_AGE_BANDS:
        if decision_date <= add_years(day, -low) and (
            high is None or decision_date > add_years(day, -(high + 1))
        ):
            return key
    return NO_PARTY_AGE  # a decision after the day: not possible for an official member


Filter = Callable[[Roll], Q]


def _fixed_columns(day: date) -> dict[str, Filter | None]:
    """Every count of the fixed tables as a filter on a part of the roll (None: everyone).
    The total comes first: "c0" is each group's size (the other tables' totals are the same
    number, copied rather than counted again)."""
    columns: dict[str, Filter | None] = {f"status.{TOTAL}": None}
    for status in ON_ROLL:
        columns[f"status.{status}"] = _status_is(status)
    for sex in Sex.values:
        columns[f"sex.{sex}"] = _member_field("sex", sex)
    for key, _, low, high in AGE_BANDS:
        columns[f"age.{key}"] = _born_in(low, high, day, "birth_date")
    for level in EducationLevel.values:
        columns[f"education.{level}"] = _member_field("education_level", level)
    columns[f"education.{UNKNOWN}"] = _member_field("education_level", "")
    for level in TheoryLevel.values:
        columns[f"theory.{level}"] = _member_field("theory_level", level)
    for key, _, low, high in PARTY_AGE_BANDS:
        columns[f"party_age.{key}"] = _party_age_in(low, high, day)
    columns[f"party_age.{NO_PARTY_AGE}"] = lambda r: ~_has_party_age(r, day)
    return columns


def _status_is(status: str) -> Filter:
    return lambda r: Q(**{r.status: status})


def _member_field(field: str, value: str) -> Filter:
    return lambda r: Q(**{f"{r.member}{field}": value})


def _has_party_age(r: Roll, day: date) -> Q:
    return Q(**{f"{r.member}official_on__lte": day, f"{r.member}decision_date__isnull": False})


def _party_age_in(low: int, high: int | None, day: date) -> Filter:
    in_band = _born_in(low, high, day, "decision_date")
    return lambda r: _has_party_age(r, day) & in_band(r)


def _prefixed(r: Roll, prefix_length: int) -> QuerySet[Any]:
    # order_by(): a default ordering would join the GROUP BY and split every group.
    return r.rows.annotate(prefix=Substr(r.path, 1, prefix_length)).order_by()


@dataclass(frozen=True)
class CatalogCount:
    prefix: str
    code: str | None  # None: not entered
    name: str | None
    n: int


@dataclass
class RollCounts:
    fixed: Counts
    catalogs: dict[str, list[CatalogCount]]
    # Members on the roll who were ever struck off or expelled: only they can need the
    # party-age gap correction, which is skipped (no query) when there are none.
    ever_left: int = 0


def _ever_left() -> QuerySet[Any]:
    """The members struck off or expelled at some time (a live event says so)."""
    return MemberEvent.objects.filter(
        superseded=False, kind__in=(EventKind.REMOVED, EventKind.EXPELLED)
    ).values("member")


CATALOG_FIELDS = ("ethnicity", "religion")
# Tables whose total is the whole roll, like the status table's.
_SAME_TOTAL = ("sex", "age", "education", "theory", "party_age")


def roll_counts(
    parts: list[Roll],
    day: date,
    prefix_length: int,
    *,
    catalogs: bool = True,
    tables: Collection[str] | None = None,
) -> RollCounts:
    """Status, sex, age band, education, LLCT and party-age band per child unit, and the
    members of each ethnic group and religion there: one query (a UNION ALL of the parts),
    grouped by child unit, ethnic group and religion; the few thousand groups at most are
    added up here. Without `catalogs` the groups are the child units alone, and the join
    of the two catalogs is not made (the dashboard shows no ethnic or religion table). With
    `tables`, only those fixed tables are counted (the status table always: its total is the
    size of each group); the others stay empty."""
    columns = _fixed_columns(day)
    if tables is not None:
        keep = {"status", *tables}
        columns = {k: v for k, v in columns.items() if k.split(".", 1)[0] in keep}
    ever_left = tables is None or "party_age" in tables
    aliases = {f"c{i}": key for i, key in enumerate(columns)}
    queries = []
    for part in parts:
        m = part.member
        aggregates = {
            alias: Count("pk") if (only := columns[key]) is None else Count("pk", filter=only(part))
            for alias, key in aliases.items()
        }
        # Counted in the same scan, so the gap correction needs no scan of its own when the
        # roll holds nobody who ever left (the usual case).
        if ever_left:
            aggregates["ever_left"] = Count("pk", filter=Q(**{f"{m}pk__in": _ever_left()}))
        grouped = {
            f"{field}_{attr}": F(f"{m}{field}__{attr}")
            for field in (CATALOG_FIELDS if catalogs else ())
            for attr in ("code", "name")
        }
        queries.append(
            _prefixed(part, prefix_length).values("prefix", **grouped).annotate(**aggregates)
        )
    result = RollCounts(defaultdict(Counter), {field: [] for field in CATALOG_FIELDS})
    for row in _union(queries):
        result.ever_left += row.get("ever_left", 0)
        found = result.fixed[row["prefix"]]
        for alias, key in aliases.items():
            found[key] += row[alias]
        for table in _SAME_TOTAL:
            if tables is None or table in tables:
                found[f"{table}.{TOTAL}"] += row["c0"]
        for field in CATALOG_FIELDS if catalogs else ():
            result.catalogs[field].append(
                CatalogCount(row["prefix"], row[f"{field}_code"], row[f"{field}_name"], row["c0"])
            )
    return result


def _union(queries: list[QuerySet[Any]]) -> QuerySet[Any]:
    first, *rest = queries
    return first.union(*rest, all=True) if rest else first


# Events of the period and the column each fills.
_PERIOD_KINDS = {
    EventKind.ADMITTED: "admitted.admitted",
    EventKind.CONFIRMED_OFFICIAL: "admitted.confirmed",
    EventKind.REMOVED: "leaving.removed",
    EventKind.EXPELLED: "leaving.expelled",
    EventKind.DIED: "leaving.died",
    EventKind.TRANSFER_OUT: "leaving.transferred_out",
}


def period_counts(user: Any, unit: Organization, period: Period, prefix_length: int) -> Counts:
    """Admissions, confirmations and departures by reason between the period's two days
    (both included), under the unit where each happened: one query. A transfer out counts as
    a departure only out of the system (within it the member stays on a roll)."""
    # One IN on the kind (not "kind IN … OR (transfer out AND no counterpart)"), so that
    # SQLite reads every kind through the (kind, effective_on) index instead of every event
    # without a counterpart through another: 121 → 34 ms for a province's year.
    events = MemberEvent.objects.filter(
        superseded=False,
        kind__in=list(_PERIOD_KINDS),
        effective_on__gte=period.start,
        effective_on__lte=period.end,
        organization__path__startswith=unit.path,
    ).exclude(kind=EventKind.TRANSFER_OUT, counterpart__isnull=False)
    visible = _visible(user, _WhereItHappened)
    if visible is None:
        return {}
    rows = (
        events.filter(visible)
        .annotate(prefix=Substr("organization__path", 1, prefix_length))
        .order_by()
        .values("prefix", "kind")
        .annotate(n=Count("*"))  # not COUNT(id): the id is not in the covering index
    )
    counts: Counts = defaultdict(Counter)
    for row in rows:
        counts[row["prefix"]][_PERIOD_KINDS[EventKind(row["kind"])]] += row["n"]
    return counts


def correct_party_age_gaps(parts: list[Roll], day: date, prefix_length: int, counts: Counts) -> int:
    """Move members with time outside the Party into their true party-age band.

    Party age counts from the first admission decision minus the spells struck off or
    expelled before a re-admission (Điều lệ Art. 5, regulations §3.2; members.regulations
    .party_age_from). The SQL bands count from the first decision (Member.decision_date)
    and take the cached official date: summing each member's gaps needs their history,
    which SQL cannot do cheaply and portably. Only a member who was ever struck off or
    expelled can have a gap (or, re-admitted since the day, a cached official date younger
    than the day), so those few, found in one query, have their history read in a second
    and replayed (the stored history was validated when written, so the replay needs no
    rule lookups). Two queries, whatever their number; returns how many were looked at.
    """
    left = _ever_left()
    queries = [
        _prefixed(part, prefix_length)
        .filter(**{f"{part.member}pk__in": left})
        .values_list(
            "prefix",
            f"{part.member}pk",
            f"{part.member}decision_date",
            f"{part.member}official_on",
        )
        for part in parts
    ]
    candidates = list(_union(queries))
    if not candidates:
        return 0
    histories: dict[int, list[MemberEvent]] = defaultdict(list)
    events = MemberEvent.objects.filter(member__in=[c[1] for c in candidates]).order_by(
        "effective_on", "pk"
    )
    for event in events:
        histories[event.member_id].append(event)
    for prefix, pk, decision_date, official_on in candidates:
        state = final_state(replay(histories[pk], _validated), day)
        age = party_age_from(state, day)
        true_band = NO_PARTY_AGE if age is None else _band_of_years(age.years)
        sql_band = party_age_band(decision_date, official_on, day)
        if true_band != sql_band:
            counts[prefix][f"party_age.{sql_band}"] -= 1
            counts[prefix][f"party_age.{true_band}"] += 1
    return len(candidates)


def _validated(admitted_on: date) -> date:
    """probation_end for replaying stored history: the confirmations in it were checked
    against the real rule when written, so any earlier date lets them through."""
    return admitted_on


def _band_of_years(years: int) -> str:
    for key, _, low, high in PARTY_AGE_BANDS:
        if years >= low and (high is None or years <= high):
            return key
    return NO_PARTY_AGE
