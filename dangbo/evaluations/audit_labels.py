"""Vietnamese names of the audit actions the evaluations app records."""

AUDIT_LABELS = {
    "evaluation.round_open": "Mở đợt đánh giá, xếp loại chất lượng",
    "evaluation.round_stage": "Chuyển bước đợt đánh giá, xếp loại",
    "evaluation.grid_save": "Lưu bảng đánh giá, xếp loại của chi bộ",
    "evaluation.decide": "Cấp ủy quyết định xếp loại đảng viên",
    "evaluation.correct": "Đính chính kết quả xếp loại đảng viên",
    "evaluation.self_review": "Đảng viên nộp bản tự kiểm điểm",
    "evaluation.self_review_print": "Tải bản tự kiểm điểm của đảng viên (Word)",
    "evaluation.export": "Tải danh sách kết quả xếp loại (Excel)",
}
