"""Việc cần làm: what the staff of the user's units must act on soon, in four short tables.

- probationers whose 12 months end in the next 30 days (the cell must consider recognition
  within 30 working days after, §3.1);
- probationers past their 12 months and not yet recognised or struck off;
- transfer letters sent by the user's units and not presented by their deadline (§3.4);
- transfer letters waiting for the user's units to receive them.

Each list is the query of members.queries (or the receiver's rule of the transfer pages),
narrowed to what the user's scope shows: a member of a cell sees only their own record.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import scope_q, units_for
from dangbo.core.clock import today
from dangbo.core.formats import format_date, format_number
from dangbo.core.rules import rule
from dangbo.core.workdays import WorkCalendar, add_months, load_calendar
from dangbo.members.models import EventKind, Member, Transfer
from dangbo.members.queries import probation_ending, probation_overdue, transfers_overdue
from dangbo.members.transfer_access import incoming_transfers
from dangbo.members.views.transfers import transfer_rows, with_relations
from dangbo.orgs.views.rows import url_shape

SHOWN = 50  # rows per table; the header gives the full count
SOON_DAYS = 30


def within_scope(rows: QuerySet[Any], user: Any, model: type[Model]) -> QuerySet[Any]:
    """`rows` narrowed to what the user may see of `model` (a list built from units, e.g.
    "probationers of these cells", must not show a member what only staff see)."""
    q = scope_q(user, model, Action.VIEW)
    return rows.none() if q is None else rows.filter(q)


def confirm_link(member_id: int) -> tuple[str, bool]:
    """The recognition form (members:event-create for confirmed_official) where it exists,
    else the profile, where the staff find what to do; and whether it is the form."""
    kind = EventKind.CONFIRMED_OFFICIAL.value
    for key in ("pk", "member_pk"):
        try:
            return reverse("members:event-create", kwargs={key: member_id, "kind": kind}), True
        except NoReverseMatch:
            pass
        try:
            url = reverse("members:event-create", kwargs={key: member_id})
            return f"{url}?kind={kind}", True
        except NoReverseMatch:
            pass
    return reverse("members:member-detail", args=[member_id]), False


def probation_rows(
    members: list[Member], day: date, months: int, review_days: int
) -> list[dict[str, Any]]:
    """Rows with the end of probation and the last day for the cell to consider recognition,
    computed on one working-day calendar (one query for the whole table)."""
    ends = {m.pk: add_months(m.admitted_on, months) for m in members if m.admitted_on}
    calendar: WorkCalendar | None = None
    if ends:
        # Enough days past the latest end for `review_days` working days, Tết included.
        calendar = load_calendar(
            min([*ends.values(), day]), max([*ends.values(), day]) + timedelta(review_days * 3)
        )
    head, tail = url_shape("members:member-detail")
    rows = []
    for m in members:
        end = ends.get(m.pk)
        review = calendar.add_working_days(end, review_days) if calendar and end else None
        rows.append(
            {
                "name": m.full_name,
                "url": f"{head}{m.pk}{tail}",
                "unit": m.organization.name,
                "admitted_on": format_date(m.admitted_on),
                "ends_on": format_date(end),
                "days_to_end": (end - day).days if end else None,
                "review_by": format_date(review),
                "review_late": review is not None and review < day,
                "confirm": confirm_link(m.pk),
            }
        )
    return rows


def _table(rows: QuerySet[Any]) -> tuple[int, list[Any]]:
    return rows.count(), list(rows[:SHOWN])


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = today()
    units = units_for(user)
    months = int(rule("probation_months", day))
    review_days = int(rule("official_review_working_days", day))

    def members(rows: QuerySet[Member]) -> QuerySet[Member]:
        return within_scope(rows, user, Member).select_related("organization")

    ending_count, ending = _table(members(probation_ending(units, SOON_DAYS, day)))
    late_count, late = _table(members(probation_overdue(units, day)))
    overdue_count, overdue = _table(
        with_relations(within_scope(transfers_overdue(units, day), user, Transfer))
    )
    incoming_count, incoming = _table(
        with_relations(incoming_transfers(user)).order_by("deadline", "pk")
    )
    tables = {
        "ending": (ending_count, probation_rows(ending, day, months, review_days)),
        "late": (late_count, probation_rows(late, day, months, review_days)),
        "overdue": (overdue_count, transfer_rows(user, overdue, day)),
        "incoming": (incoming_count, transfer_rows(user, incoming, day)),
    }
    context = {
        "tables": {
            key: {
                "count": format_number(count),
                "total": count,
                "rows": rows,
                "more": count - len(rows),
            }
            for key, (count, rows) in tables.items()
        },
        "soon_days": SOON_DAYS,
        "today": format_date(day),
        "transfer_list": reverse("members:transfer-list"),
    }
    return render(request, "members/worklist.html", context)
