"""Reads of the member roll used by pages, API, exports and indicators. Every question can be
asked as of a date; the lists take an already-scoped queryset of organizations (the caller
gets it from dangbo.access.scoping) and run a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db.models import OuterRef, QuerySet, Subquery

from dangbo.core.clock import today as local_today
from dangbo.core.models import Rule
from dangbo.core.rules import rule
from dangbo.core.text import fold
from dangbo.core.workdays import add_months, add_years
from dangbo.members.lifecycle import State, final_state, replay
from dangbo.members.models import (
    ON_ROLL,
    Ethnicity,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    Religion,
    Transfer,
    TransferStatus,
)
from dangbo.members.regulations import (
    BadgeDeferral,
    PartyAge,
    badge_deferral,
    badge_due_on,
    party_age_from,
    probation_end,
)
from dangbo.orgs.models import Organization

C = TypeVar("C", Ethnicity, Religion)


def member_state(member: Member, on: date | None = None) -> State:
    """The member's derived state at the end of `on` (latest when None): one query."""
    steps = replay(member.events.all(), probation_end)
    return final_state(steps, on)


def status_as_of(member: Member, day: date) -> State:
    """Status and unit on `day` (status "" before admission)."""
    return member_state(member, day)


def members_as_of(orgs: QuerySet[Organization], day: date) -> QuerySet[Member]:
    """Members on the roll of one of `orgs` at the end of `day`, annotated with `unit_on` and
    `status_on`. One SQL query: each member's latest live event on or before the day carries
    the state after it (MemberEvent caches), so nothing is replayed in Python."""
    live = MemberEvent.objects.filter(superseded=False, effective_on__lte=day)
    latest = live.filter(member=OuterRef("pk")).order_by("-effective_on", "-id")
    # Only members who were ever in one of the units by then get the correlated subquery, so
    # a cell's list does not touch the rest of the province.
    ever_there = live.filter(organization_after__in=orgs.values("pk")).values("member")
    return (
        Member.objects.filter(pk__in=ever_there)
        .annotate(
            unit_on=Subquery(latest.values("organization_after")[:1]),
            status_on=Subquery(latest.values("status_after")[:1]),
        )
        .filter(unit_on__in=orgs.values("pk"), status_on__in=ON_ROLL)
    )


def party_age(member: Member, on: date | None = None) -> PartyAge | None:
    """Tuổi đảng on `on` (§3.2): from the admission decision, minus time struck off or
    expelled before a re-admission; None while never official."""
    day = on or local_today()
    return party_age_from(member_state(member, day), day)


@dataclass(frozen=True)
class BadgeDue:
    member: Member
    years: int
    due_on: date
    # Withheld after a discipline on the occasion (§3.3): listed, marked "hoãn đến …".
    deferral: BadgeDeferral | None = None


def badges_due(orgs: QuerySet[Organization], occasion_date: date) -> list[BadgeDue]:
    """Members of `orgs` with a badge due by `occasion_date` and not yet awarded: the highest
    such badge each. Three queries: SQL keeps only members old enough in the party for the
    smallest badge, then their events are replayed together (gaps need the history), plus the
    rule rows (read once each). A member disciplined too recently stays on the list with
    `deferral` set, so the cell sees who is waiting and until when."""
    years_list = sorted(int(y) for y in rule("badge_years", occasion_date))
    if not years_list:
        return []
    latest_origin = add_years(occasion_date, -years_list[0])
    candidates = list(
        Member.objects.filter(
            organization__in=orgs,
            status__in=(MemberStatus.OFFICIAL, MemberStatus.EXEMPT),
            decision_date__lte=latest_origin,
        ).order_by("pk")
    )
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for event in MemberEvent.objects.filter(member__in=candidates).order_by("effective_on", "id"):
        events[event.member_id].append(event)
    end_of = batch_probation_end()
    deferral_months = batch_rule("badge_discipline_deferral_months")
    result = []
    for member in candidates:
        history = events[member.pk]
        awarded = {
            int(e.details.get("years", 0))
            for e in history
            if e.kind == EventKind.BADGE_AWARDED and not e.superseded
        }
        state = final_state(replay(history, end_of))
        for years in reversed(years_list):
            due = badge_due_on(state, years)
            if due is not None and due <= occasion_date:
                if years not in awarded and not any(a > years for a in awarded):
                    deferral = badge_deferral(state, occasion_date, deferral_months)
                    result.append(BadgeDue(member, years, due, deferral))
                break
    return result


def batch_rule(key: str) -> Callable[[date], Any]:
    """core.rules.rule(key, day) for many days: the rows are read once (one query, made
    lazily) and chosen in Python as core.rules.rule_row chooses (the latest valid_from in
    force on the day), instead of one rule query per member."""
    rows: list[Rule] | None = None

    def value(day: date) -> Any:
        nonlocal rows
        if rows is None:
            rows = list(Rule.objects.filter(key=key))
        in_force = [
            r for r in rows if r.valid_from <= day and (r.valid_to is None or r.valid_to > day)
        ]
        if not in_force:
            return rule(key, day)  # fails as the single lookup would
        return max(in_force, key=lambda r: r.valid_from).value

    return value


def batch_probation_end() -> Callable[[date], date]:
    """regulations.probation_end for replaying many members (see batch_rule)."""
    months = batch_rule("probation_months")

    def end(admitted_on: date) -> date:
        return add_months(admitted_on, int(months(admitted_on)))

    return end


def probation_ending(
    orgs: QuerySet[Organization], within_days: int = 30, today: date | None = None
) -> QuerySet[Member]:
    """Probationary members whose 12 months end between today and `within_days` later."""
    day = today or local_today()
    months = int(rule("probation_months", day))
    return Member.objects.filter(
        organization__in=orgs,
        status=MemberStatus.PROBATIONARY,
        admitted_on__gte=add_months(day, -months),
        admitted_on__lte=add_months(day + timedelta(days=within_days), -months),
    ).order_by("admitted_on", "pk")


def probation_overdue(orgs: QuerySet[Organization], today: date | None = None) -> QuerySet[Member]:
    """Probationary members past their 12 months and not yet recognised or struck off."""
    day = today or local_today()
    months = int(rule("probation_months", day))
    return Member.objects.filter(
        organization__in=orgs,
        status=MemberStatus.PROBATIONARY,
        admitted_on__lt=add_months(day, -months),
    ).order_by("admitted_on", "pk")


def transfers_overdue(
    orgs: QuerySet[Organization], today: date | None = None
) -> QuerySet[Transfer]:
    """Transfer letters from `orgs` still pending after their deadline to be presented."""
    day = today or local_today()
    return Transfer.objects.filter(
        from_organization__in=orgs, status=TransferStatus.PENDING, deadline__lt=day
    ).order_by("deadline", "pk")


def catalog_entry(
    model: type[Ethnicity] | type[Religion], text: str
) -> Ethnicity | Religion | None:
    """The catalog row whose name or a known variant matches `text`, ignoring diacritics, case
    and hyphens ("khmer", "Khơ me" → Khơ-me): for imports and search. One query."""
    wanted = _catalog_key(text)
    if not wanted:
        return None
    for row in model.objects.all():
        names = [row.name, *row.variants.split(",")]
        if any(_catalog_key(name) == wanted for name in names):
            return row
    return None


def _catalog_key(text: str) -> str:
    return fold(text.replace("-", " ").replace("'", ""))
