"""Files 01–06: xlsx rolls as committees type them (titles, merged headers, sheets, dates,
numbers that lost their zeros)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from corpus_book import (
    ADMITTED,
    BIRTH,
    BOLD,
    CARD,
    CENTER,
    ETHNICITY,
    HOMETOWN,
    NAME,
    NATIONAL_ID,
    OCCUPATION,
    OFFICIAL,
    PHONE,
    POSITION,
    RELIGION,
    SEX,
    STT,
    THEORY,
    Col,
    Styled,
    case,
    ddmmyyyy,
    members,
    new_book,
    save_book,
    serial,
    write_header,
    write_row,
    write_table,
)
from corpus_people import Cast, Person
from openpyxl.utils import get_column_letter

CELL_A, CELL_B = "TN.AB.1", "TN.AB.2"
CELL_NAMES = {CELL_A: "Chi bộ Ấp Một", CELL_B: "Chi bộ Ấp Hai"}


def _with_positions(people: list[Person]) -> list[Person]:
    titles = ("Bí thư chi bộ", "Phó Bí thư chi bộ", "Chi ủy viên")
    return [
        replace(p, party_position=titles[i], theory_level="intermediate") if i < len(titles) else p
        for i, p in enumerate(people)
    ]


def clean(cast: Cast) -> list[dict[str, Any]]:
    people = _with_positions(cast.people(20, probationary=3))
    cols = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, HOMETOWN, NATIONAL_ID, CARD, ADMITTED]
    cols += [OFFICIAL, THEORY, POSITION, OCCUPATION, PHONE]
    book = new_book()
    ws = book.active
    ws.title = "Danh sách"
    write_table(ws, 1, cols, people)
    ws.freeze_panes = "C2"
    save_book(book, "01_clean.xlsx")
    return [
        case(
            "01_clean.xlsx",
            CELL_A,
            ["one header row", "real date cells", "numbers as text", "all usual columns"],
            members=members(people, CELL_A, cols),
        )
    ]


def title_rows_total(cast: Cast) -> list[dict[str, Any]]:
    people = _with_positions(cast.people(15, probationary=2))
    note = Col("Ghi chú", lambda i, p: "Chuyển đến năm 2023" if i == 4 else None, width=20)
    cols = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, replace(CARD, header="Số thẻ ĐV")]
    cols += [ADMITTED, OFFICIAL, replace(THEORY, header="LLCT"), note]
    last = get_column_letter(len(cols))
    book = new_book()
    ws = book.active
    ws.title = "DS dang vien"
    ws["A1"] = "ĐẢNG BỘ XÃ AN BÌNH"
    ws.merge_cells("A1:C1")
    ws["H1"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
    ws.merge_cells(f"H1:{last}1")
    ws["A2"] = "DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP MỘT"
    ws.merge_cells(f"A2:{last}2")
    ws["A3"] = "(Tính đến ngày 31/10/2026)"
    ws.merge_cells(f"A3:{last}3")
    for ref in ("A1", "H1", "A2", "A3"):
        ws[ref].font, ws[ref].alignment = BOLD, CENTER
    write_header(ws, 5, cols)
    for j in range(1, len(cols) + 1):
        ws.cell(row=6, column=j, value=f"({j})").alignment = CENTER
    row = 7
    for i, person in enumerate(people, start=1):
        write_row(ws, row, cols, i, person)
        row += 2 if i in (5, 11) else 1  # blank rows left where members moved away
    ws.cell(row=row, column=1, value=f"Tổng cộng: {len(people)} đảng viên").font = BOLD
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    for offset, text in ((2, "T/M CHI ỦY"), (3, "BÍ THƯ"), (7, people[0].full_name)):
        ws.cell(row=row + offset, column=8, value=text).font = BOLD
        ws.merge_cells(start_row=row + offset, start_column=8, end_row=row + offset, end_column=10)
    save_book(book, "02_title_rows_total.xlsx")
    return [
        case(
            "02_title_rows_total.xlsx",
            CELL_A,
            [
                "three title rows, merged across",
                "column numbering row (1) (2) … under the header",
                "blank rows between members",
                "total row 'Tổng cộng: 15 đảng viên'",
                "signature block below the total (T/M CHI ỦY, BÍ THƯ, a member's name)",
                "unknown column 'Ghi chú' ignored",
            ],
            members=members(people, CELL_A, cols),
        )
    ]


def two_row_header_merged(cast: Cast) -> list[dict[str, Any]]:
    blocks = [(CELL_A, cast.people(10, probationary=1)), (CELL_B, cast.people(8, probationary=1))]
    book = new_book()
    ws = book.active
    ws.title = "Đảng bộ"
    ws["A1"] = "DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ XÃ AN BÌNH"
    ws.merge_cells("A1:L1")
    ws["A1"].font, ws["A1"].alignment = BOLD, CENTER
    tall = {"A": "STT", "B": "Họ và tên", "C": "Ngày sinh", "F": "Dân tộc", "G": "Tôn giáo"}
    tall |= {"H": "Số CCCD", "K": "Lý luận chính trị", "L": "Chi bộ"}
    for letter, text in tall.items():
        ws[f"{letter}3"] = text
        ws.merge_cells(f"{letter}3:{letter}4")
    for left, right, top, subs in (
        ("D", "E", "Giới tính", ("Nam", "Nữ")),
        ("I", "J", "Ngày tháng năm", ("Vào Đảng", "Chính thức")),
    ):
        ws[f"{left}3"] = top
        ws.merge_cells(f"{left}3:{right}3")
        ws[f"{left}4"], ws[f"{right}4"] = subs
    for row in ws["A3:L4"]:
        for cell in row:
            cell.font, cell.alignment = BOLD, CENTER
    mark = Col("", lambda i, p: "x" if i % 3 else "X")
    cols = [
        STT,
        NAME,
        BIRTH,
        replace(mark, value=lambda i, p: ("x" if i % 3 else "X") if p.sex == "male" else None),
        replace(mark, value=lambda i, p: ("x" if i % 3 else "X") if p.sex == "female" else None),
        ETHNICITY,
        RELIGION,
        NATIONAL_ID,
        ADMITTED,
        OFFICIAL,
        THEORY,
    ]
    row, index, expected = 5, 1, []
    for org, people in blocks:
        first = row
        for person in people:
            write_row(ws, row, cols, index, person)
            row, index = row + 1, index + 1
        ws.cell(row=first, column=12, value=CELL_NAMES[org]).alignment = CENTER
        ws.merge_cells(start_row=first, start_column=12, end_row=row - 1, end_column=12)
        expected += members(people, org, [*cols, SEX])
    for letter, width in {"B": 26, "C": 12, "H": 15, "I": 12, "J": 12, "L": 16}.items():
        ws.column_dimensions[letter].width = width
    save_book(book, "03_two_row_header_merged.xlsx")
    return [
        case(
            "03_two_row_header_merged.xlsx",
            "TN.AB",
            [
                "merged title row",
                "header over two merged rows",
                "'Giới tính' over 'Nam' | 'Nữ' with x marks",
                "'Ngày tháng năm' over 'Vào Đảng' | 'Chính thức'",
                "cell name merged down the 'Chi bộ' column, once per block",
            ],
            members=expected,
        )
    ]


def hidden_columns_sheets(cast: Cast) -> list[dict[str, Any]]:
    people_a = cast.people(7, probationary=1)
    people_b = cast.people(6, probationary=1)
    stale = cast.people(3)
    old_name = Col("Họ và tên", lambda i, p: p.full_name.upper(), width=20, hidden=True)
    internal = Col("Ghi chú nội bộ", lambda i, p: "Đối chiếu lại lý lịch", width=20, hidden=True)
    base = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, NATIONAL_ID, CARD, ADMITTED, OFFICIAL]
    cols_a = [STT, old_name, *base[1:]]
    cols_b = [*base[:6], internal, *base[6:]]
    book = new_book()
    guide = book.active
    guide.title = "Hướng dẫn"
    for row, text in enumerate(
        (
            "HƯỚNG DẪN NHẬP DANH SÁCH ĐẢNG VIÊN",
            "Mỗi chi bộ nhập trên một trang tính mang tên chi bộ.",
            "Ngày tháng ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1978.",
            "Số CCCD gồm 12 chữ số; số thẻ đảng viên gồm 8 chữ số.",
        ),
        start=1,
    ):
        guide.cell(row=row, column=1, value=text)
    for title, cols, people in (
        ("Chi bộ Ấp Một", cols_a, people_a),
        ("Chi bộ Ấp Hai", cols_b, people_b),
    ):
        write_table(book.create_sheet(title), 1, cols, people)
    hidden = book.create_sheet("Dữ liệu cũ")
    hidden.sheet_state = "hidden"
    write_table(hidden, 1, base, stale)
    save_book(book, "04_hidden_columns_sheets.xlsx")
    peculiarities = [
        "first sheet 'Hướng dẫn' holds instructions only",
        "one sheet per cell, named after the cell, no cell column",
        "hidden column with a second, stale 'Họ và tên' (upper-case ASCII) before the real one",
        "hidden column 'Ghi chú nội bộ'",
        "hidden sheet 'Dữ liệu cũ' with an old roll that must not be imported",
    ]
    return [
        case(
            "04_hidden_columns_sheets.xlsx",
            "TN.AB",
            peculiarities,
            sheet="all",
            members=members(people_a, CELL_A, cols_a) + members(people_b, CELL_B, cols_b),
        ),
        case(
            "04_hidden_columns_sheets.xlsx",
            "TN.AB",
            [*peculiarities, "the user picks one sheet"],
            sheet="Chi bộ Ấp Hai",
            members=members(people_b, CELL_B, cols_b),
        ),
    ]


def _date_as(style: int, day: Any) -> Any:
    """One date written five ways: date cell, dd/mm/yyyy, d/m/yy, yyyy-mm-dd, serial number."""
    if day is None:
        return None
    match style % 5:
        case 0:
            return day
        case 1:
            return ddmmyyyy(day)
        case 2:
            return f"{day.day}/{day.month}/{day.year % 100:02d}"
        case 3:
            return day.isoformat()
        case _:
            return Styled(serial(day), "General")


def dates_mixed(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(10, probationary=2)
    partial = [cast.person(partial_birth=True), cast.person(partial_birth=True)]
    people = people[:4] + partial[:1] + people[4:7] + partial[1:] + people[7:]
    years_only = {people.index(partial[0]): str(partial[0].birth_date.year)}
    years_only[people.index(partial[1])] = partial[1].birth_date.year  # typed as a number

    def birth(i: int, p: Person) -> Any:
        return years_only[i - 1] if i - 1 in years_only else _date_as(i, p.birth_date)

    cols = [
        STT,
        NAME,
        replace(BIRTH, header="Ngày, tháng, năm sinh", value=birth, width=14),
        SEX,
        ETHNICITY,
        RELIGION,
        NATIONAL_ID,
        replace(CARD, header="Số thẻ ĐV"),
        replace(ADMITTED, value=lambda i, p: _date_as(i + 2, p.admitted_on)),
        replace(OFFICIAL, value=lambda i, p: _date_as(i + 4, p.official_on)),
        replace(THEORY, header="LLCT"),
    ]
    book = new_book()
    ws = book.active
    ws.title = "Chi bộ Ấp Hai"
    write_table(ws, 1, cols, people)
    save_book(book, "05_dates_mixed.xlsx")
    return [
        case(
            "05_dates_mixed.xlsx",
            CELL_B,
            [
                "dates as date cells, 'dd/mm/yyyy', 'd/m/yy', 'yyyy-mm-dd' and serial numbers",
                "two-digit years (d/m/yy): always a past date",
                "birth year only, once as text '19xx', once as the number 19xx: partial",
                "header 'Ngày, tháng, năm sinh'",
            ],
            members=members(people, CELL_B, cols),
        )
    ]


def _cccd_number(i: int, p: Person) -> Any:
    if i == 3:
        return Styled(float(p.national_id), "0.00E+00")
    if i == 5:
        digits = p.national_id
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"
    if i == 7:
        return Styled(int(p.national_id), "#,##0")
    if i == 9:
        return Styled(p.national_id, "@")
    return Styled(int(p.national_id), "0")


def numbers_lost_zeros(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(11, probationary=1, card_prefix="0")
    people.insert(4, cast.person(card_prefix="00"))
    org_of = {p.full_name: (CELL_A if i % 2 == 0 else CELL_B) for i, p in enumerate(people)}

    def card(i: int, p: Person) -> Any:
        if p.card_number is None:
            return None
        return Styled(p.card_number, "@") if i == 2 else Styled(int(p.card_number), "0")

    cols = [
        replace(NAME, header="HỌ TÊN"),
        replace(BIRTH, header="NGÀY SINH"),
        replace(SEX, header="GIỚI TÍNH"),
        replace(ETHNICITY, header="DÂN TỘC"),
        replace(RELIGION, header="TÔN GIÁO"),
        replace(NATIONAL_ID, header="SỐ ĐỊNH DANH CÁ NHÂN", value=_cccd_number, width=17),
        replace(CARD, header="SỐ THẺ ĐV", value=card),
        replace(ADMITTED, header="NGÀY VÀO ĐẢNG"),
        replace(OFFICIAL, header="NGÀY CHÍNH THỨC"),
        Col("ĐƠN VỊ", lambda i, p: org_of[p.full_name], "organization"),
    ]
    book = new_book()
    ws = book.active
    ws.title = "Sheet1"
    write_table(ws, 1, cols, people)
    save_book(book, "06_numbers_lost_zeros.xlsx")
    return [
        case(
            "06_numbers_lost_zeros.xlsx",
            "TN.AB",
            [
                "CCCD and card numbers stored as numbers: leading zeros lost",
                "a card number with two leading zeros lost",
                "a CCCD as a float shown in scientific format (0.00E+00)",
                "a CCCD with thousands separators in its number format",
                "a CCCD typed in groups of four digits",
                "upper-case headers 'HỌ TÊN', 'SỐ ĐỊNH DANH CÁ NHÂN', 'SỐ THẺ ĐV'",
                "'ĐƠN VỊ' column with cell codes",
            ],
            members=members(people, lambda p: org_of[p.full_name], cols),
        )
    ]
