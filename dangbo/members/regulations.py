"""Dates the regulations derive from a member's history (§3.1–3.4), read from rule rows.

Each function names the rule keys it reads; the rows and their sources are in core.0002
(badge_discipline_deferral_months: core.0004).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.core.formats import format_date
from dangbo.core.rules import rule
from dangbo.core.workdays import add_months, add_working_days, add_years
from dangbo.members.lifecycle import State
from dangbo.members.models import Sanction


class EarlyReason:
    """Why a badge may be awarded before it is due (HD 01-HD/TW 2021, §3.3)."""

    NONE = ""
    ILL = "ill"  # bị bệnh nặng
    POSTHUMOUS = "posthumous"  # truy tặng


def probation_end(admitted_on: date) -> date:
    """End of probation = official date: `probation_months` after the ceremony (Điều lệ Art. 5).
    Official on that day even if the cell meets or the superior approves late (§3.1)."""
    return add_months(admitted_on, int(rule("probation_months", admitted_on)))


def official_review_deadline(admitted_on: date) -> date:
    """Last day for the cell to consider recognition: `official_review_working_days` working
    days after probation ends (QĐ 24 / QĐ 294)."""
    end = probation_end(admitted_on)
    return add_working_days(end, int(rule("official_review_working_days", end)))


def ceremony_deadline(decision_received_on: date) -> date:
    """Last day for the admission ceremony: `admission_ceremony_working_days` working days
    after the cell receives the admission decision; later needs the superior's consent."""
    days = int(rule("admission_ceremony_working_days", decision_received_on))
    return add_working_days(decision_received_on, days)


def transfer_deadline(letter_issued_on: date) -> date:
    """Last day to present the transfer letter (`transfer_present_working_days`, QĐ 294 6.3.1)."""
    days = int(rule("transfer_present_working_days", letter_issued_on))
    return add_working_days(letter_issued_on, days)


def transfer_process_deadline(cause_effective_on: date) -> date:
    """Last day to complete the transfer procedure after the decision behind it took effect
    (`transfer_process_working_days`, QĐ 294 6.3.1)."""
    days = int(rule("transfer_process_working_days", cause_effective_on))
    return add_working_days(cause_effective_on, days)


def age_in_months(birth_date: date, on: date) -> int:
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    return months - (on.day < birth_date.day)


@dataclass(frozen=True)
class PartyAge:
    years: int
    months: int

    def __str__(self) -> str:
        return f"{self.years} năm {self.months} tháng"


def gap_days(state: State, on: date) -> int:
    """Days outside party activity up to `on` (§3.2): struck off or expelled until re-admitted."""
    total = sum((min(end, on) - start).days for start, end in state.gaps if start < on)
    if state.left_on is not None and state.status in ("removed", "expelled") and state.left_on < on:
        total += (on - state.left_on).days
    return total


def party_age_from(state: State, on: date) -> PartyAge | None:
    """Party age on `on`: from the admission decision minus the gaps, once official (Điều lệ
    Art. 5); None for a member never made official by then. Stops at death."""
    if state.decision_date is None or state.official_on is None or state.official_on > on:
        return None
    end = min(on, state.died_on) if state.died_on else on
    origin = state.decision_date + timedelta(days=gap_days(state, end))
    months = max(0, age_in_months(origin, end))
    return PartyAge(months // 12, months % 12)


def badge_due_on(state: State, years: int) -> date | None:
    """The day party age reaches `years` (gaps closed so far push it later)."""
    if state.decision_date is None:
        return None
    closed_gaps = sum((end - start).days for start, end in state.gaps)
    return add_years(state.decision_date + timedelta(days=closed_gaps), years)


def _early_months(years: int, reason: str, on: date) -> int:
    if reason == EarlyReason.POSTHUMOUS:
        return int(rule("badge_early_months_posthumous", on))
    if reason == EarlyReason.ILL:
        bands: dict[str, int] = rule("badge_early_months_ill", on)
        for band, months in bands.items():
            limit = int(band[2:])
            if (band.startswith("<=") and years <= limit) or (
                band.startswith(">=") and years >= limit
            ):
                return int(months)
    return 0


@dataclass(frozen=True)
class BadgeDeferral:
    """A discipline that still withholds the badge: the earliest review is `until`."""

    disciplined_on: date
    sanction: str
    until: date

    def __str__(self) -> str:
        return f"hoãn đến {format_date(self.until)}"

    @property
    def message(self) -> str:
        label = Sanction(self.sanction).label.lower()
        return (
            f"Đảng viên bị kỷ luật {label} ngày {format_date(self.disciplined_on)}: "
            f"chỉ xét tặng Huy hiệu từ ngày {format_date(self.until)}."
        )


def _deferral_rule(day: date) -> Any:
    return rule("badge_discipline_deferral_months", day)


def badge_deferral(
    state: State, on: date, months_rule: Callable[[date], Any] = _deferral_rule
) -> BadgeDeferral | None:
    """The discipline that withholds a badge on `on`, if any (§3.3): `badge_discipline_
    deferral_months` (read as of the discipline's date) per sanction after a discipline
    decided on or before `on`; the latest-ending one when several overlap. `months_rule`
    lets a list read the rule rows once (queries.badges_due)."""
    found: BadgeDeferral | None = None
    for disciplined_on, sanction in state.disciplines:
        if disciplined_on > on:
            continue
        months = int(months_rule(disciplined_on)[sanction])
        until = add_months(disciplined_on, months)
        if until > on and (found is None or until > found.until):
            found = BadgeDeferral(disciplined_on, sanction, until)
    return found


def check_badge_award(state: State, years: int, awarded_on: date, reason: str = "") -> date:
    """Refuse a badge not in the list, not yet due, earlier than the early-award rules allow,
    or withheld after a discipline (badge_deferral); return its due date.

    §3.3 lets a disciplined member's badge be considered once the deferral ends "if the chi
    bộ recognises that the member has corrected the fault": the software takes the end of the
    deferral as the earliest review; the chi bộ's recognition is its decision to propose the
    award (the decision number on the award), not a separate record."""
    allowed = [int(y) for y in rule("badge_years", awarded_on)]
    if years not in allowed:
        raise ValidationError(
            {
                "years": [
                    f"Không có Huy hiệu {years} năm tuổi Đảng ({', '.join(map(str, allowed))})."
                ]
            }
        )
    if state.official_on is None:
        raise ValidationError({"years": ["Chỉ đảng viên chính thức mới được xét tặng Huy hiệu."]})
    due = badge_due_on(state, years)
    assert due is not None
    if reason == EarlyReason.POSTHUMOUS and state.died_on is None:
        raise ValidationError({"early_reason": ["Chỉ truy tặng cho đảng viên đã từ trần."]})
    months = _early_months(years, reason, awarded_on)
    earliest = add_months(due, -months)
    # A posthumous award is judged by the day of death, not the ceremony after it.
    judged_on = state.died_on if reason == EarlyReason.POSTHUMOUS and state.died_on else awarded_on
    if judged_on < earliest:
        if months:
            message = (
                f"Huy hiệu {years} năm đến hạn ngày {format_date(due)}; được xét sớm tối đa "
                f"{months} tháng, tức từ ngày {format_date(earliest)}."
            )
        else:
            message = f"Huy hiệu {years} năm tuổi Đảng chưa đến hạn (ngày {format_date(due)})."
        raise ValidationError({"awarded_on": [message]})
    deferral = badge_deferral(state, awarded_on)
    if deferral is not None:
        raise ValidationError({"awarded_on": [deferral.message]})
    return due
