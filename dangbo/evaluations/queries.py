"""Reads for the round pages, the grid, the API and the reports. Callers pass querysets
already scoped by dangbo.access."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, Rating
from dangbo.members.models import EventKind, Member, MemberEvent, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization


def evaluated_on(round_: EvaluationRound) -> date:
    """The day members are rated: the cell's deadline when set, else the last day of the year."""
    return round_.cell_due or date(round_.year, 12, 31)


def rated_roll(round_: EvaluationRound, cell: Organization) -> QuerySet[Member]:
    """Members on the cell's roll on the rating day, without those exempted from activities
    (regulations.md §1.6 case 9: off the list and out of the quota). One query."""
    cells = Organization.objects.filter(pk=cell.pk)
    on_roll = members_as_of(cells, evaluated_on(round_))
    # status_on is annotated by members_as_of, which the type checker cannot follow.
    return on_roll.exclude(status_on=MemberStatus.EXEMPT)  # type: ignore[misc]


def _uncounted_events(members: Any, year: int, round_: EvaluationRound) -> QuerySet[MemberEvent]:
    """Disciplines of `members` (ids or a subquery) that took effect in `year` and were not
    already counted by another round (one violation counts once, regulations.md §1.5), each
    member's earliest first."""
    counted = MemberEvaluation.objects.filter(current=True, discipline_event__isnull=False).exclude(
        round=round_
    )
    return (
        MemberEvent.objects.filter(
            member_id__in=members,
            kind=EventKind.DISCIPLINED,
            superseded=False,
            effective_on__year=year,
        )
        .exclude(pk__in=counted.values("discipline_event_id"))
        .order_by("member_id", "effective_on", "id")
    )


def uncounted_disciplines(
    member_ids: list[int], year: int, round_: EvaluationRound
) -> dict[int, MemberEvent]:
    """Per member, the first discipline of `year` not counted by another round. One query."""
    found: dict[int, MemberEvent] = {}
    for event in _uncounted_events(member_ids, year, round_):
        found.setdefault(event.member_id, event)
    return found


def uncounted_disciplines_in_round(round_: EvaluationRound) -> dict[int, tuple[int, date]]:
    """The same for every member with a line in the round, as (event id, date); the members
    are read by a subquery, never passed as a list. One query."""
    in_round = MemberEvaluation.objects.filter(round=round_, current=True).values("member_id")
    found: dict[int, tuple[int, date]] = {}
    events = _uncounted_events(in_round, round_.year, round_)
    for member_id, event_id, day in events.values_list("member_id", "id", "effective_on"):
        found.setdefault(member_id, (event_id, day))
    return found


@dataclass
class GridRow:
    member: Member
    evaluation: MemberEvaluation | None


def grid_rows(round_: EvaluationRound, cell: Organization) -> list[GridRow]:
    """The secretary's grid: every member to rate, with their current row. Two queries."""
    saved = {
        row.member_id: row
        for row in MemberEvaluation.objects.filter(round=round_, organization=cell, current=True)
    }
    return [
        GridRow(member, saved.get(member.pk))
        for member in rated_roll(round_, cell).order_by("name_sort", "id")
    ]


@dataclass
class Tally:
    """Members of a unit by final rating (the committee's decision, else the proposal)."""

    organization: Organization | None
    counts: Counter[str] = field(default_factory=Counter)
    not_rated: int = 0
    pending: int = 0
    roll: int = 0  # members who must be rated

    @property
    def missing(self) -> int:
        """On the roll but without a line in the grid yet."""
        return max(self.roll - self.rated - self.not_rated - self.pending, 0)

    @property
    def rated(self) -> int:
        return sum(self.counts[r] for r in Rating.values)

    @property
    def good_or_better_share(self) -> float:
        return self.share(Rating.EXCELLENT) + self.share(Rating.GOOD)

    def share(self, rating: str) -> float:
        return 100 * self.counts[rating] / self.rated if self.rated else 0.0


def cell_tallies(evaluations: QuerySet[MemberEvaluation]) -> dict[int, Tally]:
    """Per cell (organization id), the counts of each final rating. One GROUP BY query."""
    rows = (
        evaluations.filter(current=True)
        .values("organization_id", "rating", "proposed_rating", "not_rated")
        .annotate(n=Count("id"))
        .order_by()
    )
    tallies: dict[int, Tally] = {}
    for row in rows:
        tally = tallies.setdefault(row["organization_id"], Tally(None))
        final = row["rating"] or row["proposed_rating"]
        if row["not_rated"]:
            tally.not_rated += row["n"]
        elif final:
            tally.counts[final] += row["n"]
        else:
            tally.pending += row["n"]
    return tallies


def roll_counts(round_: EvaluationRound, cells: list[Organization]) -> dict[int, int]:
    """Per cell, how many members must be rated on the rating day. One GROUP BY query."""
    on_roll = members_as_of(
        Organization.objects.filter(pk__in=[c.pk for c in cells]), evaluated_on(round_)
    )
    rows = (
        on_roll.exclude(status_on=MemberStatus.EXEMPT)  # type: ignore[misc]
        .values("unit_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["unit_on"]: row["n"] for row in rows}


def rounds_with_counts(rounds: QuerySet[EvaluationRound]) -> QuerySet[EvaluationRound]:
    return rounds.select_related("organization").annotate(
        evaluated=Count("members", filter=Q(members__current=True)),
        decided=Count("members", filter=Q(members__current=True) & ~Q(members__rating="")),
    )
