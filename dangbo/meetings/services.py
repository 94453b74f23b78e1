"""Every write to meetings and attendance (DESIGN rule 1). Each service validates first and
raises ValidationError keyed by the field the message belongs to, then writes and records an
audit event in the same transaction; a refused call changes nothing.

Who may call them is checked at the web edge (pages and API ask access for Action.EDIT on the
cell); these functions hold the rules of the meeting itself.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import changed, snapshot
from dangbo.core.text import nfc
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingStatus
from dangbo.meetings.queries import attendance_sheet, quality_choices, roll_on
from dangbo.members.models import Member
from dangbo.orgs.models import CELL_KINDS, Organization

MEETING_FIELDS = (
    "organization",
    "kind",
    "date",
    "place",
    "agenda",
    "chair",
    "minute_taker",
    "supervisor",
    "supervisor_attended",
    "content",
    "conclusions",
    "quality",
    "status",
)
# Fields a held meeting's minutes may still correct; its cell and date are fixed by then.
MINUTES_FIELDS = {
    "place",
    "agenda",
    "chair",
    "minute_taker",
    "supervisor",
    "supervisor_attended",
    "content",
    "conclusions",
    "quality",
}
EDITABLE = MINUTES_FIELDS | {"kind", "date"}
# (mark, reason) per member id: one row of the secretary's sheet.
SheetRow = tuple[str, str]


def _check_cell(org: Organization, day: date) -> None:
    if org.kind not in CELL_KINDS:
        raise field_error("organization", "Chỉ chi bộ mới có lịch sinh hoạt chi bộ.")
    if not org.is_active_on(day):
        raise field_error(
            "date",
            f"Ngày {format_date(day)} {org.name} không hoạt động "
            "(đã chấm dứt hoặc chưa thành lập).",
        )


def _check_fields(meeting: Meeting) -> None:
    if meeting.kind not in MeetingKind.values:
        raise field_error("kind", "Chọn loại sinh hoạt: thường kỳ hoặc chuyên đề.")
    if not meeting.agenda.strip():
        raise field_error("agenda", "Nhập chủ đề, nội dung chính của buổi sinh hoạt.")
    if meeting.quality and meeting.quality not in dict(quality_choices(meeting.date)):
        labels = ", ".join(label for _, label in quality_choices(meeting.date))
        raise field_error("quality", f"Xếp loại chất lượng phải là một trong: {labels}.")
    if meeting.supervisor_attended is not None and meeting.supervisor_id is None:
        raise field_error(
            "supervisor_attended", "Chọn cấp ủy viên phụ trách trước khi ghi có dự hay không."
        )
    for name, label in (("chair", "Người chủ trì"), ("minute_taker", "Thư ký")):
        member: Member | None = getattr(meeting, name)
        if member is not None and not roll_on(meeting).filter(pk=member.pk).exists():
            raise field_error(
                name,
                f"{label} {member.full_name} không có tên trong danh sách đảng viên của chi bộ "
                f"ngày {format_date(meeting.date)}.",
            )


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {k: nfc(v).strip() if isinstance(v, str) else v for k, v in values.items()}


@transaction.atomic
def create_meeting(
    *,
    actor: User | None,
    organization: Organization,
    date: date,
    agenda: str,
    kind: str = MeetingKind.REGULAR,
    place: str = "",
    chair: Member | None = None,
    minute_taker: Member | None = None,
    supervisor: Member | None = None,
) -> Meeting:
    """Plan a meeting of a cell (status "dự kiến"); its notice is published separately."""
    _check_cell(organization, date)
    values = _clean_text({"kind": kind, "agenda": agenda, "place": place})
    meeting = Meeting(
        organization=organization,
        date=date,
        chair=chair,
        minute_taker=minute_taker,
        supervisor=supervisor,
        created_by=actor,
        **values,
    )
    _check_fields(meeting)
    meeting.save()
    record(
        actor=actor,
        action="meeting.create",
        target=meeting,
        organization=organization,
        after=snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor: User | None, meeting: Meeting, **values: Any) -> Meeting:
    """Change a meeting's plan or its minutes. A held meeting keeps its date and kind."""
    allowed = MINUTES_FIELDS if meeting.is_held else EDITABLE
    unknown = set(values) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise field_error(name, "Buổi sinh hoạt đã họp: không sửa được trường này.")
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in _clean_text(values).items():
        setattr(meeting, name, value)
    if "date" in values:
        _check_cell(meeting.organization, meeting.date)
    _check_fields(meeting)
    meeting.save()
    old, new = changed(before, snapshot(meeting, MEETING_FIELDS))
    if new:
        record(
            actor=actor,
            action="meeting.update",
            target=meeting,
            organization=meeting.organization,
            before=old,
            after=new,
        )
    return meeting


@transaction.atomic
def publish_notice(*, actor: User | None, meeting: Meeting) -> Meeting:
    """Publish the date, place and topic to the cell's members ahead of the meeting."""
    if meeting.is_held:
        raise field_error("status", "Buổi sinh hoạt đã họp, không cần thông báo nữa.")
    if not meeting.place.strip():
        raise field_error("place", "Nhập địa điểm trước khi thông báo cho đảng viên.")
    meeting.notice_published_at = timezone.now()
    meeting.save(update_fields=["notice_published_at", "updated_at"])
    record(
        actor=actor,
        action="meeting.publish",
        target=meeting,
        organization=meeting.organization,
        after={"date": meeting.date, "place": meeting.place, "agenda": meeting.agenda},
    )
    return meeting


def _refuse_future(meeting: Meeting, what: str) -> None:
    if meeting.date > today():
        raise field_error(
            "date", f"Buổi sinh hoạt ngày {format_date(meeting.date)} chưa diễn ra: {what}."
        )


