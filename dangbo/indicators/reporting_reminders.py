"""The daily reminders of the reporting forms (issue #9 §2): before and after a report's
deadline, one reminder a day to each unit that must report and has not sent it.

For each active form only the latest period whose reminder window has opened counts ("the
latest due period"): while the Q3 report is overdue the unit is reminded of Q3; once Q4 ends
and its window opens, Q4 takes over. A report sent (or approved) stops the reminders; a draft
or a returned one does not. The daily task (reporting_tasks) and the command
`raise_form_reminders` call `raise_form_reminders`; a second run on the same day adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today as local_today
from dangbo.indicators.models import FormReminder, ReminderKind, ReportingForm
from dangbo.indicators.periods import Period, period_of
from dangbo.indicators.reporting_queries import SENT, due_on, reporting_units


def latest_due_period(form: ReportingForm, day: date) -> Period | None:
    """The latest period whose reminder window (remind_days before its deadline) has opened."""
    period = period_of(form.period_kind, day)
    for _ in range(3):  # the current period, or one of the two before it
        if due_on(form, period) - timedelta(days=form.remind_days) <= day:
            return period
        period = period.previous()
    return None


@transaction.atomic
def raise_form_reminders(*, actor: User | None = None, today: date | None = None) -> int:
    """Raise today's reminders; returns how many. One audit event per form and kind (the
    units it reminded are listed in it), so a province-wide run stays a few writes."""
    day = today or local_today()
    raised = 0
    for form in ReportingForm.objects.filter(active=True).select_related("issuer"):
        period = latest_due_period(form, day)
        if period is None:
            continue
        deadline = due_on(form, period)
        kind = ReminderKind.OVERDUE if day > deadline else ReminderKind.DUE_SOON
        units = (
            reporting_units(form)
            .filter(active_from__lte=period.end)
            .exclude(
                pk__in=form.submissions.filter(period_start=period.start, state__in=SENT).values(
                    "organization_id"
                )
            )
            .exclude(
                pk__in=FormReminder.objects.filter(
                    form=form, period_start=period.start, kind=kind, raised_on=day
                ).values("organization_id")
            )
        )
        ids = list(units.order_by("path").values_list("pk", flat=True))
        if not ids:
            continue
        FormReminder.objects.bulk_create(
            FormReminder(
                form=form,
                organization_id=pk,
                period_start=period.start,
                due_on=deadline,
                kind=kind,
                raised_on=day,
            )
            for pk in ids
        )
        raised += len(ids)
        record(
            actor=actor,
            action="reporting.reminder_raise",
            target=form,
            organization=form.issuer,
            after={
                "period": period.key,
                "kind": kind,
                "due_on": deadline,
                "raised_on": day,
                "organizations": ids,
            },
        )
    return raised
