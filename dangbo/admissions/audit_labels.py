"""Vietnamese names of the audit actions the admissions app records."""

AUDIT_LABELS = {
    "candidate.identify": "Chi bộ xác định quần chúng ưu tú",
    "candidate.papers": "Cập nhật giấy tờ hồ sơ người vào Đảng",
    "candidate.sponsor": "Thêm người giới thiệu vào Đảng",
    "candidate.advance": "Chuyển bước phát triển đảng viên",
    "course.create": "Mở lớp bồi dưỡng nhận thức về Đảng",
    "course.update": "Sửa lớp bồi dưỡng nhận thức về Đảng",
    "course.withdraw": "Rút học viên khỏi lớp nhận thức về Đảng",
    "course.enrol": "Thêm học viên lớp nhận thức về Đảng",
    "course.result": "Ghi kết quả lớp nhận thức về Đảng",
}
