"""Walk the audit chain and report the first event that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from dangbo.audit.models import GENESIS_HASH, AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(batch_size: int = 2000) -> ChainReport:
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(
                checked, f"Thiếu sự kiện #{expected_seq}: sau #{expected_seq - 1} là #{event.seq}."
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                checked, f"Sự kiện #{event.seq} (id {event.pk}) không nối với sự kiện trước nó."
            )
        if event.compute_hash() != event.hash:
            return ChainReport(
                checked, f"Sự kiện #{event.seq} (id {event.pk}) đã bị sửa: mã băm không khớp."
            )
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(
            checked,
            f"Chuỗi dừng ở #{checked} nhưng đầu chuỗi ghi #{head_seq}: "
            "các sự kiện mới nhất đã bị xóa hoặc sửa.",
        )
    return ChainReport(checked)
