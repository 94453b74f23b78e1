"""Every write of the reporting forms (issue #9 §2, DESIGN rule 1): issuing a form, a unit's
report (saved as a draft, then sent), the review by the level above (approve, which locks the
report and refreshes its indicators, or return with a comment), and the daily reminders.

Who may do what is decided here, because the API and the pages must agree on it:
- a form is issued by a unit the actor may edit (Action.EDIT on the issuer);
- a report is entered and sent by whoever may edit the reporting unit;
- "the higher level" that approves or returns a report is a user whose grant covers the form's
  issuer (Action.EDIT on the issuer): the committee that asked for the figures reviews them.
  A cell's secretary therefore never approves their own cell's report.

A refused call raises ValidationError keyed by the field at fault, in Vietnamese, and writes
nothing (the transaction rolls back).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today as local_today
from dangbo.core.errors import field_error
from dangbo.indicators.compute import refresh
from dangbo.indicators.models import (
    Indicator,
    RefreshTrigger,
    ReportingForm,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import Period, PeriodKind
from dangbo.indicators.reporting_issue import (
    FORM_PERIOD_KINDS,
    REPORTING_KINDS,
    create_form,
    update_form,
)
from dangbo.indicators.reporting_queries import due_on
from dangbo.indicators.reporting_reminders import raise_form_reminders
from dangbo.indicators.reporting_values import ValueInput, check_values
from dangbo.orgs.models import Organization, OrgKind

__all__ = [
    "EDITABLE",
    "FORM_PERIOD_KINDS",
    "LOCKED",
    "REPORTING_KINDS",
    "ValueInput",
    "approve_submission",
    "create_form",
    "due_on",
    "may_report",
    "may_review",
    "period_of_submission",
    "raise_form_reminders",
    "reports_to",
    "return_submission",
    "save_submission",
    "submit_submission",
    "update_form",
]

LOCKED = "Báo cáo đã được duyệt và khóa"
EDITABLE = (SubmissionState.DRAFT, SubmissionState.RETURNED)


def period_of_submission(submission: Submission) -> Period:
    return Period(submission.period_start, submission.period_end, submission.period_kind)


def reports_to(form: ReportingForm, organization: Organization) -> bool:
    """Must `organization` fill in `form`? Units of the form's kinds strictly below the issuer."""
    issuer = form.issuer
    return (
        organization.kind in form.org_kinds
        and organization.path.startswith(issuer.path)
        and organization.depth > issuer.depth
    )


def may_report(user: Any, organization: Organization) -> bool:
    return user is not None and can(user, Action.EDIT, organization)


def may_review(user: Any, form: ReportingForm) -> bool:
    """The higher level: a grant that lets the user edit the issuer of the form."""
    return user is not None and can(user, Action.EDIT, form.issuer)


# --- Reports ---------------------------------------------------------------------------------


def _check_unit(actor: User | None, form: ReportingForm, organization: Organization) -> None:
    if not reports_to(form, organization):
        kinds = ", ".join(OrgKind(k).label.lower() for k in form.org_kinds if k in OrgKind.values)
        raise field_error(
            "organization",
            f"{organization.name} không thuộc diện báo cáo biểu mẫu này (biểu mẫu dành cho "
            f"{kinds} trực thuộc {form.issuer.name}).",
        )
    if organization.is_dissolved:
        raise field_error("organization", f"{organization.name} đã chấm dứt hoạt động.")
    if not may_report(actor, organization):
        raise field_error("organization", "Đồng chí không có quyền nhập báo cáo của đơn vị này.")


def _locked_error(submission: Submission) -> ValidationError | None:
    if submission.state == SubmissionState.APPROVED:
        return field_error("state", f"{LOCKED}; không sửa, gửi lại được.")
    if submission.state == SubmissionState.SUBMITTED:
        return field_error(
            "state", "Báo cáo đã gửi, đang chờ cấp trên duyệt; chỉ sửa được khi bị trả lại."
        )
    return None


def _values_facts(submission: Submission) -> dict[str, Any]:
    return {
        v.indicator.code: [v.numerator, v.denominator, v.note]
        for v in submission.values.select_related("indicator")
    }


@transaction.atomic
def save_submission(
    *,
    actor: User | None,
    form: ReportingForm,
    organization: Organization,
    period: Period,
    values: Mapping[Indicator, ValueInput | tuple[Any, ...]],
) -> Submission:
    """Save a unit's figures for a period as a draft (a returned report stays returned, with
    its comment, until it is sent again). Every figure is checked before anything is written."""
    if not form.active:
        raise field_error("form", "Biểu mẫu đã ngừng sử dụng.")
    if period.kind != form.period_kind:
        raise field_error(
            "period", f"Biểu mẫu báo cáo theo kỳ {PeriodKind(form.period_kind).label.lower()}."
        )
    if period.start > local_today():
        raise field_error("period", f"Chưa đến kỳ báo cáo {period.label}.")
    _check_unit(actor, form, organization)
    existing = (
        Submission.objects.select_for_update()
        .filter(form=form, organization=organization, period_start=period.start)
        .first()
    )
    if existing is not None and (error := _locked_error(existing)) is not None:
        raise error
    indicators = list(form.indicators.all())
    cleaned = check_values(indicators, values)
    if existing is None:
        submission = Submission.objects.create(
            form=form,
            organization=organization,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            due_on=due_on(form, period),
        )
        before: dict[str, Any] = {}
    else:
        submission = existing
        before = {"values": _values_facts(submission)}
    for indicator in indicators:
        numerator, denominator, note = cleaned[indicator.pk]
        SubmissionValue.objects.update_or_create(
            submission=submission,
            indicator=indicator,
            defaults={"numerator": numerator, "denominator": denominator, "note": note},
        )
    record(
        actor=actor,
        action="reporting.submission_save",
        target=submission,
        organization=organization,
        before=before,
        after={
            "form": form.code,
            "period": period.key,
            "state": submission.state,
            "values": _values_facts(submission),
        },
    )
    return submission


