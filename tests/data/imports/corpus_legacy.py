"""Files 10–12: text in legacy font encodings (TCVN3, VNI) and in decomposed Unicode (NFD) with
the spellings of ethnicity, religion and sex that catalogs must recognise."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from corpus_book import (
    ADMITTED,
    BIRTH,
    CARD,
    ETHNICITY,
    NAME,
    NATIONAL_ID,
    OFFICIAL,
    RELIGION,
    SEX,
    STT,
    THEORY,
    Col,
    case,
    members,
    new_book,
    save_book,
    write_table,
)
from corpus_encodings import to_tcvn3, to_vni
from corpus_people import Cast, Person
from corpus_sheets import CELL_A, CELL_B, CELL_NAMES
from openpyxl.styles import Font


def _tcvn3_ok(name: str) -> bool:
    try:
        to_tcvn3(name)
    except ValueError:
        return False
    return True


def _encoded(cols: list[Col], encode: Callable[[str], str]) -> list[Col]:
    """The same columns with every header and text value re-typed in a legacy encoding."""

    def wrap(value: Any) -> Any:
        return encode(value) if isinstance(value, str) else value

    return [
        replace(c, header=encode(c.header), value=lambda i, p, f=c.value: wrap(f(i, p)))
        for c in cols
    ]


def _font_all(ws: Any, name: str) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                cell.font = Font(name=name, size=13, bold=cell.row <= 3)


def tcvn3(cast: Cast) -> list[dict[str, Any]]:
    people = [
        cast.person(ethnicity=e, name_ok=_tcvn3_ok, probationary=i == 7)
        for i, e in enumerate(("Kinh", "Kinh", "Khơ-me", "Kinh", "Hoa", "Kinh", "Kinh", "Kinh"))
    ]
    org_of = {p.full_name: (CELL_A if i < 5 else CELL_B) for i, p in enumerate(people)}
    plain = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, NATIONAL_ID, CARD, ADMITTED, OFFICIAL]
    plain += [THEORY, Col("Chi bộ", lambda i, p: CELL_NAMES[org_of[p.full_name]], "organization")]
    # .VnTime has no toned capitals: people typed "Chi bé Êp Mét", that is "Chi bộ ấp Một".
    cols = _encoded(
        plain, lambda s: to_tcvn3(s.replace("Ấp", "ấp") if s.startswith("Chi bộ") else s)
    )
    book = new_book()
    ws = book.active
    ws.title = "Danh sach"
    # The capitals font .VnTimeH draws lowercase codes as capitals: titles were typed lowercase.
    ws["A1"] = to_tcvn3("danh sách đảng viên đảng bộ xã an bình")
    ws["A1"].font = Font(name=".VnTimeH", size=14, bold=True)
    write_table(ws, 3, cols, people)
    _font_all(ws, ".VnTime")
    ws["A1"].font = Font(name=".VnTimeH", size=14, bold=True)
    save_book(book, "10_tcvn3.xlsx")
    return [
        case(
            "10_tcvn3.xlsx",
            "TN.AB",
            [
                "TCVN3 (ABC) text in .VnTime fonts: headers, names, catalogs, cell names",
                "title typed in lowercase codes for the .VnTimeH capitals font",
                "cell names without toned capitals ('Chi bé Êp Mét' = 'Chi bộ ấp Một')",
            ],
            members=members(people, lambda p: org_of[p.full_name], plain),
        )
    ]


def vni(cast: Cast) -> list[dict[str, Any]]:
    people = [
        cast.person(ethnicity=e, probationary=i == 6)
        for i, e in enumerate(("Kinh", "Khơ-me", "Kinh", "Kinh", "Kinh", "Hoa", "Kinh", "Kinh"))
    ]
    plain = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, NATIONAL_ID, CARD, ADMITTED, OFFICIAL]
    plain.append(replace(THEORY, header="LLCT"))
    cols = _encoded(plain, to_vni)
    book = new_book()
    ws = book.active
    ws.title = "Sheet1"
    ws["A1"] = to_vni("DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP HAI")
    write_table(ws, 3, cols, people)
    _font_all(ws, "VNI-Times")
    save_book(book, "11_vni.xlsx")
    return [
        case(
            "11_vni.xlsx",
            CELL_B,
            [
                "VNI-Windows text in VNI-Times fonts: title, headers, names, catalogs",
                "toned capitals in the title ('ÑAÛNG')",
            ],
            members=members(people, CELL_B, plain),
        )
    ]


_ETHNICITY_SPELLINGS = {
    "Kinh": ("kinh", "KINH", "Kinh", "Việt"),
    "Khơ-me": ("Khmer", "KHƠ ME", "Khơme"),
    "Hoa": ("Người Hoa",),
}
_RELIGION_SPELLINGS = {
    "Không": ("không", "Không theo tôn giáo"),
    "Phật giáo": ("Đạo Phật", "phật giáo"),
    "Công giáo": ("Thiên Chúa giáo",),
    "Cao Đài": ("Đạo Cao Đài",),
    "Phật giáo Hòa Hảo": ("Phật giáo Hoà Hảo", "Hòa Hảo"),
}
_SEX_SPELLINGS = {"male": ("NAM", "nam", "Nam"), "female": ("nữ", "NỮ", "Nữ")}
_THEORY_SPELLINGS = {
    "none": ("",),
    "elementary": ("sơ cấp", "SƠ CẤP", "Sơ cấp"),
    "intermediate": ("trung cấp", "Trung cấp"),
    "advanced": ("Cao cấp",),
    "bachelor": ("Cử nhân",),
}


def _spelling(table: Mapping[str, tuple[str, ...]], key: str, i: int) -> str:
    options = table[key]
    return options[i % len(options)]


def nfd_catalog_variants(cast: Cast) -> list[dict[str, Any]]:
    plan = [
        ("Kinh", "Không"),
        ("Khơ-me", "Phật giáo"),
        ("Kinh", "Công giáo"),
        ("Kinh", "Phật giáo Hòa Hảo"),
        ("Khơ-me", "Phật giáo"),
        ("Hoa", "Phật giáo"),
        ("Kinh", "Cao Đài"),
        ("Kinh", "Không"),
        ("Khơ-me", "Phật giáo"),
        ("Kinh", "Phật giáo Hòa Hảo"),
    ]
    people: list[Person] = [
        replace(cast.person(ethnicity=e, probationary=i == 9), religion=r)
        for i, (e, r) in enumerate(plan)
    ]
    cols = [
        STT,
        replace(NAME, header="Họ, tên"),
        BIRTH,
        replace(SEX, value=lambda i, p: _spelling(_SEX_SPELLINGS, p.sex, i)),
        replace(ETHNICITY, value=lambda i, p: _spelling(_ETHNICITY_SPELLINGS, p.ethnicity, i)),
        replace(RELIGION, value=lambda i, p: _spelling(_RELIGION_SPELLINGS, p.religion, i)),
        replace(NATIONAL_ID, header="Số định danh cá nhân"),
        CARD,
        ADMITTED,
        OFFICIAL,
        replace(
            THEORY,
            value=lambda i, p: _spelling(_THEORY_SPELLINGS, p.theory_level, i) or None,
        ),
    ]
    decomposed = [
        replace(
            c,
            header=unicodedata.normalize("NFD", c.header),
            value=lambda i, p, f=c.value: _nfd(f(i, p)),
        )
        for c in cols
    ]
    book = new_book()
    ws = book.active
    ws.title = unicodedata.normalize("NFD", "Chi bộ Ấp Một")
    write_table(ws, 1, decomposed, people)
    save_book(book, "12_nfd_catalog_variants.xlsx")
    return [
        case(
            "12_nfd_catalog_variants.xlsx",
            CELL_A,
            [
                "all text in NFD (decomposed), as pasted from macOS or PDFs",
                "header 'Họ, tên'; 'Số định danh cá nhân'",
                "ethnicity spellings: 'kinh', 'KINH', 'Việt', 'Khmer', 'KHƠ ME', 'Khơme', "
                "'Người Hoa'",
                "religion spellings: 'không', 'Không theo tôn giáo', 'Đạo Phật', "
                "'Thiên Chúa giáo', 'Đạo Cao Đài', 'Phật giáo Hoà Hảo' (old tone placement), "
                "'Hòa Hảo'",
                "sex 'NAM', 'nam', 'nữ', 'NỮ'; theory level in any letter case",
            ],
            members=members(people, CELL_A, cols),
        )
    ]


def _nfd(value: Any) -> Any:
    return unicodedata.normalize("NFD", value) if isinstance(value, str) else value
