"""Completeness and timeliness of the reports against hand counts, and the daily reminders
before and after the deadline, once a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from conftest import Tree
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.indicators import reporting
from dangbo.indicators.models import FormReminder, ReminderKind
from dangbo.indicators.reporting_queries import completeness
from dangbo.indicators.reporting_reminders import latest_due_period
from dangbo.indicators.tests.reporting_helpers import Q2, Q3, Setup, good_values, make_form
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db
ON_TIME = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def setup(tree: Tree) -> Setup:
    return make_form(tree)


@pytest.fixture
def reports(tree: Tree, setup: Setup, secretary_a: User) -> Setup:
    """Cell A: Q3 sent on time (05/10) and approved, Q2 sent late (today); cell B: a Q3 draft
    and nothing for Q2. Both quarters are past their deadlines (10/07 and 10/10)."""
    admin = setup.reviewer
    with time_machine.travel(ON_TIME, tick=False):
        q3 = reporting.save_submission(
            actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
            values=good_values(setup),
        )  # fmt: skip
        reporting.submit_submission(actor=secretary_a, submission=q3)
    reporting.approve_submission(actor=admin, submission=q3)
    q2 = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q2,
        values=good_values(setup),
    )  # fmt: skip
    reporting.submit_submission(actor=secretary_a, submission=q2)
    reporting.save_submission(
        actor=admin, form=setup.form, organization=tree.cell_b, period=Q3,
        values=good_values(setup, done=0),
    )  # fmt: skip
    return setup


def _states(row: Any) -> list[tuple[str, bool]]:
    return [(c.state, c.late) for c in row.cells]


def test_the_commune_sees_one_row_per_cell_with_state_and_timeliness(
    tree: Tree, reports: Setup, django_assert_max_num_queries: Any
) -> None:
    everything = Organization.objects.all()
    with django_assert_max_num_queries(4):
        heat = completeness(reports.form, tree.commune, [Q2, Q3], everything)
    assert not heat.rolled_up and heat.columns == [Q2, Q3]
    rows = {r.organization.name: _states(r) for r in heat.rows}
    assert [r.organization.name for r in heat.rows] == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert rows["Chi bộ Ấp Một"] == [("submitted", True), ("approved", False)]
    assert rows["Chi bộ Ấp Hai"] == [("missing", True), ("draft", True)]
    assert heat.rows[1].cells[1].label == "Đã duyệt"
    assert heat.rows[1].cells[0].label == "Đã gửi, chờ duyệt (trễ hạn)"
    assert [t.label for t in heat.totals] == [
        "1/2 đơn vị đã nộp, 2 trễ hạn",
        "1/2 đơn vị đã nộp, 1 trễ hạn",
    ]
    assert heat.due_dates == ["10/07/2026", "10/10/2026"]


def test_the_province_sees_its_child_units_rolled_up(
    tree: Tree, reports: Setup, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(5):
        heat = completeness(reports.form, tree.root, [Q2, Q3], Organization.objects.all())
    assert heat.rolled_up
    assert [r.organization for r in heat.rows] == [tree.commune]
    assert heat.rows[0].units == 2
    cells = heat.rows[0].cells
    assert [c.label for c in cells] == [
        "1/2 đơn vị đã nộp, 2 trễ hạn",
        "1/2 đơn vị đã nộp, 1 trễ hạn",
    ]
    assert [(c.sent, c.total, c.late_count) for c in cells] == [(1, 2, 2), (1, 2, 1)]
    assert cells[0].css == "text-bg-warning"


def test_a_secretary_counts_only_the_units_in_scope(
    tree: Tree, reports: Setup, secretary_a: User
) -> None:
    heat = completeness(reports.form, tree.commune, [Q3], scope(secretary_a, Organization))
    assert [r.organization for r in heat.rows] == [tree.cell_a]


def test_a_period_not_yet_due_shows_pending_not_missing(tree: Tree, setup: Setup) -> None:
    heat = completeness(
        setup.form, tree.commune, [Q3], Organization.objects.all(), today=dt.date(2026, 10, 2)
    )
    assert {c.state for r in heat.rows for c in r.cells} == {"pending"}
    assert heat.rows[0].cells[0].label == "Chưa nộp (hạn 10/10/2026)"
    assert heat.totals[0].css == "text-bg-light"


def test_reminders_before_the_deadline_once_a_day(tree: Tree, setup: Setup) -> None:
    day = dt.date(2026, 10, 8)  # within 3 days before 10/10
    assert latest_due_period(setup.form, day) == Q3
    assert reporting.raise_form_reminders(today=day) == 2
    assert reporting.raise_form_reminders(today=day) == 0
    kinds = set(FormReminder.objects.values_list("kind", "period_start", "due_on"))
    assert kinds == {(ReminderKind.DUE_SOON, Q3.start, dt.date(2026, 10, 10))}
    assert AuditEvent.objects.filter(action="reporting.reminder_raise").count() == 1
    assert reporting.raise_form_reminders(today=day + dt.timedelta(days=1)) == 2


def test_reminders_after_the_deadline_skip_units_that_sent(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    with time_machine.travel(ON_TIME, tick=False):
        sent = reporting.save_submission(
            actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
            values=good_values(setup),
        )  # fmt: skip
        reporting.submit_submission(actor=secretary_a, submission=sent)
    assert reporting.raise_form_reminders(today=dt.date(2026, 10, 11)) == 1
    reminder = FormReminder.objects.get()
    assert (reminder.organization, reminder.kind) == (tree.cell_b, ReminderKind.OVERDUE)


def test_before_the_window_opens_the_previous_overdue_period_is_reminded(
    tree: Tree, setup: Setup
) -> None:
    day = dt.date(2026, 10, 5)
    assert latest_due_period(setup.form, day) == Q2
    assert reporting.raise_form_reminders(today=day) == 2
    assert set(FormReminder.objects.values_list("kind", flat=True)) == {ReminderKind.OVERDUE}


def test_an_inactive_form_raises_no_reminder_and_the_command_reports_its_count(
    tree: Tree, setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("raise_form_reminders")
    assert "Đã tạo 2 nhắc nộp báo cáo." in capsys.readouterr().out
    setup.form.active = False
    setup.form.save(update_fields=["active"])
    assert reporting.raise_form_reminders(today=dt.date(2026, 12, 2)) == 0
