"""Vietnamese names of the audit actions the dashboard records."""

AUDIT_LABELS = {
    "dashboard.export": "Tải trang tổng quan (PDF, PNG)",
}
