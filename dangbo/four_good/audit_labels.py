"""Vietnamese names of the audit actions the four_good app records."""

AUDIT_LABELS = {
    "four_good.set_create": "Ban hành bộ tiêu chí chi bộ bốn tốt",
    "four_good.set_edit": "Sửa thông tin bộ tiêu chí chi bộ bốn tốt",
    "four_good.set_version": "Lập phiên bản mới của bộ tiêu chí chi bộ bốn tốt",
    "four_good.criterion_add": "Thêm tiêu chí chi bộ bốn tốt",
    "four_good.criterion_remove": "Bỏ tiêu chí chi bộ bốn tốt",
    "four_good.assess": "Đánh giá chi bộ bốn tốt",
    "four_good.recognize": "Công nhận chi bộ bốn tốt",
}
