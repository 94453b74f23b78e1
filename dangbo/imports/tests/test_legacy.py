"""TCVN3 and VNI: complete tables, faithful round trips, and detection that never fires on
Unicode, English or French text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.imports.reading import legacy

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER = [
    unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES if (v + t) not in "aeiouy"
] + ["đ"]
UPPER = [letter.upper() for letter in LOWER]
# TCVN3 (VN3) has capital codes for these only; the other capitals share the lowercase code.
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")

SAMPLE = (
    "Đảng Cộng sản Việt Nam quang vinh muôn năm. Nguyễn Văn Ất, Trần Thị Ửng, Lê Ỷ Lan, "
    "Phạm Hữu Nghĩa, Huỳnh Quốc Khuyến, Đỗ Thị Ngọc Yến: chi bộ ấp Tân Hưng họp thường kỳ "
    "tháng mười hai; khuya rồi, người ngồi giữa nhà uống nước chè xanh ở thuở ấy."
)


def test_the_tables_cover_all_134_vietnamese_letters():
    assert len(LOWER) == 67 and len(set(LOWER + UPPER)) == 134


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_every_letter_survives_a_vni_round_trip(letter):
    assert legacy.to_unicode(legacy.from_unicode(letter, "vni"), "vni") == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_every_letter_survives_tcvn3_except_capitals_the_font_lacks(letter):
    back = legacy.to_unicode(legacy.from_unicode(letter, "tcvn3"), "tcvn3")
    expected = letter if letter.islower() or letter in TCVN3_CAPITALS else letter.lower()
    assert back == expected


def test_vni_and_tcvn3_codes_are_distinct_for_distinct_letters():
    for encoding in ("vni", "tcvn3"):
        letters = LOWER if encoding == "tcvn3" else LOWER + UPPER
        codes = [legacy.from_unicode(letter, encoding) for letter in letters]
        assert len(set(codes)) == len(codes), encoding


def test_a_long_sentence_round_trips_through_vni_exactly():
    assert legacy.to_unicode(legacy.from_unicode(SAMPLE, "vni"), "vni") == SAMPLE


def test_a_long_sentence_round_trips_through_tcvn3_with_capitals_lowered_where_missing():
    back = legacy.to_unicode(legacy.from_unicode(SAMPLE, "tcvn3"), "tcvn3")
    expected = "".join(
        ch.lower() if ch.isupper() and not ch.isascii() and ch not in TCVN3_CAPITALS else ch
        for ch in SAMPLE
    )
    assert back == expected
    assert back.startswith("Đảng Cộng sản Việt Nam") and "Nguyễn Văn ất" in back


def test_known_tcvn3_strings_convert():
    assert legacy.to_unicode("NguyÔn V¨n An", "tcvn3") == "Nguyễn Văn An"
    assert legacy.to_unicode("§¶ng", "tcvn3") == "Đảng"
    assert legacy.to_unicode("Hä vµ tªn", "tcvn3") == "Họ và tên"
    assert legacy.to_unicode("Ngµy vµo §¶ng", "tcvn3") == "Ngày vào Đảng"


def test_known_vni_strings_convert():
    assert legacy.to_unicode("Nguyeãn Vaên An", "vni") == "Nguyễn Văn An"
    assert legacy.to_unicode("Ñaûng", "vni") == "Đảng"
    assert legacy.to_unicode("Hoï vaø teân", "vni") == "Họ và tên"
    assert legacy.to_unicode("Ngöôøi", "vni") == "Người"


def test_a_tcvn3_header_typed_for_the_capitals_font_comes_out_in_capitals():
    header = legacy.from_unicode("DANH SÁCH ĐẢNG VIÊN CHI BỘ", "tcvn3")
    assert header == "DANH S¸CH §¶NG VI£N CHI Bé"
    assert legacy.to_unicode(header, "tcvn3") == "DANH SÁCH ĐẢNG VIÊN CHI BỘ"


def test_a_single_capital_does_not_turn_a_word_into_capitals():
    assert legacy.to_unicode("Hµ", "tcvn3") == "Hà"
    assert legacy.to_unicode("Lª", "tcvn3") == "Lê"


def test_unicode_is_returned_unchanged_for_the_unicode_encoding():
    assert legacy.to_unicode(SAMPLE, "unicode") == SAMPLE


_LETTERS = st.sampled_from([*LOWER, *"abcdeghiklmnopqrstuvxy", " "])


@given(st.lists(_LETTERS, max_size=40).map("".join))
def test_any_lowercase_vietnamese_text_round_trips_through_both_encodings(text):
    for encoding in ("tcvn3", "vni"):
        assert legacy.to_unicode(legacy.from_unicode(text, encoding), encoding) == text


@given(
    st.lists(
        st.sampled_from([*LOWER, *UPPER, *"ABCDEGHIKLMNOPQRSTUVXYabcdeghiklmnopqrstuvxy "]),
        max_size=40,
    ).map("".join)
)
def test_any_vietnamese_text_round_trips_through_vni(text):
    assert legacy.to_unicode(legacy.from_unicode(text, "vni"), "vni") == text


# --- detection ---------------------------------------------------------------------------

UNICODE_ROLL = [
    "DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP TÂN HƯNG",
    "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Quê quán", "Ngày vào Đảng",
    "Nguyễn Văn An", "Nam", "Kinh", "Không", "xã Tân Hưng, huyện Cái Nước, tỉnh Cà Mau",
    "Trần Thị Hà", "Nữ", "Khmer", "Phật giáo", "phường 5, thành phố Cà Mau",
    "Lê Hoàng Bình", "Nam", "Hoa", "Công giáo", "thị trấn Sông Đốc",
    "Phạm Thị Ánh", "Nữ", "Kinh", "Cao Đài", "ấp Rạch Gốc, xã Tân Ân",
    "Huỳnh Quốc Việt", "Bí thư chi bộ", "Đảng viên dự bị", "Hoàn thành tốt nhiệm vụ",
    "Võ Thị Mỹ Lệ", "Đỗ Minh Tâm", "Hồ Văn Út", "Ngô Thị Yến", "Chủ tịch Hội Nông dân",
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_legacy_roll_is_detected_as_its_encoding(encoding):
    cells = [legacy.from_unicode(text, encoding) for text in UNICODE_ROLL]
    assert legacy.detect(cells) == encoding


def test_a_unicode_roll_is_not_mistaken_for_a_legacy_one():
    assert legacy.detect(UNICODE_ROLL) == "unicode"


def test_a_unicode_roll_in_decomposed_form_is_not_mistaken_either():
    assert legacy.detect([unicodedata.normalize("NFD", t) for t in UNICODE_ROLL]) == "unicode"


def test_english_and_ascii_text_is_unicode():
    assert legacy.detect(["Full name", "Date of birth", "Total", "Ho va ten", "12/05/1980"]) == (
        "unicode"
    )
    assert legacy.detect([]) == "unicode"


def test_french_names_with_accents_are_not_mistaken_for_legacy_text():
    names = ["André Dupont", "Hélène Martin", "Émilie Côté", "José García", "Renée Léger", "Zoë"]
    assert legacy.detect(names) == "unicode"
    assert legacy.detect(names + UNICODE_ROLL[:10]) == "unicode"


def test_a_unicode_sheet_with_one_stray_legacy_cell_stays_unicode():
    assert legacy.detect([*UNICODE_ROLL, "NguyÔn V¨n An"]) == "unicode"


def test_a_legacy_sheet_still_detects_with_a_unicode_title_above_it():
    cells = ["DANH SÁCH ĐẢNG VIÊN"] + [legacy.from_unicode(t, "tcvn3") for t in UNICODE_ROLL]
    assert legacy.detect(cells) == "tcvn3"


def test_converting_a_legacy_sheet_leaves_cells_already_in_unicode_alone():
    assert legacy.convert_cell("Nguyễn Văn Ất", "tcvn3") == "Nguyễn Văn Ất"
    assert legacy.convert_cell("NguyÔn V¨n An", "tcvn3") == "Nguyễn Văn An"


@pytest.mark.parametrize(
    "word", ["người", "khuya", "quyết", "giữa", "gì", "Đắk", "thuở", "nghiêng", "oanh", "ươm"]
)
def test_real_syllables_are_recognised(word):
    assert legacy.is_syllable(word)


@pytest.mark.parametrize("word", ["NguyÔn", "V¨n", "Nguyeãn", "Vaên", "André", "tiê", "hoá́"])
def test_garbled_or_foreign_words_are_not_syllables(word):
    assert not legacy.is_syllable(word)
