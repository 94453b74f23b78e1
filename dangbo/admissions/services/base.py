"""What the admissions services share: permission, audit, dates, text, locking."""

from __future__ import annotations

from datetime import date
from typing import Any

from dangbo.access.policy import Action
from dangbo.access.scoping import require
from dangbo.accounts.models import User
from dangbo.admissions.models import (
    Candidate,
    Stage,
)
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.text import nfc
from dangbo.orgs.models import Organization

DATE_FIELD: dict[str, str] = {
    Stage.IDENTIFIED: "identified_on",
    Stage.COURSE: "course_on",
    Stage.FILE: "file_on",
    Stage.CELL_RESOLUTION: "resolution_on",
    Stage.COMMITTEE: "committee_on",
    Stage.DECISION: "decision_on",
    Stage.CEREMONY: "ceremony_on",
    Stage.CELL_VOTE: "vote_on",
    Stage.OFFICIAL: "official_on",
}
FIELDS = (
    "full_name",
    "birth_date",
    "sex",
    "national_id",
    "organization",
    "stage",
    *DATE_FIELD.values(),
    "decision_number",
    "paper_history",
    "paper_mass_org",
    "paper_verification",
    "member",
    "notes",
)


def allowed(actor: User | None, org: Organization) -> None:
    if actor is not None:
        require(actor, Action.EDIT, org)


def audit(actor: User | None, action: str, target: Any, org: Organization, **after: Any) -> None:
    record(actor=actor, action=action, target=target, organization=org, after=after)


def past(day: date | None, field: str = "on") -> date:
    if day is None:
        raise field_error(field, "Nhập ngày (dd/mm/yyyy).")
    if day > today():
        raise field_error(field, "Ngày không được sau ngày hôm nay.")
    return day


def clean_text(value: str, field: str, limit: int) -> str:
    value = nfc(value or "").replace("\x00", "").strip()
    if len(value) > limit:
        raise field_error(field, f"Không quá {limit} ký tự.")
    return value


def locked(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("organization").get(pk=candidate.pk)
