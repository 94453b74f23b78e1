"""Vietnamese names of the audit actions the meetings app records."""

AUDIT_LABELS = {
    "meeting.create": "Lên lịch sinh hoạt chi bộ",
    "meeting.update": "Sửa buổi sinh hoạt chi bộ",
    "meeting.publish": "Thông báo lịch sinh hoạt chi bộ",
    "meeting.attendance": "Điểm danh sinh hoạt chi bộ",
    "meeting.hold": "Ghi nhận đã họp chi bộ",
}
