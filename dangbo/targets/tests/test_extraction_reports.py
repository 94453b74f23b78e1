"""Rules of TARGETS_GUIDE.md that reports, tables and plans of other levels exercise: flattened
tables, results stated without a past-tense word, indicators named by a process, framing verbs,
ellipsis, quotas and per-target periods. Sentences here are not in any labelled set. No DB."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.targets.extraction import ExtractedTarget, extract_targets


def fields(text: str) -> list[tuple[object, ...]]:
    return [
        (t.value, t.value_max, t.unit, t.comparator, t.subject, t.metric, t.period, t.parent)
        for t in extract_targets(text)
    ]


def one(text: str) -> ExtractedTarget:
    found = extract_targets(text)
    assert len(found) == 1, [t.as_dict() for t in found]
    return found[0]


def test_a_flattened_table_reads_label_unit_and_value_lines_as_rows():
    text = (
        "Chỉ tiêu chủ yếu năm 2027\nTổng thu ngân sách\ntỷ đồng\n320\n"
        "Tỷ lệ hộ nghèo\n%\n1,2\nSố lao động được tạo việc làm\nngười\n1.500"
    )
    assert fields(text) == [
        (320, None, "tỷ đồng", ">=", "Tổng thu ngân sách", None, "annual", None),
        (1.2, None, "%", ">=", "Tỷ lệ hộ nghèo", None, "annual", None),
        (1500, None, "người", ">=", "Số lao động được tạo việc làm", None, "annual", None),
    ]


def test_a_table_keeps_the_plan_column_and_drops_the_results_column():
    text = (
        "Chỉ tiêu\nThực hiện năm 2025\nMục tiêu đến năm 2030\n"
        "Doanh thu (tỷ đồng)\n850\n1.200\nLợi nhuận (tỷ đồng)\n41\n60"
    )
    assert [(t.value, t.unit, t.subject, t.period) for t in extract_targets(text)] == [
        (1200, "tỷ đồng", "Doanh thu", "term"),
        (60, "tỷ đồng", "Lợi nhuận", "term"),
    ]


def test_a_unit_heading_gives_label_value_lines_their_unit():
    text = (
        "Chỉ tiêu y tế đến năm 2030 (ĐVT: %)\nXã đạt chuẩn quốc gia về y tế: 100\n"
        "Trẻ em dưới 1 tuổi được tiêm đủ 8 loại vắc xin: 98"
    )
    assert [(t.value, t.unit, t.subject, t.period) for t in extract_targets(text)] == [
        (100, "%", "Xã đạt chuẩn quốc gia về y tế", "term"),
        (98, "%", "Trẻ em dưới 1 tuổi được tiêm đủ 8 loại vắc xin", "term"),
    ]


def test_a_past_year_without_a_plan_word_is_a_result():
    assert (
        extract_targets("Năm 2024, toàn huyện có 92% hộ gia đình đạt danh hiệu gia đình văn hóa.")
        == []
    )
    assert extract_targets("Tổng dư nợ năm 2025 đạt 3.100 tỷ đồng, tăng 11% so với năm 2024.") == []
    found = fields("Doanh thu năm 2025 đạt 900 tỷ đồng; năm 2026 phấn đấu doanh thu tăng 10%.")
    assert [(f[0], f[6]) for f in found] == [(10, "annual")]


def test_shares_of_a_plan_reached_and_inventories_are_not_targets():
    assert (
        extract_targets("Sau ba năm thực hiện, kết nạp 160 đảng viên, bằng 40% mục tiêu nhiệm kỳ.")
        == []
    )
    assert extract_targets("Toàn phường có 14 chi bộ trực thuộc với 630 đảng viên.") == []
    assert extract_targets("Đại hội thông qua Nghị quyết với 100% đại biểu nhất trí.") == []


def test_an_indicator_named_by_a_process_keeps_its_verbs_in_the_subject():
    t = one("Tốc độ tăng trưởng doanh thu bình quân đạt 12%/năm.")
    assert (t.subject, t.metric, t.period) == ("Tốc độ tăng trưởng doanh thu", "đạt", "annual")
    t = one("Phấn đấu tỷ lệ giải quyết khiếu nại của khách hàng đạt 100%.")
    assert (t.subject, t.metric) == ("giải quyết khiếu nại của khách hàng", "đạt")
    t = one("Phấn đấu tỷ lệ hồ sơ xử lý đúng hạn đạt trên 95%.")
    assert (t.subject, t.metric) == ("hồ sơ", "xử lý đúng hạn")


def test_framing_verbs_join_the_pieces_of_the_predicate():
    found = extract_targets(
        "Nâng tỷ lệ che phủ rừng lên 46% vào năm 2030; giảm tỷ lệ hộ nghèo bình quân hằng năm 1,5%."
    )
    assert [(t.subject, t.metric, t.period) for t in found] == [
        ("che phủ rừng", "Nâng ... lên", "term"),
        ("hộ nghèo", "giảm ... bình quân hằng năm", "annual"),
    ]


def test_an_ellipsis_inherits_the_subject_and_each_target_its_own_year():
    found = extract_targets(
        "Tỷ lệ trẻ em suy dinh dưỡng năm 2027 giảm còn 8%, đến năm 2030 còn dưới 6%."
    )
    assert [(t.value, t.comparator, t.subject, t.metric, t.period) for t in found] == [
        (8, "<=", "trẻ em suy dinh dưỡng", "còn", "annual"),
        (6, "<", "trẻ em suy dinh dưỡng", "còn", "term"),
    ]


def test_quotas_handed_to_units_take_the_verb_of_the_quota():
    text = (
        "Đảng ủy giao chỉ tiêu kết nạp đảng viên năm 2027: Chi bộ Nhà máy: 4 đảng viên; "
        "Chi bộ Văn phòng: 2 đảng viên."
    )
    assert [(t.value, t.subject, t.metric, t.period) for t in extract_targets(text)] == [
        (4, "Chi bộ Nhà máy", "kết nạp", "annual"),
        (2, "Chi bộ Văn phòng", "kết nạp", "annual"),
    ]


def test_cardinal_word_ranges_and_a_yearly_split_without_trong_do():
    t = one("Mỗi đảng viên kèm cặp từ hai đến ba quần chúng ưu tú.")
    assert (t.value, t.value_max, t.unit) == (2, 3, "quần chúng")
    found = extract_targets(
        "Nhiệm kỳ tới, phấn đấu kết nạp 250 đảng viên mới, bình quân mỗi năm 50 đảng viên."
    )
    assert [(t.value, t.period) for t in found] == [(250, "term"), (50, "annual")]


def test_a_marker_opening_the_list_governs_every_item():
    found = extract_targets("Đến năm 2030 đạt 30 giường bệnh/vạn dân; 100% trạm y tế có bác sĩ.")
    assert [(t.value, t.period) for t in found] == [(30, "term"), (100, "term")]


def test_range_with_division_sign_and_a_lifespan_in_years():
    t = one("Tốc độ tăng trưởng công nghiệp bình quân 13÷14%/năm.")
    assert (t.value, t.value_max, t.period) == (13, 14, "annual")
    t = one("Đến năm 2030, tuổi thọ trung bình của người dân đạt 76 tuổi.")
    assert (t.value, t.unit) == (76, "tuổi")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Chỉ tiêu", "Kế hoạch năm 2026", "Doanh thu", "%", "tỷ đồng", "12,5", "2030", "-", ""]
        ),
        max_size=14,
    )
)
def test_line_soup_shaped_like_tables_never_raises(cells: list[str]):
    for t in extract_targets("\n".join(cells)):
        assert t.unit is not None


def test_a_target_without_a_marker_takes_the_nearest_one_before_it_in_its_item():
    text = "Phấn đấu đón 5 triệu lượt khách vào năm 2030, doanh thu du lịch đạt 9.000 tỷ đồng."
    assert [(t.value, t.period) for t in extract_targets(text)] == [(5, "term"), (9000, "term")]
    text = "Giai đoạn 2026 - 2030 trồng mới 4.000 ha rừng, bình quân mỗi năm 800 ha."
    assert [(t.value, t.metric, t.period) for t in extract_targets(text)] == [
        (4000, "trồng mới", None),
        (800, "trồng mới", "annual"),
    ]


def test_a_year_before_the_one_the_text_was_written_in_dates_a_result() -> None:
    text = "Năm 2027, tỷ lệ hộ nghèo giảm còn 1,5%."

    assert extract_targets(text, written_in=2028) == []
    assert [t.value for t in extract_targets(text, written_in=2026)] == [1.5]


def test_counters_copied_from_a_web_page_are_not_targets() -> None:
    text = "Kết nạp 20 đảng viên mới.\nView Counter\nViews Today : 55\nTotal views : 70298\n"

    assert [(t.value, t.unit) for t in extract_targets(text)] == [(20, "đảng viên")]
