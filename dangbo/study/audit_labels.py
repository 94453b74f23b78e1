"""Vietnamese names of the audit actions the study app records."""

AUDIT_LABELS = {
    "study.session_create": "Tạo buổi học tập, quán triệt",
    "study.attendance": "Ghi danh sách đảng viên dự học tập",
    "study.reflection_upload": "Nộp bài thu hoạch",
    "study.reflection_receive": "Đánh dấu đã nhận bài thu hoạch",
    "study.reflection_download": "Tải bài thu hoạch",
}
