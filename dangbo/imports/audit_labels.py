"""Vietnamese names of the audit actions the imports app records."""

AUDIT_LABELS = {
    "import.upload": "Tải lên tệp nhập dữ liệu",
    "import.check": "Kiểm tra tệp nhập dữ liệu",
    "import.commit": "Nhập dữ liệu từ tệp",
    "import.revert": "Hoàn tác lần nhập dữ liệu",
    "import.cancel": "Hủy lần nhập dữ liệu",
    "import.mapping": "Lưu cách ghép cột",
    "export.members": "Xuất hồ sơ đảng viên",
    "export.organizations": "Xuất danh sách tổ chức",
}
