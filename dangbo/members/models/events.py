"""What happened to a member, dated and with the decision behind it (DESIGN rule 3), and the
transfers of party activity between units."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangbo.core.schema import where_set
from dangbo.members.models.member import Member, MemberStatus
from dangbo.orgs.models import Organization


class EventKind(models.TextChoices):
    ADMITTED = "admitted", "Kết nạp (dự bị)"
    CONFIRMED_OFFICIAL = "confirmed_official", "Công nhận đảng viên chính thức"
    TRANSFER_OUT = "transfer_out", "Chuyển sinh hoạt đi"
    TRANSFER_IN = "transfer_in", "Chuyển sinh hoạt đến"
    TEMPORARY_TRANSFER_OUT = "temporary_out", "Chuyển sinh hoạt tạm thời đi"
    TEMPORARY_TRANSFER_IN = "temporary_in", "Sinh hoạt tạm thời tại đơn vị khác"
    TEMPORARY_TRANSFER_ENDED = "temporary_ended", "Kết thúc sinh hoạt tạm thời"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
    EXEMPTION_ENDED = "exemption_ended", "Thôi miễn công tác và sinh hoạt đảng"
    REMOVED = "removed", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    DIED = "died", "Từ trần"
    CARD_ISSUED = "card_issued", "Phát thẻ đảng viên"
    CARD_REISSUED = "card_reissued", "Cấp lại thẻ đảng viên"
    BADGE_AWARDED = "badge_awarded", "Tặng Huy hiệu Đảng"
    POSITION_CHANGED = "position_changed", "Thay đổi chức vụ"
    COMMENDED = "commended", "Khen thưởng"
    DISCIPLINED = "disciplined", "Kỷ luật"
    RECORD_CORRECTED = "record_corrected", "Đính chính thông tin hồ sơ"
    MOVED_BY_MERGER = "moved_by_merger", "Chuyển theo hợp nhất tổ chức"
    VOIDED = "voided", "Hủy bỏ sự kiện ghi nhầm"


class Sanction(models.TextChoices):
    """Hình thức kỷ luật đảng viên (§3.9); khai trừ is its own event (EventKind.EXPELLED),
    since it takes the member off the roll."""

    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"


class MemberEvent(models.Model):
    """One dated fact. Never edited nor deleted: a mistake is put right by a new event whose
    `corrects` points at it (a replacement of the same kind, or a VOIDED event); the corrected
    event is then `superseded` and ignored by every derivation.

    `status_after`, `organization_after` and `superseded` are caches written by
    members.lifecycle.replay, so "as of" questions are one indexed query (latest live event on
    or before the day), not a replay per member.
    """

    # The three foreign keys that lead a composite index below go without an index of their
    # own: it would only repeat that one's first column, and cost every write (an import
    # writes hundreds of thousands of events).
    member = models.ForeignKey(
        Member,
        verbose_name="đảng viên",
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    kind = models.CharField("loại", max_length=20, choices=EventKind.choices)
    effective_on = models.DateField("ngày hiệu lực")
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="tại tổ chức",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Transfers and mergers: where the member went to or came from.
    counterpart = models.ForeignKey(
        Organization,
        verbose_name="tổ chức liên quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index (Meta): most events have none
    )
    counterpart_name = models.CharField(
        "nơi đến / nơi đi (ngoài hệ thống)", max_length=255, blank=True
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name="đính chính sự kiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        db_index=False,
    )
    details = models.JSONField("chi tiết", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    superseded = models.BooleanField(default=False, editable=False)
    status_after = models.CharField(max_length=16, choices=MemberStatus.choices, editable=False)
    organization_after = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )

    # Everything about a member is read by whoever holds the member now.
    scope_path = "member__organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "sự kiện đảng viên"
        verbose_name_plural = "quá trình đảng viên"
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["member", "effective_on"]),
            models.Index(fields=["kind", "effective_on"]),
            models.Index(fields=["organization_after", "effective_on"]),
            # The statistics' events of a period, read by the unit where each happened. On
            # PostgreSQL the columns the count filters on ride along, so it reads the index
            # alone (a province's year on national data: 160 → 75 ms); SQLite ignores them.
            models.Index(
                fields=["organization", "effective_on"],
                include=["kind", "superseded", "counterpart"],
                name="members_event_org_day",
            ),
            # Who was ever struck off or expelled (the party-age gap candidates, counted in
            # every statistics query): tens of thousands of entries among millions of
            # events, read without the table.
            models.Index(
                fields=["member"],
                condition=models.Q(
                    kind__in=[EventKind.REMOVED, EventKind.EXPELLED], superseded=False
                ),
                name="members_event_ever_left",
            ),
            # Few events have a counterpart (transfers, mergers) or correct another: the
            # indexes hold only those.
            where_set("counterpart", "members_event_counterpart"),
            where_set("corrects", "members_event_corrects"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Chờ nơi đến tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận"
    CANCELLED = "cancelled", "Đã hủy"


class TemporaryReason(models.TextChoices):
    RESIDENCE_OR_WORK = "residence_or_work", "Thay đổi nơi ở, nơi làm việc"
    STUDY = "study", "Đi học tập trung trong nước"


class Transfer(models.Model):
    """Chuyển sinh hoạt đảng: a letter from the sending unit. The member moves only when the
    receiving unit records receipt; until then the sender sees it pending (QĐ 294 point 6.3.1).

    A transfer out of the system has no `to_organization` but `to_outside`; the sender records
    that it was handed over, and the member leaves the roll (status transferred_out)."""

    member = models.ForeignKey(
        Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="transfers"
    )
    from_organization = models.ForeignKey(
        Organization, verbose_name="nơi đi", on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        Organization,
        verbose_name="nơi đến",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_outside = models.CharField("nơi đến ngoài hệ thống", max_length=255, blank=True)
    temporary = models.BooleanField("tạm thời", default=False)
    temporary_reason = models.CharField(
        "lý do tạm thời", max_length=20, choices=TemporaryReason.choices, blank=True
    )
    expected_months = models.PositiveSmallIntegerField(
        "thời gian dự kiến (tháng)", null=True, blank=True
    )
    cause_effective_on = models.DateField(
        "ngày quyết định (nghỉ hưu, điều động…) có hiệu lực", null=True, blank=True
    )
    process_deadline = models.DateField("hạn làm thủ tục", null=True, blank=True)
    late_reason = models.TextField("lý do làm thủ tục chậm", blank=True)
    letter_number = models.CharField("số giấy giới thiệu", max_length=64, blank=True)
    letter_issued_on = models.DateField("ngày cấp giấy giới thiệu")
    deadline = models.DateField("hạn xuất trình tại nơi đến")
    received_on = models.DateField("ngày tiếp nhận", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The unit that holds the member: the sender while pending, the receiver once received.
    scope_path = "member__organization__path"
    scope_owner = "member__user"

    class Meta:
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"
        ordering = ["-letter_issued_on", "-id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        target = self.to_organization.name if self.to_organization else self.to_outside
        return f"{self.member} → {target}"
