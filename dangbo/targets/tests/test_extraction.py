"""One behaviour per rule of TARGETS_GUIDE.md, each written as a sentence. Pure Python: no DB."""

from __future__ import annotations

import json
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.targets.extraction import ExtractedTarget, extract_targets


def one(text: str) -> ExtractedTarget:
    found = extract_targets(text)
    assert len(found) == 1, [t.as_dict() for t in found]
    return found[0]


def test_empty_and_foreign_text_give_no_targets():
    assert extract_targets("") == []
    assert extract_targets("   \n ") == []
    assert extract_targets("这是一个测试，没有目标。") == []


def test_percent_target_with_subject_after_the_number():
    t = one("- 95% trở lên tổ chức đảng hoàn thành tốt nhiệm vụ.")
    assert (t.value, t.unit, t.comparator) == (95, "%", ">=")
    assert t.subject == "tổ chức đảng"
    assert t.metric == "hoàn thành tốt nhiệm vụ"


def test_thousand_dots_and_decimal_commas_and_leading_zeros():
    assert one("Phấn đấu doanh thu đạt 240.000 triệu đồng.").value == 240000
    assert one("Tổng vốn đầu tư đến năm 2030 đạt 38,8 tỷ.").value == 38.8
    assert one("Phấn đấu mở 02 lớp bồi dưỡng lý luận chính trị.").value == 2


def test_a_bare_ty_becomes_ty_dong_and_scale_words_stay():
    assert one("Tổng vốn đầu tư đến năm 2030 đạt 38,8 tỷ.").unit == "tỷ đồng"
    assert one("Kim ngạch xuất khẩu đến năm 2030 đạt 1,2 tỷ USD.").unit == "tỷ USD"


def test_ranges_have_a_value_max():
    t = one("Hằng năm, thu ngân sách tăng từ 10-12%.")
    assert (t.value, t.value_max, t.comparator) == (10, 12, ">=")
    t = one("Phấn đấu giảm từ 3 đến 5% số vụ phạm pháp hình sự.")
    assert (t.value, t.value_max) == (3, 5)
    t = one("Phấn đấu năm 2026 doanh thu đạt 6.000 – 8.000 tỷ đồng.")
    assert (t.value, t.value_max, t.unit) == (6000, 8000, "tỷ đồng")


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("Phấn đấu trên 90% chi bộ hoàn thành tốt nhiệm vụ.", ">"),
        ("Phấn đấu trên 90% chi bộ hoàn thành tốt nhiệm vụ trở lên.", ">"),
        ("Tỷ lệ đảng viên không hoàn thành nhiệm vụ dưới 0,4%.", "<"),
        ("Tỷ lệ chi bộ yếu kém không quá 2%.", "<="),
        ("Tỷ lệ hộ nghèo đến năm 2030 giảm còn 1%.", "<="),
        ("Phấn đấu giảm 2% số vụ tai nạn giao thông.", ">="),
        ("Tỷ lệ đảng viên nữ đạt khoảng 35%.", "="),
        ("Phấn đấu ít nhất 20% tổ chức cơ sở đảng được kiểm tra.", ">="),
    ],
)
def test_comparators_follow_the_guide(text: str, op: str):
    assert one(text).comparator == op


def test_per_mille_written_as_percent_zero():
    t = one("Phấn đấu tỷ suất tử vong trẻ em dưới 10%0.")
    assert t.unit == "‰"


def test_missing_space_and_rate_per_year():
    t = one("Phấn đấu hằng năm có từ 85%trở lên chi bộ hoàn thành tốt nhiệm vụ.")
    assert (t.value, t.comparator, t.period) == (85, ">=", "annual")
    t = one("Hạn chế tỷ lệ đảng viên vi phạm dưới 0,5%/ năm.")
    assert (t.unit, t.period) == ("%", "annual")


def test_legacy_font_damage_and_nfd_and_eth_are_repaired():
    t = one("Phấn đấu đến năm 2030 tỷ lệ hộ nghèo giảm xuống dới 1%.")
    assert t.comparator == "<"
    t = one(unicodedata.normalize("NFD", "Hằng năm, kết nạp từ 25 đảng viên mới trở lên."))
    assert (t.value, t.unit, t.period) == (25, "đảng viên", "annual")
    text = "\u00d0ảng bộ phấn đấu đến cuối nhiệm kỳ có 100% chi bộ đạt chuẩn."
    assert one(text).period == "term"


def test_spans_point_into_the_original_text():
    text = "Mở đầu.\n-   95%trở lên   tổ chức đảng hoàn thành tốt nhiệm vụ."
    t = one(text)
    assert text[t.start : t.end].startswith("95%trở lên")
    nfd = unicodedata.normalize("NFD", "Phấn đấu 100% chi bộ đạt chuẩn.")
    t = one(nfd)
    assert nfd[t.start : t.end] == nfd[: nfd.index(".")]


def test_results_are_not_targets_but_quoted_targets_are():
    assert extract_targets("Năm qua, Đảng bộ kết nạp 215 đảng viên, đạt 107,5% kế hoạch.") == []
    t = one(
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt 96% (chỉ tiêu Nghị quyết là 95%)."
    )
    assert t.value == 95
    assert t.subject == "tổ chức cơ sở đảng"


