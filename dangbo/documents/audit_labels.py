"""Vietnamese names of the audit actions the documents app records."""

AUDIT_LABELS = {
    "document.create": "Tạo văn bản",
    "document.update": "Sửa văn bản",
    "document.issue": "Ban hành văn bản (cấp số)",
    "document.replace": "Thay thế văn bản",
    "document.attach": "Đính kèm tệp vào văn bản",
    "document.download": "Tải tệp đính kèm văn bản",
}
