"""Vietnamese names of the audit actions the indicators app records."""

AUDIT_LABELS = {
    "indicators.create": "Thêm chỉ số",
    "indicators.update": "Sửa chỉ số",
    "indicators.refresh": "Tính lại giá trị chỉ số",
    # Reporting forms (dangbo.indicators.reporting).
    "reporting.form_create": "Ban hành biểu mẫu báo cáo",
    "reporting.form_update": "Sửa biểu mẫu báo cáo",
    "reporting.submission_save": "Nhập số liệu báo cáo theo biểu mẫu",
    "reporting.submission_submit": "Gửi báo cáo theo biểu mẫu lên cấp trên",
    "reporting.submission_approve": "Duyệt và khóa báo cáo theo biểu mẫu",
    "reporting.submission_return": "Trả lại báo cáo theo biểu mẫu",
    "reporting.reminder_raise": "Nhắc đơn vị nộp báo cáo theo biểu mẫu",
}
