"""What the cells of the demo talk about: agendas, minutes, absence reasons, all in Vietnamese.

The topics follow the seed documents (../shared/seeds): học tập, quán triệt nghị quyết đại hội,
chuyển đổi số and "Bình dân học vụ số", phát triển đảng viên, Quy định 144-QĐ/TW, kiểm tra,
giám sát, and the year-end review of the party's organisations and members.
"""

from __future__ import annotations

# (year, month) → the main topic of that month's regular meeting.
MONTHLY_TOPICS: dict[tuple[int, int], str] = {
    (2025, 12): "Kiểm điểm, đánh giá, xếp loại chất lượng tập thể chi ủy và đảng viên năm 2025; "
    "phương hướng, nhiệm vụ năm 2026",
    (2026, 1): "Triển khai nhiệm vụ năm 2026; học tập, quán triệt Nghị quyết Đại hội đại biểu "
    "Đảng bộ tỉnh lần thứ XV và Nghị quyết Đại hội đảng bộ cấp trên",
    (2026, 2): "Chăm lo Tết Nguyên đán Bính Ngọ 2026 cho gia đình chính sách, hộ khó khăn; "
    "thu, nộp đảng phí quý I",
    (2026, 3): "Công tác phát triển đảng viên năm 2026: rà soát, bồi dưỡng quần chúng ưu tú, "
    "phân công đảng viên giúp đỡ",
    (2026, 4): "Chuyển đổi số trong chi bộ: sổ tay đảng viên điện tử, phổ cập "
    "“Bình dân học vụ số” cho đảng viên và Nhân dân",
    (2026, 5): "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; kỷ niệm 136 năm "
    "Ngày sinh Chủ tịch Hồ Chí Minh",
    (2026, 6): "Sơ kết 6 tháng đầu năm 2026 việc thực hiện nghị quyết của chi bộ; nhiệm vụ "
    "6 tháng cuối năm",
    (2026, 7): "Thực hiện Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng "
    "viên; tri ân người có công nhân ngày 27/7",
    (2026, 8): "Phòng, chống thiên tai, sạt lở, triều cường mùa mưa bão; vận động Nhân dân "
    "giữ gìn an ninh trật tự",
    (2026, 9): "Công tác kiểm tra, giám sát của chi bộ; đảng viên thực hiện nhiệm vụ được "
    "phân công",
    (2026, 10): "Thu, nộp, quản lý đảng phí; xây dựng chi bộ “bốn tốt”, đảng viên tiêu biểu",
    (2026, 11): "Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên "
    "năm 2026",
    (2026, 12): "Kiểm điểm, đánh giá, xếp loại chất lượng tập thể chi ủy và đảng viên năm 2026; "
    "phương hướng, nhiệm vụ năm 2027",
}

# (month, day, topic) of the two thematic meetings of 2026.
THEMATIC: tuple[tuple[int, int, str], ...] = (
    (
        5,
        25,
        "Sinh hoạt chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
        "về xây dựng Đảng thật sự trong sạch, vững mạnh",
    ),
    (
        9,
        25,
        "Sinh hoạt chuyên đề: chuyển đổi số toàn diện và phổ cập “Bình dân học vụ số” — "
        "vai trò tiên phong của đảng viên",
    ),
)

CONTENT = (
    "Đồng chí chủ trì thông tin tình hình thời sự, nhiệm vụ chính trị của địa phương và văn bản "
    "mới của cấp trên. Chi bộ đánh giá việc thực hiện nghị quyết tháng trước; thảo luận chủ đề "
    "«{topic}». Có {present}/{expected} đảng viên dự họp; các đồng chí phát biểu ý kiến thẳng "
    "thắn, đúng trọng tâm."
)
CONCLUSIONS = (
    "Chi bộ thống nhất ban hành nghị quyết tháng: tập trung thực hiện «{topic}»; phân công chi "
    "ủy viên theo dõi, đôn đốc; đảng viên báo cáo kết quả tại kỳ sinh hoạt sau."
)
THEMATIC_CONCLUSIONS = (
    "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể gắn với chủ đề chuyên đề; chi ủy tổng "
    "hợp, theo dõi và đánh giá kết quả khi kiểm điểm cuối năm."
)

# Valid reasons for an excused absence, as secretaries write them on the sheet.
EXCUSED_REASONS = (
    "Đi công tác theo phân công của cơ quan",
    "Ốm, điều trị tại bệnh viện",
    "Việc gia đình đột xuất, có báo trước với chi ủy",
    "Đi học lớp bồi dưỡng chính trị",
    "Trực cơ quan, đơn vị",
    "Tuổi cao, sức yếu, có đơn xin vắng",
    "Con nhỏ ốm, có báo với đồng chí bí thư",
)
LONG_ILLNESS = "Điều trị bệnh dài ngày, có giấy của cơ sở y tế"

PLACES = (
    "Hội trường văn phòng khóm",
    "Nhà văn hóa ấp",
    "Phòng họp cơ quan",
    "Hội trường Đảng ủy",
)

NOTICE_NOTE = "Đề nghị đảng viên dự họp đầy đủ, đúng giờ (7 giờ 30); vắng phải báo chi ủy."
