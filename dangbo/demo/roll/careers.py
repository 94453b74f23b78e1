"""A member's history as planned events: admission, probation and recognition, party cards,
badges, exemption, transfers and leaving the roll, dated so that members.lifecycle and the
services' checks accept them (regulations §3):

- admission at 18–45 (the services allow 18–60), the ceremony 7–35 days after the decision
  (within the 30 working days), official exactly 12 months after the ceremony (§3.1);
- about 4–5 % still on probation, some of them ending within 30 days, and a few past their 12
  months without a decision (the "overdue" list);
- badges at 30, 40, 45 … years of party age on the first award occasion (3/2, 19/5, 2/9, 7/11)
  after they fall due, most but not all awarded, so the "badges due" list is not empty (§3.3);
- elders exempted from duties and meetings (§3.5), deaths, names struck off, a few expelled;
- transfers (dangbo.demo.roll.transfers, §3.4).

Every date is counted back from `today`, so the "due soon" lists of a fresh demo have entries;
each province gets at least a few of the cases a demo must show (`MINIMUM_CASES`), whatever
its size.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dangbo.core.workdays import add_months, add_years
from dangbo.demo.names import HAMLET_NAMES
from dangbo.demo.roll.cells import Cell
from dangbo.demo.roll.people import (
    FEMALE,
    Province,
    Weighted,
    record_facts,
    sex_of_name,
)
from dangbo.demo.roll.plans import (
    DAY,
    YEAR_DAYS,
    Ids,
    MemberPlan,
    PlannedEvent,
    PlannedTransfer,
    Rules,
    Special,
    between,
    years,
)
from dangbo.demo.roll.transfers import Moves
from dangbo.members.models import EventKind

K = EventKind
# Same-day events in the order a unit would record them (a badge before a death …).
_ORDER: dict[str, int] = {
    kind: i
    for i, kind in enumerate(
        (
            K.ADMITTED, K.CONFIRMED_OFFICIAL, K.CARD_ISSUED, K.CARD_REISSUED, K.BADGE_AWARDED,
            K.EXEMPTION_ENDED, K.EXEMPTED, K.TEMPORARY_TRANSFER_OUT, K.TEMPORARY_TRANSFER_IN,
            K.TEMPORARY_TRANSFER_ENDED, K.TRANSFER_OUT, K.TRANSFER_IN, K.REMOVED, K.EXPELLED,
            K.DIED,
        )
    )
}  # fmt: skip
_MOVES = (K.TRANSFER_OUT, K.TRANSFER_IN, K.TEMPORARY_TRANSFER_OUT, K.TEMPORARY_TRANSFER_IN)

# Ages now (years, weight): residents of a hamlet or quarter, and people working in a unit.
_RESIDENT_AGES = ((18, 30, 8.0), (31, 40, 16.0), (41, 50, 19.0), (51, 60, 20.0), (61, 70, 19.0),
                  (71, 80, 12.0), (81, 90, 6.0))  # fmt: skip
_WORKING_AGES = ((22, 30, 15.0), (31, 40, 32.0), (41, 50, 30.0), (51, 60, 23.0))

# What may happen to a regular member besides the usual events: (fate, probability).
# Residents' deaths depend on their age (Careers._fate).
_FATES = (
    ("removed", 0.006),
    ("failed_probation", 0.001),
    ("expelled", 0.0005),
    ("transferred_out", 0.015),
    ("moved", 0.015),
    ("temporary", 0.004),
    ("pending", 0.003),
)
_LEAVING = ("died", "removed", "expelled", "failed_probation", "transferred_out")
PROBATIONARY_SHARE = 0.035  # with the young ones who cannot be official yet: about 4.5 %
OVERDUE_SHARE = 0.0015
# Cases every province shows at least, so the small demo's worklists are never empty.
MINIMUM_CASES = {"pending": 4, "ending_soon": 2, "overdue": 2}

_REMOVAL_REASONS = (
    "Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng.",
    "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng.",
    "Giảm sút ý chí phấn đấu, không thực hiện nhiệm vụ đảng viên sau 12 tháng giáo dục.",
)


class Careers:
    """Plans the records of one province, cell by cell."""

    def __init__(
        self, *, rng: random.Random, rules: Rules, province: Province, cells: list[Cell], ids: Ids
    ) -> None:
        self.rng = rng
        self.rules = rules
        self.today = rules.today
        self.province = province
        self.ids = ids
        self.moves = Moves(rng=rng, rules=rules, cells=cells, ids=ids)
        self.wanted = dict(MINIMUM_CASES)
        self._resident = Weighted([((lo, hi), w) for lo, hi, w in _RESIDENT_AGES])
        self._working = Weighted([((lo, hi), w) for lo, hi, w in _WORKING_AGES])

    def plan(self, cell: Cell, special: Special | None = None) -> MemberPlan:
        rng, today = self.rng, self.today
        residential = cell.category.residential
        if special is not None:
            female = sex_of_name(special.full_name) == FEMALE
        else:
            female = rng.random() < cell.category.female
        mode, birth, decided, ceremony = self._life_dates(residential, special)
        age_now = (today - birth).days / YEAR_DAYS

        admission = PlannedEvent(
            K.ADMITTED,
            ceremony,
            cell.id,
            decision_number=f"{rng.randint(1, 999)}-QĐ/ĐU",
            decision_date=decided,
        )
        if ceremony < cell.active_from:
            # Entered from the paper roll, as members.services.create_member does.
            admission.details = {"entered_from": "hồ sơ"}
        events = [admission]
        transfers: list[PlannedTransfer] = []
        official = self.rules.probation_end(ceremony) if mode == "regular" else None
        fate = "" if special is not None else self._fate(mode, residential, age_now)
        stop = today + DAY  # nothing on or after this day (the day the member left the roll)
        if fate in _LEAVING:
            assert official is not None
            left_on = self._leaving(fate, cell, birth, official, events, transfers)
            if left_on is None:
                fate = ""
            else:
                stop = left_on
                official = None if fate == "failed_probation" else official
        card = None
        if official is not None:
            events.append(
                PlannedEvent(
                    K.CONFIRMED_OFFICIAL,
                    official,
                    decision_number=f"{rng.randint(1, 999)}-QĐ/ĐU",
                    decision_date=min(official + timedelta(days=rng.randint(5, 40)), today),
                )
            )
            card = self._cards(official, stop, special is not None, events)
            self._badges(decided, stop, special is not None, events)
            if fate in ("", "died") and special is None:
                self._exemption(residential, birth, age_now, official, stop, events)
            if fate in ("moved", "temporary"):
                self.moves.between_cells(cell, official, fate == "temporary", events, transfers)
        if fate == "pending" or (mode != "regular" and rng.random() < 0.003):
            overdue = None
            if self.wanted["pending"] > 0:
                overdue = self.wanted["pending"] % 2 == 0  # half of the forced ones overdue
                self.wanted["pending"] -= 1
            self.moves.pending(cell, ceremony, transfers, overdue)

        events.sort(key=lambda e: (e.effective_on, _ORDER[e.kind]))
        self._place(cell.id, events)
        facts = record_facts(
            rng,
            self.province,
            cell.category,
            cell.place,
            birth,
            female,
            full_name=special.full_name if special else "",
            probationary=official is None,
            leader=bool(special and special.party_position),
        )
        facts["admitted_at"] = self._admitted_at(cell, ceremony)
        facts["card_number"] = card
        facts["dossier_number"] = self.province.next_dossier()
        facts["party_position"] = special.party_position if special else ""
        facts["user_id"] = special.user_id if special else None
        facts["birth_year_only"] = False
        return MemberPlan(self.ids.next_member(), cell, facts, decided, official, events, transfers)

    # --- dates ----------------------------------------------------------------------------

    def _life_dates(
        self, residential: bool, special: Special | None
    ) -> tuple[str, date, date, date]:
        """(mode, birth, admission decision, ceremony) of one member."""
        rng = self.rng
        mode = "regular" if special is not None else self._mode()
        decided: date | None = None
        if mode == "regular":
            birth, decided = self._regular_dates(residential, special)
        if decided is not None:
            return mode, birth, decided, decided + timedelta(days=rng.randint(7, 35))
        mode = "overdue" if mode == "overdue" else "probation"
        ceremony = self._probation_start(mode)
        decided = ceremony - timedelta(days=rng.randint(7, 35))
        birth = decided - years(rng.uniform(18.1 if residential else 22.0, 38.0))
        return mode, birth, decided, ceremony

    def _mode(self) -> str:
        """Regular (recognised long ago), on probation, or past probation without decision."""
        r = self.rng.random()
        if r < PROBATIONARY_SHARE:
            return "probation"
        if r < PROBATIONARY_SHARE + OVERDUE_SHARE:
            return "overdue"
        if self.wanted["overdue"] > 0 and r < PROBATIONARY_SHARE + OVERDUE_SHARE + 0.01:
            self.wanted["overdue"] -= 1
            return "overdue"
        return "regular"

    def _probation_start(self, mode: str) -> date:
        """The ceremony (ngày vào Đảng) of a member still on probation."""
        rng, today = self.rng, self.today
        year_ago = add_months(today, -12)
        if mode == "overdue":  # the 12 months ended up to 80 days ago
            return year_ago - timedelta(days=rng.randint(3, 80))
        if self.wanted["ending_soon"] > 0:  # the 12 months end within 30 days
            self.wanted["ending_soon"] -= 1
            return year_ago + timedelta(days=rng.randint(1, 29))
        return today - timedelta(days=rng.randint(1, 364))

    def _regular_dates(
        self, residential: bool, special: Special | None
    ) -> tuple[date, date | None]:
        """Birth and admission decision of a member recognised long enough ago; None for the
        decision when the person is too young for that (they become a probationer)."""
        rng, today = self.rng, self.today
        if special is not None:
            age = rng.uniform(*special.ages)
        else:
            lo, hi = (self._resident if residential else self._working).pick(rng)
            age = rng.uniform(lo, hi + 1)
        birth = today - years(age)
        cap = min(45.0, age - 1.3)
        if cap < 18.1:
            return birth, None
        # Most join young: elders in the war years, the young at school, work or the army.
        decided = birth + years(18.05 + (cap - 18.05) * rng.random() ** 1.6)
        # The recognition decision must be in the past: probation ended 13+ months ago.
        latest = today - timedelta(days=440)
        if decided > latest:
            decided = latest - timedelta(days=rng.randint(0, 200))
            if decided < birth + years(18.05):
                return birth, None
        return birth, decided

    def _fate(self, mode: str, residential: bool, age: float) -> str:
        if mode != "regular":
            return ""
        died = 0.004 + 0.0045 * max(0.0, age - 55) if residential else 0.002
        r = self.rng.random()
        if r < died:
            return "died"
        r -= died
        for name, share in _FATES:
            if r < share:
                return name
            r -= share
        if self.wanted["pending"] > 0 and r < 0.01:
            return "pending"
        return ""

    # --- events ---------------------------------------------------------------------------

    def _leaving(
        self,
        fate: str,
        cell: Cell,
        birth: date,
        official: date,
        events: list[PlannedEvent],
        transfers: list[PlannedTransfer],
    ) -> date | None:
        """The day the member leaves the roll, with its event; None if it cannot fit."""
        rng, today = self.rng, self.today
        recent = today - timedelta(days=8 * 365)
        if fate == "failed_probation":
            day = min(official + timedelta(days=rng.randint(10, 40)), today)
            events.append(
                self._decided(
                    K.REMOVED, day, "Không đủ điều kiện công nhận đảng viên chính thức.", "ĐU"
                )
            )
            return day
        if fate == "died":
            low = max(official + timedelta(days=180), birth + years(50), recent)
            if low >= today:
                return None
            day = between(rng, low, today - DAY)
            events.append(PlannedEvent(K.DIED, day))
            return day
        low = max(official + timedelta(days=365), recent)
        if fate == "transferred_out":
            low = max(low, self.rules.transfers_from)
        high = today - timedelta(days=20)
        if low > high:
            return None
        day = between(rng, low, high)
        if fate == "transferred_out":
            return self.moves.out_of_system(cell, day, events, transfers)
        if fate == "removed":
            events.append(self._decided(K.REMOVED, day, rng.choice(_REMOVAL_REASONS), "ĐU"))
        else:
            reason = "Vi phạm nghiêm trọng Điều lệ Đảng, bị kỷ luật khai trừ."
            events.append(self._decided(K.EXPELLED, day, reason, "ĐU"))
        return day

    def _cards(
        self, official: date, stop: date, always: bool, events: list[PlannedEvent]
    ) -> str | None:
        """Thẻ đảng viên a few months after recognition; now and then a replacement."""
        rng, today = self.rng, self.today
        issued = official + timedelta(days=rng.randint(45, 300))
        if always:
            issued = min(issued, today)
        if issued >= stop or (not always and rng.random() < 0.02):
            return None
        number = self.province.next_card()
        events.append(
            PlannedEvent(
                K.CARD_ISSUED,
                issued,
                decision_number=f"{rng.randint(1, 999)}-QĐ/TU",
                details={"card_number": number},
            )
        )
        if rng.random() < 0.02 and (stop - issued).days > 400:
            again = between(rng, issued + timedelta(days=365), stop - DAY)
            number = self.province.next_card()
            events.append(
                PlannedEvent(
                    K.CARD_REISSUED,
                    again,
                    decision_number=f"{rng.randint(1, 999)}-QĐ/TU",
                    note=rng.choice(("Thẻ bị mất.", "Thẻ bị hư hỏng.")),
                    details={"card_number": number},
                )
            )
        return number

    def _badges(self, decided: date, stop: date, always: bool, events: list[PlannedEvent]) -> None:
        """Huy hiệu Đảng on the first occasion after each falls due. These lives have no gaps,
        so party age counts from the admission decision (§3.2)."""
        rng = self.rng
        for count in self.rules.badge_years:
            due = add_years(decided, count)
            occasion = self.rules.occasion_after(due)
            if occasion >= stop:
                return
            if not always and rng.random() < 0.05:
                continue  # not awarded yet: it shows in the list of badges due
            events.append(
                PlannedEvent(
                    K.BADGE_AWARDED,
                    occasion,
                    decision_number=f"{rng.randint(100, 2999)}-QĐ/TU",
                    decision_date=occasion - timedelta(days=rng.randint(5, 20)),
                    details={"years": count, "due_on": due.isoformat(), "early_reason": ""},
                )
            )

    def _exemption(
        self,
        residential: bool,
        birth: date,
        age: float,
        official: date,
        stop: date,
        events: list[PlannedEvent],
    ) -> None:
        """Miễn công tác và sinh hoạt đảng: mostly elders (the cell decides, §3.5), a few
        members for a long illness, back after some months."""
        rng, today = self.rng, self.today
        last = min(today, stop - timedelta(days=30))
        if residential and age >= 70 and rng.random() < min(0.8, 0.2 + 0.04 * (age - 70)):
            day = max(birth + years(70 + rng.random() * (age - 70)), official + DAY * 30)
            if day <= last:
                events.append(self._decided(K.EXEMPTED, day, "Tuổi cao, sức khỏe yếu."))
            return
        if age < 65 and rng.random() < 0.004:
            day = today - timedelta(days=rng.randint(60, 1500))
            if day <= official or day > last:
                return
            events.append(self._decided(K.EXEMPTED, day, "Ốm đau, điều trị bệnh dài ngày."))
            back = day + timedelta(days=rng.randint(90, 365))
            if back < last:
                events.append(self._decided(K.EXEMPTION_ENDED, back, "Sức khỏe đã hồi phục."))

    def _decided(self, kind: str, day: date, reason: str, body: str = "CB") -> PlannedEvent:
        """A decision of the cell (NQ/CB) or of the committee above (QĐ/ĐU) with its reason."""
        number = (
            f"{self.rng.randint(1, 99):02d}-NQ/CB"
            if body == "CB"
            else f"{self.rng.randint(1, 999)}-QĐ/{body}"
        )
        return PlannedEvent(
            kind, day, decision_number=number, decision_date=day, details={"reason": reason}
        )

    @staticmethod
    def _place(home: int, events: list[PlannedEvent]) -> None:
        """Events without a unit happen where the member is then (as record_event does)."""
        current = home
        for event in events:
            if event.kind == K.TRANSFER_IN:
                current = event.organization_id or current
            elif event.organization_id is None and event.kind not in _MOVES:
                event.organization_id = current

    def _admitted_at(self, cell: Cell, ceremony: date) -> str:
        """Nơi vào Đảng, as written on the record."""
        rng = self.rng
        if ceremony >= cell.active_from or rng.random() < 0.6:
            return f"{cell.name}, {cell.parent_name}" if cell.parent_name else cell.name
        province = self.province
        return (
            f"Chi bộ ấp {rng.choice(HAMLET_NAMES)}, Đảng bộ {rng.choice(province.communes)}, "
            f"{province.name}"
        )