def _locked_for_review(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("form__issuer", "organization")
        .get(pk=submission.pk)
    )


def _when(at: datetime | None, earliest: datetime | None, field: str) -> datetime:
    """When a step happened: now, or earlier for a report sent and reviewed on paper and
    entered afterwards (never in the future, never before the step it follows)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise field_error(field, "Thời điểm không được sau hiện tại.")
    if earliest is not None and at < earliest:
        raise field_error(field, "Thời điểm không được trước bước trước đó của báo cáo.")
    return at


@transaction.atomic
def submit_submission(
    *, actor: User | None, submission: Submission, sent_at: datetime | None = None
) -> Submission:
    """Send a draft (or a returned report, corrected) to the level above for approval.
    `sent_at` is for a report sent on paper and entered later: its timeliness counts from it."""
    submission = _locked_for_review(submission)
    if submission.state not in EDITABLE:
        error = _locked_error(submission)
        assert error is not None
        raise error
    if not may_report(actor, submission.organization):
        raise field_error("organization", "Đồng chí không có quyền gửi báo cáo của đơn vị này.")
    missing = [
        i.name
        for i in submission.form.indicators.exclude(pk__in=submission.values.values("indicator_id"))
    ]
    if missing:
        raise field_error("values", f"Chưa nhập số liệu: {'; '.join(missing)}.")
    period_start = timezone.make_aware(datetime.combine(submission.period_start, time()))
    when = _when(sent_at, max(filter(None, [submission.reviewed_at, period_start])), "sent_at")
    before = submission.state
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_by = actor
    submission.submitted_at = when
    submission.save(update_fields=["state", "submitted_by", "submitted_at"])
    record(
        actor=actor,
        action="reporting.submission_submit",
        target=submission,
        organization=submission.organization,
        before={"state": before},
        after={
            "state": submission.state,
            "late": submission.submitted_at.date() > submission.due_on,
        },
    )
    return submission


def _review(
    actor: User | None,
    submission: Submission,
    state: str,
    comment: str,
    action: str,
    at: datetime | None,
) -> Submission:
    submission = _locked_for_review(submission)
    if submission.state == SubmissionState.APPROVED:
        raise field_error("state", f"{LOCKED}.")
    if submission.state != SubmissionState.SUBMITTED:
        raise field_error("state", "Báo cáo chưa được gửi nên chưa duyệt hoặc trả lại được.")
    if not may_review(actor, submission.form):
        raise field_error(
            "state",
            f"Chỉ cấp ủy {submission.form.issuer.name} (đơn vị ban hành biểu mẫu) mới duyệt "
            "hoặc trả lại báo cáo này.",
        )
    comment = (comment or "").strip()
    if len(comment) > 5000:
        raise field_error("comment", "Ý kiến dài quá 5.000 ký tự.")
    submission.state = state
    submission.reviewed_by = actor
    submission.reviewed_at = _when(at, submission.submitted_at, "reviewed_at")
    submission.review_comment = comment
    submission.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    record(
        actor=actor,
        action=action,
        target=submission,
        organization=submission.organization,
        before={"state": SubmissionState.SUBMITTED},
        after={"state": state, "comment": comment},
    )
    return submission


@transaction.atomic
def approve_submission(
    *,
    actor: User | None,
    submission: Submission,
    comment: str = "",
    reviewed_at: datetime | None = None,
) -> Submission:
    """Approve and lock a sent report, then recompute its indicators for that period so the
    unit's (and every unit above's) values include it at once."""
    submission = _review(
        actor,
        submission,
        SubmissionState.APPROVED,
        comment,
        "reporting.submission_approve",
        reviewed_at,
    )
    refresh(
        indicators=list(submission.form.indicators.all()),
        periods=[period_of_submission(submission)],
        trigger=RefreshTrigger.ON_DEMAND,
        requested_by=actor,
    )
    return submission


@transaction.atomic
def return_submission(
    *,
    actor: User | None,
    submission: Submission,
    comment: str,
    reviewed_at: datetime | None = None,
) -> Submission:
    """Return a sent report to the unit with the reason; the unit corrects it and sends again."""
    if not (comment or "").strip():
        raise field_error("comment", "Nhập ý kiến: lý do trả lại, nội dung cần sửa.")
    return _review(
        actor,
        submission,
        SubmissionState.RETURNED,
        comment,
        "reporting.submission_return",
        reviewed_at,
    )
