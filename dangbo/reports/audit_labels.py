"""Vietnamese names of the audit actions the reports app records."""

AUDIT_LABELS = {
    "report.evaluation_export": "Tải báo cáo kết quả đánh giá, xếp loại",
}
