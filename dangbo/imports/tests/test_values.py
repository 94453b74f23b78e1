"""Reading one spreadsheet cell as people really fill it, refusing in Vietnamese what is unclear."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.imports.lookups import Lookup, choice, mark, sex
from dangbo.imports.values import CellValue, code, day, number, text

TODAY = date(2025, 11, 30)

# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("Nguyễn  Văn\u00a0An", "Nguyễn Văn An"),
        ("Ấp\nMột", "Ấp Một"),
        (42, "42"),
        (12345678901.0, "12345678901"),
        (2.5, "2.5"),
        (date(1975, 3, 5), "05/03/1975"),
        (datetime(1975, 3, 5), "05/03/1975"),
        (datetime(1975, 3, 5, 8, 30), "05/03/1975 08:30"),
        (time(7, 45), "07:45"),
        (True, "TRUE"),
    ],
)
def test_text_shows_every_cell_as_the_user_saw_it(raw: CellValue, expected: str) -> None:
    assert text(raw) == expected


# --- codes -----------------------------------------------------------------------------------


def cccd(raw: CellValue) -> str:
    return code(raw, digits=12, pattern=r"\d{12}", label="Số CCCD")


def test_a_cccd_stored_as_a_number_gets_back_its_leading_zero() -> None:
    assert cccd(12345678901) == "012345678901"


def test_a_cccd_stored_as_a_float_in_scientific_form_is_read_as_digits() -> None:
    assert cccd(1.23456789012e11) == "123456789012"
    assert cccd(12345678901.0) == "012345678901"


def test_a_cccd_typed_as_text_keeps_its_zeros() -> None:
    assert cccd("001234567890") == "001234567890"


@pytest.mark.parametrize("typed", ["0123 4567 8901", "012.345.678.901", "012-345-678-901"])
def test_separators_inside_a_numeric_code_are_dropped(typed: str) -> None:
    assert cccd(typed) == "012345678901"


def test_an_apostrophe_forcing_text_in_a_csv_is_dropped() -> None:
    assert cccd("'012345678901") == "012345678901"


def test_a_short_cccd_typed_as_text_is_refused_not_padded() -> None:
    with pytest.raises(ValueError, match=r"^Số CCCD «12345» phải gồm đúng 12 chữ số\.$"):
        cccd("12345")


def test_a_scientific_number_kept_by_a_csv_export_is_read_when_no_digit_was_lost() -> None:
    assert cccd("1.23456789012E+11") == "123456789012"


def test_a_scientific_number_rounded_by_excel_is_refused_because_digits_were_lost() -> None:
    with pytest.raises(ValueError, match=r"«1,23457E\+11».*mất chữ số"):
        cccd("1,23457E+11")


def test_a_number_longer_than_excel_can_hold_is_refused_because_digits_were_lost() -> None:
    with pytest.raises(ValueError, match="mất chữ số"):
        code(1234567890123456789, label="Số thẻ")


def test_a_code_that_is_not_a_whole_number_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Số thẻ «12\.5»"):
        code(12.5, label="Số thẻ")


def test_a_code_refused_by_its_pattern_says_what_was_expected() -> None:
    with pytest.raises(ValueError, match=r"^Số điện thoại «12ab» phải bắt đầu bằng 0\.$"):
        code("12ab", pattern=r"0\d{9}", label="Số điện thoại", expected="bắt đầu bằng 0")


def test_a_code_refused_by_a_pattern_without_explanation_is_called_malformed() -> None:
    with pytest.raises(ValueError, match=r"^Số thẻ «X1» không đúng định dạng\.$"):
        code("X1", pattern=r"[0-9]{8}", label="Số thẻ")


def test_a_blank_code_is_empty_text() -> None:
    assert cccd(None) == ""
    assert cccd("") == ""


def test_a_code_with_letters_is_kept_as_typed() -> None:
    assert code("HN-0123", label="Số thẻ") == "HN-0123"


@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_any_cccd_excel_stored_as_a_number_comes_back_as_twelve_digits(value: int) -> None:
    result = cccd(value)
    assert len(result) == 12
    assert int(result) == value


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "05/03/1975",
        "5/3/1975",
        "05-03-1975",
        "05.03.1975",
        "1975-03-05",
        "1975/03/05",
        "5/3/75",
        "ngày 05 tháng 3 năm 1975",
        "Ngày 05/03/1975",
        "1975-03-05 00:00:00",
        "1975-03-05T00:00:00",
        date(1975, 3, 5),
        datetime(1975, 3, 5, 14, 0),
        27458,  # Excel serial of 05/03/1975
        27458.75,
    ],
)
def test_a_full_date_is_read_in_every_spelling_found_in_rolls(raw: CellValue) -> None:
    assert day(raw, today=TODAY) == (date(1975, 3, 5), False)


@pytest.mark.parametrize("raw", ["1975", "năm 1975", "Năm 1975", 1975])
def test_a_year_alone_is_a_partial_date_on_the_first_of_january(raw: CellValue) -> None:
    assert day(raw, today=TODAY) == (date(1975, 1, 1), True)


@pytest.mark.parametrize("raw", ["3/1975", "03-1975", "tháng 3/1975", "tháng 3 năm 1975"])
def test_a_month_and_year_is_a_partial_date_on_the_first_of_the_month(raw: str) -> None:
    assert day(raw, today=TODAY) == (date(1975, 3, 1), True)


def test_a_two_digit_year_is_this_century_unless_that_would_be_in_the_future() -> None:
    assert day("01/02/24", today=TODAY) == (date(2024, 2, 1), False)
    assert day("01/02/25", today=TODAY) == (date(2025, 2, 1), False)
    assert day("01/02/26", today=TODAY) == (date(1926, 2, 1), False)


def test_an_impossible_date_is_refused_quoting_what_was_typed() -> None:
    with pytest.raises(ValueError, match=r"^Ngày «31/02/1980» không có thật\.$"):
        day("31/02/1980", today=TODAY)


def test_a_month_thirteen_is_refused() -> None:
    with pytest.raises(ValueError, match="không có thật"):
        day("13/1975", today=TODAY)


@pytest.mark.parametrize("raw", ["abc", "Nam", "05 03 1975", "05/03-1975", True, time(8, 30)])
def test_unreadable_dates_ask_for_dd_mm_yyyy(raw: CellValue) -> None:
    with pytest.raises(ValueError, match=r"^Không đọc được ngày «.+»: nhập dd/mm/yyyy\.$"):
        day(raw, today=TODAY)


@pytest.mark.parametrize("raw", ["01/12/2025", "2026", date(2025, 12, 1), "12/2025"])
def test_a_date_after_today_is_refused(raw: CellValue) -> None:
    with pytest.raises(ValueError, match="sau ngày hôm nay"):
        day(raw, today=TODAY)


def test_today_itself_is_accepted() -> None:
    assert day("30/11/2025", today=TODAY) == (TODAY, False)


@pytest.mark.parametrize("raw", ["01/01/1899", "1899", 1899, date(1800, 1, 1)])
def test_a_year_before_1900_is_refused(raw: CellValue) -> None:
    with pytest.raises(ValueError, match="trước năm 1900"):
        day(raw, today=TODAY)


def test_the_refusal_quotes_a_serial_number_as_shown_in_the_cell() -> None:
    with pytest.raises(ValueError, match="«99999999»"):
        day(99999999, today=TODAY)


def test_a_blank_date_is_none() -> None:
    assert day(None, today=TODAY) is None
    assert day("", today=TODAY) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_every_date_written_dd_mm_yyyy_reads_back_as_itself(value: date) -> None:
    typed = f"{value.day:02d}/{value.month:02d}/{value.year}"
    assert day(typed, today=TODAY) == (value, False)


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1 234", Decimal("1234")),
        ("1234.5", Decimal("1234.5")),
        (1234, Decimal("1234")),
        (0.1, Decimal("0.1")),
    ],
)
def test_numbers_are_read_with_vietnamese_separators(raw: CellValue, expected: Decimal) -> None:
    assert number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,234.5", date(2025, 1, 1), True, float("nan")])
def test_a_value_that_is_not_a_number_is_refused_in_vietnamese(raw: CellValue) -> None:
    with pytest.raises(ValueError, match=r"^Không đọc được số «.+»: nhập dạng 1\.234,5\.$"):
        number(raw)


def test_a_blank_number_is_none() -> None:
    assert number(None) is None
    assert number("") is None


# --- sex and tick marks ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["Nam", "nam", "NAM", "M", "Male", "nam giới", "Nam giới"])
def test_male_is_read_in_its_usual_spellings(raw: str) -> None:
    assert sex(raw) == "male"


@pytest.mark.parametrize("raw", ["Nữ", "nu", "NỮ", "F", "Female", "nữ giới", "Nữ giới"])
def test_female_is_read_in_its_usual_spellings(raw: str) -> None:
    assert sex(raw) == "female"


@pytest.mark.parametrize("raw", [1, 0, "1", "0", "x", "Không rõ"])
def test_an_ambiguous_sex_is_refused_rather_than_guessed(raw: CellValue) -> None:
    with pytest.raises(ValueError, match=r"^Giới tính «.+» không rõ: ghi Nam hoặc Nữ\.$"):
        sex(raw)


def test_a_blank_sex_is_none() -> None:
    assert sex(None) is None
    assert sex("") is None


@pytest.mark.parametrize("raw", ["x", "X", "✓", "√", "v", "1", 1, "có", "Có", True])
def test_a_ticked_cell_is_true(raw: CellValue) -> None:
    assert mark(raw) is True


@pytest.mark.parametrize("raw", [None, "", "0", 0, "không", "Không", False])
def test_an_empty_or_denied_cell_is_false(raw: CellValue) -> None:
    assert mark(raw) is False


@pytest.mark.parametrize("raw", ["Nam", "2", 2, "xx"])
def test_anything_else_in_a_tick_column_is_refused(raw: CellValue) -> None:
    with pytest.raises(ValueError, match=r"^Không hiểu dấu «.+»"):
        mark(raw)


# --- catalogs and choices --------------------------------------------------------------------

ETHNICITIES = Lookup(
    [
        (1, "Kinh", ["Việt"]),
        (5, "Khơ-me", ["Khmer", "Khơ me Krôm"]),
        (11, "Ê-đê", ["Êđê", "Rađê"]),
    ],
    "Dân tộc",
)


@pytest.mark.parametrize("raw", ["Khơ-me", "Khơ me", "KHƠME", "khome", "Khmer", "Khơ me Krôm"])
def test_an_ethnicity_matches_its_catalog_entry_however_it_is_spelt(raw: str) -> None:
    assert ETHNICITIES.get(raw) == 5


def test_a_catalog_entry_is_also_found_by_its_key() -> None:
    assert ETHNICITIES.get(11) == 11
    assert ETHNICITIES.get("1") == 1


def test_an_unknown_ethnicity_is_refused_quoting_the_value() -> None:
    with pytest.raises(ValueError, match=r"^Dân tộc «Kinhh» không có trong danh mục\.$"):
        ETHNICITIES.get("Kinhh")


def test_a_blank_catalog_cell_is_none() -> None:
    assert ETHNICITIES.get(None) is None
    assert ETHNICITIES.get("") is None


def test_a_name_wins_over_another_entrys_variant() -> None:
    lookup = Lookup([("a", "Hoa", ["Kinh"]), ("b", "Kinh", [])], "Dân tộc")
    assert lookup.get("Kinh") == "b"


THEORY = {
    "advanced": ["Cao cấp", "CC", "Cao cap"],
    "bachelor": ["Cử nhân", "CN"],
    "intermediate": ["Trung cấp", "TC"],
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Cao cấp", "advanced"), ("CC", "advanced"), ("cao cap", "advanced"), ("cn", "bachelor")],
)
def test_a_choice_accepts_its_label_and_synonyms(raw: str, expected: str) -> None:
    assert choice(raw, THEORY, "Lý luận chính trị") == expected


def test_a_choice_accepts_its_stored_value() -> None:
    assert choice("intermediate", THEORY, "Lý luận chính trị") == "intermediate"


def test_an_unknown_choice_names_the_accepted_options() -> None:
    with pytest.raises(
        ValueError,
        match=r"^Lý luận chính trị «Sơ cấp» không có trong danh mục: "
        r"ghi một trong Cao cấp, Cử nhân, Trung cấp\.$",
    ):
        choice("Sơ cấp", THEORY, "Lý luận chính trị")


def test_from_choices_builds_the_same_lookup_as_choice() -> None:
    lookup = Lookup.from_choices(THEORY, "Lý luận chính trị")
    assert lookup.get("TC") == "intermediate"
    assert lookup.get(None) is None


def test_text_drops_the_apostrophe_that_escapes_a_formula_in_exports() -> None:
    assert text("'=1+2") == "=1+2"
    assert text("'-ABC") == "-ABC"
    assert text("O'Neil") == "O'Neil"
