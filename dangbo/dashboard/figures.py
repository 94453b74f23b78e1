"""The figures of a unit's subtree the dashboard shows beside the targets: members in numbers,
meetings held and attendance this year, and the results of the latest evaluation year.

Nothing is counted here: each figure comes from the query its own app already publishes and
tests (members.statistics, meetings.rates, evaluations.summary), so the dashboard and the
pages behind it never disagree. Each of them is a fixed number of GROUP BY statements over
path prefixes, whatever the size of the tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q
from django.db.models.functions import Substr

from dangbo.core.formats import format_number
from dangbo.dashboard.header import ancestor_paths
from dangbo.dashboard.visible import Visible
from dangbo.evaluations.models import SHORT, RoundStage
from dangbo.evaluations.summary import RATINGS, Counts, counts_by, percent_text
from dangbo.meetings import rates
from dangbo.members.statistics import Period, Statistics, member_statistics
from dangbo.members.statistics.tables import TOTAL, Table
from dangbo.orgs.models import Organization

FINAL_STAGES = (RoundStage.PUBLISHED, RoundStage.LOCKED)
SHOWN = ("status", "sex", "age")  # the member statistics the dashboard shows


@dataclass(frozen=True)
class Part:
    """One labelled count and its share of the whole, for a small table or a chart."""

    key: str
    label: str
    count: int
    share: float | None = None

    @property
    def count_text(self) -> str:
        return format_number(self.count)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


def _parts(table: Table) -> list[Part]:
    total = table.total.values[0] if table.columns and table.columns[0].key == TOTAL else 0
    return [
        Part(c.key, c.label, v, 100 * v / total if total else None)
        for c, v in zip(table.columns, table.total.values, strict=True)
        if c.key != TOTAL
    ]


@dataclass(frozen=True)
class Members:
    stats: Statistics
    total: int
    statuses: list[Part]
    sexes: list[Part]
    ages: list[Part]
    admitted: int  # kết nạp since 1 January
    confirmed: int
    leaving: int
    by_child: dict[int, int]  # child unit id -> members on the roll of its subtree

    @property
    def total_text(self) -> str:
        return format_number(self.total)


def members(visible: Visible, unit: Organization, day: date) -> Members:
    """Today's roll and the year's admissions, from members.statistics (6 statements):
    only the tables shown (status, sex, age band), which on a province's roll halves the
    time of its one scan."""
    stats = member_statistics(
        visible.user, unit, day, Period(date(day.year, 1, 1), day), catalogs=False, tables=SHOWN
    )
    status = stats.table("status")
    admitted = stats.table("admitted").total.as_dict(stats.table("admitted").columns)
    by_child = {r.organization_id: r.values[0] for r in status.rows if r.organization_id}
    return Members(
        stats=stats,
        total=status.total.values[0],
        statuses=_parts(status),
        sexes=_parts(stats.table("sex")),
        ages=_parts(stats.table("age")),
        admitted=admitted.get("admitted", 0),
        confirmed=admitted.get("confirmed", 0),
        leaving=stats.table("leaving").total.values[0],
        by_child=by_child,
    )


@dataclass(frozen=True)
class Meetings:
    table: rates.RateTable
    by_child: dict[int, rates.Figures]

    @property
    def total(self) -> rates.Figures:
        return self.table.total


def meetings(visible: Visible, unit: Organization, day: date) -> Meetings:
    """Meetings of the cells of the subtree this year, from meetings.rates (4 statements)."""
    table = rates.subtree_rates(visible.meetings, unit, rates.Period(date(day.year, 1, 1), day))
    return Meetings(table, {r.organization.pk: r.figures for r in table.rows if not r.own})


@dataclass(frozen=True)
class Evaluations:
    year: int | None
    members: Counts = field(default_factory=Counts)
    organizations: Counts = field(default_factory=Counts)
    by_child: dict[str, Counts] = field(default_factory=dict)  # child path -> members' counts

    def rows(self, counts: Counts) -> list[Part]:
        return [Part(str(r), SHORT[r], counts.ratings[r], counts.share(r)) for r in RATINGS]

    @property
    def member_parts(self) -> list[Part]:
        return self.rows(self.members)

    @property
    def organization_parts(self) -> list[Part]:
        return self.rows(self.organizations)


def latest_year(visible: Visible, unit: Organization) -> int | None:
    """The latest year with results for members of the subtree in a round whose results
    are published; else the latest year with any (a round still open); else the latest
    round covering the unit (opened by it or above it: nothing rated yet). A unit the
    rounds above it never reached (a round of 2024 that rated one ward only) shows the
    year its own members were rated, not an empty table."""
    rated = (
        visible.member_evaluations.filter(organization__path__startswith=unit.path, current=True)
        .order_by()
        .aggregate(
            final=Max("round__year", filter=Q(round__stage__in=FINAL_STAGES)),
            any=Max("round__year"),
        )
    )
    year = rated["final"] or rated["any"]
    if year is None:
        covering = visible.rounds.filter(organization__path__in=[*ancestor_paths(unit), unit.path])
        year = covering.order_by().aggregate(year=Max("year"))["year"]
    return int(year) if year is not None else None


def evaluations(visible: Visible, unit: Organization) -> Evaluations:
    """The ratings of the latest year's rounds in the subtree, through evaluations.summary's
    own counting (counts_by): members per child unit, and the party organizations below the
    unit. Three or four statements."""
    year = latest_year(visible, unit)
    if year is None:
        return Evaluations(None)
    length = (unit.depth + 1) * Organization.steplen
    people = visible.member_evaluations.filter(
        round__year=year, organization__path__startswith=unit.path
    )
    by_child = counts_by(people, Substr("organization__path", 1, length))
    total = Counts()
    for counts in by_child.values():
        total.add(counts)
    bodies = visible.organization_evaluations.filter(
        round__year=year,
        organization__path__startswith=unit.path,
        organization__depth__gt=unit.depth,
    )
    organizations = Counts()
    for counts in counts_by(bodies, Substr("organization__path", 1, length)).values():
        organizations.add(counts)
    return Evaluations(year, total, organizations, by_child)
