"""Vietnamese names of the audit actions the targets app records."""

AUDIT_LABELS = {
    "target.create": "Thêm chỉ tiêu",
    "target.update": "Sửa chỉ tiêu",
    "target.progress": "Báo cáo kết quả chỉ tiêu",
    "target.link_indicator": "Gắn chỉ số đo cho chỉ tiêu",
    "target.cascade": "Giao chỉ tiêu cho đơn vị cấp dưới",
    "task.create": "Thêm nhiệm vụ",
    "task.update": "Sửa nhiệm vụ",
    "task.report": "Báo cáo tiến độ nhiệm vụ",
    "proposal.extract": "Đọc chỉ tiêu, nhiệm vụ từ văn bản",
    "proposal.accept": "Nhận chỉ tiêu, nhiệm vụ đề xuất",
    "proposal.reject": "Bỏ chỉ tiêu, nhiệm vụ đề xuất",
    "reminder.raise": "Nhắc việc đến hạn, quá hạn",
    "target.download": "Tải tệp minh chứng, tệp báo cáo nhiệm vụ",
    "target.export": "Xuất bảng theo dõi, báo cáo sơ kết",
}