@transaction.atomic
def record_attendance(
    *, actor: User | None, meeting: Meeting, sheet: Mapping[int, SheetRow]
) -> list[Attendance]:
    """Save the whole attendance sheet in one transaction. Every member who must attend gets a
    mark; exempt members may be listed or left out. Anyone not on the cell's roll on the
    meeting's date is refused, and then nothing is saved."""
    _refuse_future(meeting, "chưa điểm danh được")
    roll = attendance_sheet(meeting)
    exempt_ids = {entry.member.pk for entry in roll.exempt}
    names = {entry.member.pk: entry.member.full_name for entry in roll.members + roll.exempt}
    strangers = [pk for pk in sheet if pk not in names]
    if strangers:
        # Ids only: naming them would tell a secretary who is behind another cell's ids.
        who = ", ".join(f"mã {pk}" for pk in strangers[:5])
        raise field_error(
            "attendance",
            f"Không có tên trong danh sách đảng viên của {meeting.organization.name} ngày "
            f"{format_date(meeting.date)}: {who}.",
        )
    rows: list[Attendance] = []
    for member_id, (mark, reason) in sheet.items():
        reason = nfc(reason or "").strip()
        if mark not in Mark.values:
            raise field_error("attendance", f"{names[member_id]}: điểm danh không hợp lệ.")
        if mark == Mark.EXCUSED and not reason:
            raise field_error("attendance", f"{names[member_id]}: nhập lý do vắng.")
        if len(reason) > 255:
            raise field_error("attendance", f"{names[member_id]}: lý do không quá 255 ký tự.")
        if mark == Mark.PRESENT:
            reason = ""
        rows.append(
            Attendance(
                meeting=meeting,
                member_id=member_id,
                mark=mark,
                reason=reason,
                exempt=member_id in exempt_ids,
            )
        )
    missing = [entry.member.full_name for entry in roll.members if entry.member.pk not in sheet]
    if missing:
        raise field_error("attendance", f"Chưa điểm danh: {', '.join(missing[:10])}.")
    saved = Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["meeting", "member"],
        update_fields=["mark", "reason", "exempt"],
    )
    counts = {mark: sum(1 for row in rows if row.mark == mark) for mark in Mark.values}
    record(
        actor=actor,
        action="meeting.attendance",
        target=meeting,
        organization=meeting.organization,
        after={"counts": counts, "marks": {str(r.member_id): r.mark for r in rows}},
    )
    return saved


@transaction.atomic
def hold_meeting(*, actor: User | None, meeting: Meeting) -> Meeting:
    """Mark the meeting held: its day has come, the sheet is complete and the quorum of the
    rule meetings.quorum is reached, with the chair and minute-taker named for the minutes."""
    if meeting.is_held:
        raise field_error("status", "Buổi sinh hoạt này đã được ghi là đã họp.")
    _refuse_future(meeting, "không ghi là đã họp được")
    if meeting.chair_id is None:
        raise field_error("chair", "Chọn người chủ trì buổi sinh hoạt.")
    if meeting.minute_taker_id is None:
        raise field_error("minute_taker", "Chọn thư ký ghi biên bản.")
    sheet = attendance_sheet(meeting)
    if sheet.unmarked:
        names = ", ".join(entry.member.full_name for entry in sheet.unmarked[:10])
        raise field_error("attendance", f"Chưa điểm danh: {names}.")
    quorum = sheet.quorum()
    if not quorum.reached:
        raise field_error(
            "attendance",
            f"Chưa đủ số đảng viên dự họp: có mặt {quorum.present}/{quorum.expected}, cần "
            f"{quorum.rule_text} (ít nhất {quorum.needed}) số đảng viên phải dự.",
        )
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="meeting.hold",
        target=meeting,
        organization=meeting.organization,
        after={"status": meeting.status, "present": quorum.present, "expected": quorum.expected},
    )
    return meeting


@transaction.atomic
def plan_year(
    *,
    actor: User | None,
    organization: Organization,
    year: int,
    day_of_month: int,
    place: str = "",
) -> list[Meeting]:
    """The yearly plan: one regular meeting a month (regulations.md §3.8, "sinh hoạt thường kỳ
    mỗi tháng 1 kỳ") on the given day, or the month's last day when shorter. Months that
    already have a regular meeting are left as they are."""
    if not 1 <= day_of_month <= 31:
        raise field_error("day_of_month", "Ngày trong tháng phải từ 1 đến 31.")
    if not 1945 <= year <= 2200:
        raise field_error("year", "Năm không hợp lệ.")
    taken = set(
        Meeting.objects.filter(
            organization=organization, kind=MeetingKind.REGULAR, date__year=year
        ).values_list("date__month", flat=True)
    )
    days = [
        date(year, month, min(day_of_month, monthrange(year, month)[1]))
        for month in range(1, 13)
        if month not in taken
    ]
    active = [day for day in days if organization.is_active_on(day)]
    if not active:
        raise field_error("year", f"Năm {year} chi bộ đã có đủ lịch sinh hoạt thường kỳ.")
    _check_cell(organization, active[0])
    place = nfc(place).strip()
    created = Meeting.objects.bulk_create(
        Meeting(
            organization=organization,
            kind=MeetingKind.REGULAR,
            date=day,
            place=place,
            agenda=f"Sinh hoạt chi bộ thường kỳ tháng {day.month}/{day.year}",
            created_by=actor,
        )
        for day in active
    )
    for meeting in created:
        record(
            actor=actor,
            action="meeting.create",
            target=meeting,
            organization=organization,
            after=snapshot(meeting, MEETING_FIELDS),
        )
    return created
