"""What the roll generator plans before anything is written: members with their events and
transfers, the regulation values the dates are computed from, and the ids handed out."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dangbo.core.rules import RuleTable, rule
from dangbo.core.workdays import add_months, load_calendar
from dangbo.demo.roll.cells import Cell
from dangbo.members.lifecycle import State
from dangbo.members.services.bulk import PlannedEvent
from dangbo.orgs.models import SeatRole

YEAR_DAYS = 365.25
DAY = timedelta(days=1)

_SEAT_POSITIONS = {
    SeatRole.SECRETARY: "Bí thư Chi bộ",
    SeatRole.DEPUTY_SECRETARY: "Phó Bí thư Chi bộ",
    SeatRole.STANDING: "Chi ủy viên",
    SeatRole.MEMBER: "Chi ủy viên",
}


@dataclass(slots=True)
class PlannedTransfer:
    id: int
    from_id: int
    to_id: int | None
    to_outside: str
    letter_number: str
    letter_issued_on: date
    deadline: date
    received_on: date | None
    status: str
    temporary: bool = False
    temporary_reason: str = ""
    expected_months: int | None = None


@dataclass(slots=True)
class MemberPlan:
    id: int
    cell: Cell
    facts: dict[str, Any]
    decision_date: date
    official_on: date | None
    events: list[PlannedEvent]
    transfers: list[PlannedTransfer]
    steps: list[tuple[PlannedEvent, State]] = field(default_factory=list)


@dataclass(frozen=True)
class Special:
    """A member whose name and post are given: a chi ủy seat holder or a demo login. Always
    an official member on the roll, with a card and the badges due."""

    full_name: str
    party_position: str = ""
    user_id: int | None = None
    ages: tuple[int, int] = (32, 58)


def seat_special(role: str, name: str, user_id: int | None) -> Special:
    return Special(name, _SEAT_POSITIONS.get(SeatRole(role), ""), user_id)


class Rules:
    """The rule rows the plans need, read once (or once per date: deadlines depend on the
    working-day calendar around the date)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.badge_years = sorted(int(y) for y in rule("badge_years", today))
        self.occasions = sorted(
            tuple(int(x) for x in md.split("-")) for md in rule("badge_occasions", today)
        )
        self.temporary: dict[str, dict[str, int]] = rule("temporary_transfer", today)
        self._probation = RuleTable("probation_months")
        self._present = RuleTable("transfer_present_working_days")
        # Transfer deadlines exist from the first rule row on (QĐ 24, 2021): older transfers
        # out of the system would have no deadline to show.
        self.transfers_from: date = self._present.first or today
        self._calendar = load_calendar(self.transfers_from, today + timedelta(days=400))

    def probation_end(self, admitted_on: date) -> date:
        """members.regulations.probation_end, with the rule rows read once."""
        return add_months(admitted_on, int(self._probation.value(admitted_on)))

    def transfer_deadline(self, letter_issued_on: date) -> date:
        """members.regulations.transfer_deadline, with the rows and calendar read once."""
        days = int(self._present.value(letter_issued_on))
        return self._calendar.add_working_days(letter_issued_on, days)

    def occasion_after(self, day: date) -> date:
        """The first badge award occasion on or after `day` (3/2, 19/5, 2/9, 7/11)."""
        for year in (day.year, day.year + 1):
            for month, dom in self.occasions:
                occasion = date(year, month, dom)
                if occasion >= day:
                    return occasion
        raise AssertionError("no occasion within a year")


class Ids:
    """Primary keys handed out in plan order (the bulk writer inserts them explicitly)."""

    def __init__(self, member: int, transfer: int) -> None:
        self.member = member
        self.transfer = transfer

    def next_member(self) -> int:
        self.member += 1
        return self.member

    def next_transfer(self) -> int:
        self.transfer += 1
        return self.transfer


def between(rng: random.Random, low: date, high: date) -> date:
    """A day in [low, high]."""
    return low + timedelta(days=rng.randint(0, (high - low).days))


def years(value: float) -> timedelta:
    return timedelta(days=round(value * YEAR_DAYS))