def test_counts_of_targets_years_document_numbers_votes_and_qualifiers_are_not_targets():
    assert extract_targets("Nhiệm kỳ 2025-2030, Đảng bộ đề ra 8 chỉ tiêu và 3 khâu đột phá.") == []
    assert extract_targets("Thực hiện Kế hoạch số 81-KH/TU ngày 20/3/2026 và 02-CTr/ĐU.") == []
    assert extract_targets("Đại hội có 98,5% đại biểu tán thành; 245/250 đại biểu có mặt.") == []
    assert extract_targets("Chi bộ có từ 03 đảng viên chính thức trở lên thì lập chi ủy.") == []


def test_cardinal_words_count():
    t = one("Mỗi chi bộ có ít nhất một mô hình học tập và làm theo Bác.")
    assert (t.value, t.unit, t.subject) == (1, "mô hình", "chi bộ")


def test_trong_do_children_point_at_their_parent_and_take_its_period():
    found = extract_targets(
        "Hằng năm, 80% đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó 15% hoàn thành "
        "xuất sắc nhiệm vụ."
    )
    assert [t.parent for t in found] == [None, 0]
    assert found[1].subject == "đảng viên"
    assert found[1].period == "annual"


def test_trong_do_among_the_targets_is_not_a_parent():
    found = extract_targets(
        "Trong nhiệm kỳ 2025–2030, Đảng ủy đề ra 8 chỉ tiêu, trong đó:\n- 100% chi bộ đạt chuẩn."
    )
    assert [(t.parent, t.period) for t in found] == [(None, None)]


def test_quotas_after_cu_the_are_children_with_the_unit_as_subject():
    found = extract_targets(
        "Chỉ tiêu kết nạp đảng viên nhiệm kỳ 2025-2030 là 300 đảng viên. Cụ thể: Đảng bộ xã "
        "Tân Lộc 110 đảng viên; Đảng bộ xã Tân Hưng 150 đảng viên."
    )
    assert [t.value for t in found] == [300, 110, 150]
    assert [t.parent for t in found] == [None, 0, 0]
    assert found[1].subject == "Đảng bộ xã Tân Lộc"


def test_shared_predicate_is_repeated():
    found = extract_targets("Phấn đấu 100% đảng viên, 98% quần chúng được học tập Nghị quyết.")
    assert [t.metric for t in found] == ["được học tập Nghị quyết"] * 2


def test_a_head_marker_governs_the_list_and_an_item_marker_only_its_item():
    found = extract_targets("Phấn đấu hằng năm, 90% chi bộ đạt chuẩn; 95% đảng viên đạt chuẩn.")
    assert [t.period for t in found] == ["annual", "annual"]
    found = extract_targets("Tỷ lệ hộ nghèo giảm mỗi năm 1%; 100% hộ dùng nước sạch.")
    assert [t.period for t in found] == ["annual", None]
    found = extract_targets("* Phấn đấu đến năm 2030:\n- 100% xã đạt chuẩn nông thôn mới.")
    assert found[0].period == "term"


def test_economic_structure_shares_are_equalities():
    found = extract_targets("Cơ cấu kinh tế: nông nghiệp 18%; công nghiệp 42%; dịch vụ 40%.")
    assert [t.comparator for t in found] == ["=", "=", "="]


def test_a_label_and_a_value_have_no_metric():
    t = one("* Phấn đấu đến năm 2030:\n- Tỷ lệ lao động qua đào tạo: 75%.")
    assert t.metric is None


def test_as_dict_has_only_the_guide_fields_and_ints_for_whole_numbers():
    d = one("Phấn đấu 100,0% chi bộ đạt chuẩn.").as_dict()
    assert list(d) == [
        "value", "value_max", "unit", "comparator", "subject", "metric", "period", "parent"
    ]  # fmt: skip
    assert d["value"] == 100 and isinstance(d["value"], int)
    json.dumps(d, ensure_ascii=False)


def test_a_megabyte_of_realistic_text_runs():
    rows = (Path(__file__).parent / "data" / "targets_own.jsonl").read_text("utf-8").splitlines()
    chunk = "\n".join(json.loads(r)["text"] for r in rows)
    text = (chunk + "\n") * (1_000_000 // len(chunk.encode()) + 1)
    assert extract_targets(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str):
    for t in extract_targets(text):
        assert 0 <= t.start <= t.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,%‰-–/ :;trênướihằngnămđạt\nĐð\u0301()", max_size=80))
def test_number_soup_never_raises(text: str):
    extract_targets(text)


def test_command_writes_one_line_per_record_in_order(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "Phấn đấu 100% chi bộ đạt chuẩn."}\n{"id": "b", "text": ""}\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("extract_targets", "--jsonl", str(source), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in lines] == ["a", "b"]
    assert lines[0]["targets"][0]["value"] == 100
    assert lines[1]["targets"] == []
    assert "chi bộ" in out.getvalue()  # ensure_ascii=False


def test_command_reports_a_bad_line_in_vietnamese_and_fails(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\nkhông phải json\n', encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("extract_targets", "--jsonl", str(source), stdout=out, stderr=err)
    assert "Dòng 2" in err.getvalue()
    assert json.loads(out.getvalue().splitlines()[0])["id"] == "a"
