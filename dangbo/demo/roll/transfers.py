"""Chuyển sinh hoạt đảng in the demo histories (QĐ 294 point 6.3.1, regulations §3.4): a
letter (Transfer) and, once received, the events receive_transfer writes — out of the system,
between two cells of the province (official or temporary), or still pending."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dangbo.core.workdays import add_months
from dangbo.demo.plans import NEW_STRUCTURE
from dangbo.demo.roll.cells import Cell
from dangbo.demo.roll.plans import Ids, PlannedEvent, PlannedTransfer, Rules, between
from dangbo.members.models import EventKind, TemporaryReason, TransferStatus

K = EventKind
OUTSIDE = (
    "Đảng bộ Quân sự tỉnh", "Đảng bộ Công an tỉnh", "Đảng bộ Thành phố Hồ Chí Minh",
    "Đảng bộ thành phố Cần Thơ", "Đảng bộ tỉnh An Giang", "Đảng bộ tỉnh Đồng Tháp",
    "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ tỉnh Vĩnh Long", "Đảng bộ tỉnh Tây Ninh",
    "Đảng bộ tỉnh Đồng Nai",
)  # fmt: skip


class Moves:
    def __init__(self, *, rng: random.Random, rules: Rules, cells: list[Cell], ids: Ids) -> None:
        self.rng = rng
        self.rules = rules
        self.today = rules.today
        self.cells = cells
        self.ids = ids

    def out_of_system(
        self, cell: Cell, letter: date, events: list[PlannedEvent], transfers: list[PlannedTransfer]
    ) -> date:
        """Handed over to a unit outside the tree: the member leaves the roll when received."""
        received = min(letter + timedelta(days=self.rng.randint(1, 12)), self.today)
        outside = self.rng.choice(OUTSIDE)
        transfer = self._transfer(cell.id, None, outside, letter, received)
        transfers.append(transfer)
        events.append(
            PlannedEvent(
                K.TRANSFER_OUT,
                received,
                cell.id,
                counterpart_name=outside,
                decision_number=transfer.letter_number,
                decision_date=letter,
                details={"transfer": transfer.id},
            )
        )
        return received

    def between_cells(
        self,
        cell: Cell,
        official: date,
        temporary: bool,
        events: list[PlannedEvent],
        transfers: list[PlannedTransfer],
    ) -> None:
        """A received transfer to another cell of the province (both exist since the 2025
        restructuring); a temporary one ends when its months are over."""
        rng, today = self.rng, self.today
        low = max(NEW_STRUCTURE, cell.active_from, official) + timedelta(days=10)
        high = today - timedelta(days=25)
        if low > high:
            return
        letter = between(rng, low, high)
        target = self.other_cell(cell, letter)
        if target is None:
            return
        received = min(letter + timedelta(days=rng.randint(2, 20)), today)
        transfer = self._transfer(cell.id, target.id, "", letter, received)
        out_kind, in_kind = K.TRANSFER_OUT, K.TRANSFER_IN
        if temporary:
            out_kind, in_kind = K.TEMPORARY_TRANSFER_OUT, K.TEMPORARY_TRANSFER_IN
            study = rng.random() < 0.4
            reason = str(TemporaryReason.STUDY if study else TemporaryReason.RESIDENCE_OR_WORK)
            limits = self.rules.temporary[reason]
            transfer.temporary = True
            transfer.temporary_reason = reason
            transfer.expected_months = rng.randint(limits["min_months"], limits["max_months"])
        transfers.append(transfer)
        number, details = transfer.letter_number, {"transfer": transfer.id}
        for kind, here, there in ((out_kind, cell.id, target.id), (in_kind, target.id, cell.id)):
            # As receive_transfer writes them: the letter is the decision.
            events.append(
                PlannedEvent(
                    kind,
                    received,
                    here,
                    there,
                    decision_number=number,
                    decision_date=letter,
                    details=dict(details),
                )
            )
        if temporary:
            assert transfer.expected_months is not None
            back = add_months(received, transfer.expected_months)
            if back <= today:
                # As end_temporary_transfer records it: at home, naming the host.
                events.append(PlannedEvent(K.TEMPORARY_TRANSFER_ENDED, back, cell.id, target.id))

    def pending(
        self,
        cell: Cell,
        ceremony: date,
        transfers: list[PlannedTransfer],
        overdue: bool | None = None,
    ) -> None:
        """A letter issued in the last weeks and not yet presented: past its 30 working days
        it is overdue (`overdue` forces one way or the other)."""
        rng = self.rng
        low, high = {None: (2, 75), True: (50, 75), False: (2, 30)}[overdue]
        letter = self.today - timedelta(days=rng.randint(low, high))
        if letter <= ceremony:
            return
        target = self.other_cell(cell, letter) if rng.random() < 0.6 else None
        outside = "" if target is not None else rng.choice(OUTSIDE)
        transfers.append(
            self._transfer(cell.id, target.id if target else None, outside, letter, None)
        )

    def other_cell(self, cell: Cell, day: date) -> Cell | None:
        for _ in range(10):
            other = self.rng.choice(self.cells)
            if other.id != cell.id and other.active_from <= day:
                return other
        return None

    def _transfer(
        self, from_id: int, to_id: int | None, outside: str, letter: date, received: date | None
    ) -> PlannedTransfer:
        return PlannedTransfer(
            id=self.ids.next_transfer(),
            from_id=from_id,
            to_id=to_id,
            to_outside=outside,
            letter_number=f"{self.rng.randint(1, 999)}-GGT/ĐU",
            letter_issued_on=letter,
            deadline=self.rules.transfer_deadline(letter),
            received_on=received,
            status=TransferStatus.RECEIVED if received else TransferStatus.PENDING,
        )
