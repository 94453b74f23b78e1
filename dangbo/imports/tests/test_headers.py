"""Finding the header of a roll as committees really lay it out, and the rows to skip under it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from dangbo.imports.headers import (
    FieldLabel,
    HeaderGuess,
    find_header,
    header_key,
    is_blank,
    is_section_row,
    is_total_row,
)
from dangbo.imports.values import CellValue

FIELDS = (
    FieldLabel(
        "full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Họ và tên khai sinh", "Tên đảng viên")
    ),
    FieldLabel("birth_date", "Ngày sinh", ("Ngày, tháng, năm sinh", "Sinh ngày")),
    FieldLabel("sex", "Giới tính"),
    FieldLabel("sex_male", "Nam"),
    FieldLabel("sex_female", "Nữ"),
    FieldLabel("ethnicity", "Dân tộc"),
    FieldLabel("card_number", "Số thẻ đảng viên", ("Số thẻ ĐV", "Số thẻ")),
    FieldLabel("national_id", "Số CCCD", ("CCCD", "Số định danh cá nhân", "Số CMND/CCCD")),
    FieldLabel("admitted_on", "Ngày vào Đảng", ("Vào Đảng",)),
    FieldLabel("official_on", "Ngày chính thức", ("Chính thức",)),
    FieldLabel("organization", "Chi bộ", ("Tên chi bộ", "Đơn vị", "Chi bộ sinh hoạt")),
)

Rows = list[list[CellValue]]
TITLE_BLOCK: Rows = [
    ["ĐẢNG BỘ XÃ AN BÌNH", "ĐẢNG BỘ XÃ AN BÌNH", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM", None],
    ["DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP MỘT"] * 6,
    ["(Tính đến ngày 31/12/2025)"] * 6,
    [None] * 6,
]
MEMBER: list[CellValue] = [1, "Nguyễn Văn An", date(1975, 3, 5), "Nam", "Kinh", "012345678901"]


def guess(
    rows: Sequence[Sequence[CellValue]], hidden_columns: frozenset[int] = frozenset()
) -> HeaderGuess:
    found = find_header(rows, FIELDS, hidden_columns=hidden_columns)
    assert found is not None
    return found


# --- header_key ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Họ và tên", "HỌ VÀ TÊN", "Ho va ten", "họ  và\ntên"])
def test_header_key_ignores_case_diacritics_and_spacing(written: str) -> None:
    assert header_key(written) == "hovaten"


def test_header_key_ignores_punctuation_so_a_comma_changes_nothing() -> None:
    assert header_key("Họ, tên") == header_key("HỌ TÊN") == "hoten"


def test_header_key_keeps_d_with_stroke_as_d() -> None:
    assert header_key("Ngày vào Đảng") == "ngayvaodang"


# --- one-row headers -------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Họ và tên", "HỌ TÊN", "Ho ten", "Họ, tên", "Họ tên (*)"])
def test_the_name_column_is_found_however_its_header_is_written(written: str) -> None:
    found = guess([["STT", written, "Ngày sinh"], MEMBER[:3]])
    assert found.mapping == {1: "full_name", 2: "birth_date"}


def test_a_header_under_a_title_block_is_found_and_data_starts_right_after_it() -> None:
    header: list[CellValue] = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD"]
    found = guess([*TITLE_BLOCK, header, MEMBER])
    assert (found.first_row, found.last_row, found.data_start) == (4, 4, 5)
    assert found.mapping == {
        1: "full_name",
        2: "birth_date",
        3: "sex",
        4: "ethnicity",
        5: "national_id",
    }
    assert found.labels == header
    assert found.score > 0.9


def test_a_title_row_with_two_texts_right_above_the_header_is_not_part_of_it() -> None:
    title: list[CellValue] = ["ĐẢNG BỘ XÃ AN BÌNH", None, "ĐẢNG CỘNG SẢN VIỆT NAM"]
    found = guess([title, ["Họ và tên", "Ngày sinh", "Dân tộc"], MEMBER[1:4]])
    assert (found.first_row, found.last_row, found.data_start) == (1, 1, 2)
    assert found.labels == ["Họ và tên", "Ngày sinh", "Dân tộc"]


def test_birth_date_does_not_take_the_place_of_birth_column() -> None:
    found = guess([["Họ và tên", "Nơi sinh", "Ngày, tháng, năm sinh"]])
    assert found.mapping == {0: "full_name", 2: "birth_date"}


def test_card_number_national_id_and_row_number_are_told_apart() -> None:
    found = guess([["Số TT", "STT", "Họ tên", "Số CCCD", "Số thẻ"]])
    assert found.mapping == {2: "full_name", 3: "national_id", 4: "card_number"}


def test_admission_and_official_dates_are_told_apart() -> None:
    found = guess([["Họ tên", "Ngày chính thức", "Ngày vào Đảng"]])
    assert found.mapping == {0: "full_name", 1: "official_on", 2: "admitted_on"}


def test_a_header_holding_a_synonym_with_a_qualifier_is_matched_by_the_qualifier() -> None:
    found = guess([["Họ tên", "Ngày vào Đảng (dự bị)", "Ngày vào Đảng chính thức"]])
    assert found.mapping == {0: "full_name", 1: "admitted_on", 2: "official_on"}


def test_the_qualifier_at_the_end_decides_even_when_alone() -> None:
    found = guess([["Họ tên", "Ngày vào Đảng chính thức"]])
    assert found.mapping == {0: "full_name", 1: "official_on"}


def test_a_short_synonym_does_not_match_inside_a_longer_header() -> None:
    found = guess([["Họ và tên", "Ngày sinh", "Số thẻ căn cước"]])
    assert found.mapping == {0: "full_name", 1: "birth_date"}


def test_a_longer_header_containing_a_synonym_is_matched_but_less_surely() -> None:
    found = guess([["Họ và tên", "Chi bộ sinh hoạt hiện nay"]])
    assert found.mapping == {0: "full_name", 1: "organization"}
    assert found.score < guess([["Họ và tên", "Chi bộ sinh hoạt"]]).score == 1.0


def test_a_header_with_many_unknown_columns_is_less_sure() -> None:
    known = guess([["Họ và tên", "Ngày sinh", "Dân tộc"]])
    mostly_unknown = guess([["Họ và tên", "Ngày sinh", "Quê quán", "Nghề nghiệp", "Ghi chú"]])
    assert mostly_unknown.score < known.score


def test_each_field_goes_to_one_column_only_the_exact_one_first() -> None:
    found = guess([["Họ và tên người giới thiệu", "Họ và tên", "Ngày sinh"]])
    assert found.mapping == {1: "full_name", 2: "birth_date"}


def test_two_exact_headers_for_one_field_give_it_to_the_leftmost() -> None:
    found = guess([["Tên đảng viên", "Họ và tên", "Ngày sinh"]])
    assert found.mapping == {0: "full_name", 2: "birth_date"}


def test_a_note_in_parentheses_does_not_hide_a_short_header() -> None:
    found = guess([["Họ và tên", "Nam (đánh dấu x)", "Nữ (đánh dấu x)"]])
    assert found.mapping == {0: "full_name", 1: "sex_male", 2: "sex_female"}


def test_hidden_columns_are_never_mapped() -> None:
    found = guess([["Họ và tên", "Ngày sinh", "Dân tộc"]], hidden_columns=frozenset({1}))
    assert found.mapping == {0: "full_name", 2: "ethnicity"}


def test_a_repeated_page_header_does_not_replace_the_first_one() -> None:
    header: list[CellValue] = ["Họ và tên", "Ngày sinh"]
    found = guess([header, ["Nguyễn Văn An", date(1975, 3, 5)], header])
    assert found.first_row == 0


# --- two-row headers -------------------------------------------------------------------------

# What the reader gives for merged cells: the group text in every cell of its span, a vertically
# merged header in both rows.
TWO_ROW_HEADER: Rows = [
    ["STT", "Họ và tên", "Giới tính", "Giới tính", "Ngày tháng năm", "Ngày tháng năm", "Dân tộc"],
    ["STT", "Họ và tên", "Nam", "Nữ", "Vào Đảng", "Chính thức", "Dân tộc"],
]


def test_a_two_row_header_maps_the_sub_columns_under_their_group() -> None:
    found = guess([*TITLE_BLOCK, *TWO_ROW_HEADER, [1, "Lê Thị Hoa", None, "x", 2001, 2002, "Kinh"]])
    assert (found.first_row, found.last_row, found.data_start) == (4, 5, 6)
    assert found.mapping == {
        1: "full_name",
        2: "sex_male",
        3: "sex_female",
        4: "admitted_on",
        5: "official_on",
        6: "ethnicity",
    }


def test_a_two_row_header_combines_its_labels_and_writes_merged_ones_once() -> None:
    found = guess(TWO_ROW_HEADER)
    assert found.labels == [
        "STT",
        "Họ và tên",
        "Giới tính / Nam",
        "Giới tính / Nữ",
        "Ngày tháng năm / Vào Đảng",
        "Ngày tháng năm / Chính thức",
        "Dân tộc",
    ]


def test_a_two_row_header_without_merged_fill_is_found_too() -> None:
    rows: Rows = [
        ["Họ và tên", "Ngày sinh", "Ngày tháng năm", None],
        [None, None, "Vào Đảng", "Chính thức"],
    ]
    found = guess(rows)
    assert (found.first_row, found.last_row) == (0, 1)
    assert found.mapping == {0: "full_name", 1: "birth_date", 2: "admitted_on", 3: "official_on"}


def test_a_group_and_sub_header_together_name_a_field() -> None:
    rows: Rows = [["Họ và tên", "Số", "Số"], ["Họ và tên", "Thẻ đảng viên", "CCCD"]]
    assert guess(rows).mapping == {0: "full_name", 1: "card_number", 2: "national_id"}


def test_the_first_data_row_is_not_taken_for_a_second_header_row() -> None:
    rows: Rows = [["Họ và tên", "Giới tính", "Dân tộc"], ["Nguyễn Văn An", "Nam", "Kinh"]]
    found = guess(rows)
    assert (found.first_row, found.last_row, found.data_start) == (0, 0, 1)
    assert found.mapping == {0: "full_name", 1: "sex", 2: "ethnicity"}


def test_a_data_row_naming_a_field_by_chance_is_not_taken_for_a_second_header_row() -> None:
    # "Chính thức" is the member's status here, not the header of the official date.
    rows: Rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Loại đảng viên"],
        ["Nguyễn Văn An", "05/03/1975", "Nam", "Chính thức"],
    ]
    found = guess(rows)
    assert (found.last_row, found.data_start) == (0, 1)
    assert found.mapping == {0: "full_name", 1: "birth_date", 2: "sex"}


# --- column numbers under the header ---------------------------------------------------------


@pytest.mark.parametrize(
    "numbers",
    [
        ["(1)", "(2)", "(3)", "(4)"],
        [1, 2, 3, 4],
        ["1", "2", "3", None],
        ["A", "B", "1", "2"],
    ],
)
def test_the_row_of_column_numbers_under_the_header_is_skipped(numbers: list[CellValue]) -> None:
    rows: Rows = [["STT", "Họ và tên", "Ngày sinh", "Dân tộc"], numbers, MEMBER[:4]]
    found = guess(rows)
    assert (found.last_row, found.data_start) == (0, 2)


def test_column_numbers_under_a_two_row_header_are_skipped() -> None:
    numbers: list[CellValue] = [f"({n})" for n in range(1, 8)]
    found = guess([*TWO_ROW_HEADER, numbers])
    assert (found.first_row, found.last_row, found.data_start) == (0, 1, 3)


def test_a_data_row_of_numbers_out_of_order_is_not_taken_for_column_numbers() -> None:
    rows: Rows = [["STT", "Họ và tên", "Số thẻ"], [3, 1, 2]]
    assert guess(rows).data_start == 1


# --- no header -------------------------------------------------------------------------------


def test_a_sheet_without_a_recognisable_header_gives_none() -> None:
    rows: Rows = [["Nguyễn Văn An", date(1975, 3, 5), "Kinh"], ["Lê Thị Hoa", None, "Tày"]]
    assert find_header(rows, FIELDS) is None


def test_a_single_matching_header_is_not_enough() -> None:
    assert find_header([["Họ và tên", "Ghi chú"]], FIELDS) is None


def test_a_header_below_the_scanned_rows_is_not_searched_for() -> None:
    blank: list[CellValue] = [None]
    rows: Rows = [blank] * 5 + [["Họ và tên", "Ngày sinh"]]
    assert find_header(rows, FIELDS, scan_rows=5) is None
    assert find_header(rows, FIELDS) is not None


def test_an_empty_sheet_gives_none() -> None:
    assert find_header([], FIELDS) is None


# --- rows inside the data --------------------------------------------------------------------

MAPPING = {0: "row_number", 1: "full_name", 2: "birth_date", 3: "sex_male", 4: "sex_female"}


@pytest.mark.parametrize("row", [[], [None, None], ["", None], [" "]])
def test_a_row_without_values_is_blank(row: list[CellValue]) -> None:
    assert is_blank(row)


def test_a_row_with_one_value_is_not_blank() -> None:
    assert not is_blank([None, 0])


@pytest.mark.parametrize(
    "row",
    [
        [None, "Tổng cộng", None, 12, 15],
        ["Tổng cộng", "Tổng cộng", None, 12, 15],
        [None, "Cộng:", None, "12", "15"],
        [None, "Tổng số: 27 đảng viên", None, None, None],
        [None, "TỔNG SỐ", None, None, None],
        [None, None, None, 12, 15],
        ["Cộng", 27, None, None, None],
    ],
)
def test_total_rows_are_recognised(row: list[CellValue]) -> None:
    assert is_total_row(row, MAPPING, name_field="full_name")


@pytest.mark.parametrize(
    "row",
    [
        [1, "Nguyễn Văn An", date(1975, 3, 5), "x", None],
        [2, "Tống Văn Minh", "01/01/1970", "x", None],
        [3, "Công Tằng Tôn Nữ Hoa", "01/01/1970", None, "x"],
        [None, None, None, None, None],
        [None, "Tổng cộng", "Ghi chú", 12, 15],
    ],
)
def test_member_rows_are_not_total_rows(row: list[CellValue]) -> None:
    assert not is_total_row(row, MAPPING, name_field="full_name")


def test_a_total_row_needs_the_name_column_empty_or_the_label() -> None:
    row: list[CellValue] = ["Tổng cộng", "Nguyễn Văn An", None, 12, 15]
    assert not is_total_row(row, MAPPING, name_field="full_name")


@pytest.mark.parametrize(
    "row",
    [
        ["I. CHI BỘ ẤP MỘT"] * 5,  # merged across the table
        ["I. CHI BỘ ẤP MỘT", None, None, None, None],
        ["I", "Chi bộ Ấp Một", "Chi bộ Ấp Một", None, None],
        [None, "Chi bộ Ấp Hai", None, None, None],
        [None, "2. Đảng viên sinh hoạt tạm thời", None, None, None],
    ],
)
def test_section_headings_inside_the_data_are_recognised(row: list[CellValue]) -> None:
    assert is_section_row(row, MAPPING, name_field="full_name")


@pytest.mark.parametrize(
    "row",
    [
        [1, "Nguyễn Văn An", date(1975, 3, 5), "x", None],
        [None, "Nguyễn Văn An", None, None, None],  # a member with data missing: report it
        [None, None, None, None, None],
        [None, None, None, 12, None],
    ],
)
def test_member_and_number_rows_are_not_section_headings(row: list[CellValue]) -> None:
    assert not is_section_row(row, MAPPING, name_field="full_name")


def test_without_the_name_field_a_lone_unnumbered_name_is_still_not_a_heading() -> None:
    assert not is_section_row([None, "Nguyễn Văn An", None], {})
    assert is_section_row([None, "Chi bộ Ấp Một", None], {})
