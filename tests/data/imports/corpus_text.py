"""Files 07–09: CSV as Excel and old tools save it (UTF-8 with BOM and ';', UTF-16 'Unicode
text' with tabs, Windows-1258 with commas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from corpus_book import (
    ADMITTED,
    BIRTH,
    CARD,
    ETHNICITY,
    FILES,
    HOMETOWN,
    NAME,
    NATIONAL_ID,
    OFFICIAL,
    RELIGION,
    SEX,
    STT,
    THEORY,
    Col,
    case,
    ddmmyyyy,
    members,
)
from corpus_encodings import to_cp1258
from corpus_people import Cast, Person
from corpus_sheets import CELL_A, CELL_B, CELL_NAMES


def _rows(cols: Sequence[Col], people: Sequence[Person]) -> list[list[str]]:
    def text(value: Any) -> str:
        if value is None:
            return ""
        return ddmmyyyy(value) if isinstance(value, date) else str(value)

    header = [c.header for c in cols]
    return [header] + [[text(c.value(i, p)) for c in cols] for i, p in enumerate(people, 1)]


def _csv(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def utf8_bom_semicolon(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(10, probationary=1)
    people[5] = cast.person(card_prefix="0")
    people[7] = replace(people[7], hometown="Ấp Một; xã An Bình, tỉnh Vĩnh Long")
    org_of = {p.full_name: (CELL_A if i < 6 else CELL_B) for i, p in enumerate(people)}

    def national_id(i: int, p: Person) -> str:
        if i == 3:  # a number cell formatted #,##0 in a Vietnamese-locale Excel, saved as CSV
            return f"{int(p.national_id):,}".replace(",", ".")
        return p.national_id

    def card(i: int, p: Person) -> str | None:
        if i == 6 and p.card_number:
            return f"{int(p.card_number):,}".replace(",", ".")
        return p.card_number

    cols = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, HOMETOWN]
    cols += [replace(NATIONAL_ID, value=national_id), replace(CARD, value=card)]
    cols += [ADMITTED, OFFICIAL, THEORY]
    cols += [Col("Tên chi bộ", lambda i, p: CELL_NAMES[org_of[p.full_name]], "organization")]
    text = _csv(_rows(cols, people), ";")
    (FILES / "07_utf8_bom_semicolon.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return [
        case(
            "07_utf8_bom_semicolon.csv",
            "TN.AB",
            [
                "UTF-8 with BOM",
                "';' separator, CRLF",
                "dates dd/mm/yyyy",
                "a quoted value holding ';'",
                "a CCCD and a card number saved with '.' thousands separators, zeros lost",
                "'Tên chi bộ' column with cell names",
            ],
            members=members(people, lambda p: org_of[p.full_name], cols),
        )
    ]


def utf16_tab(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(8, probationary=1)
    cols = [
        STT,
        replace(NAME, header="Ho ten"),
        replace(BIRTH, header="Ngay sinh"),
        replace(SEX, header="Gioi tinh"),
        replace(ETHNICITY, header="Dan toc"),
        replace(RELIGION, header="Ton giao"),
        replace(NATIONAL_ID, header="So CCCD"),
        replace(CARD, header="So the DV"),
        replace(ADMITTED, header="Ngay vao Dang"),
        replace(OFFICIAL, header="Ngay chinh thuc"),
        replace(THEORY, header="LLCT"),
    ]
    text = _csv(_rows(cols, people), "\t")
    # Excel's "Unicode text": UTF-16 little-endian with a byte order mark.
    (FILES / "08_utf16_tab.csv").write_bytes(text.encode("utf-16"))
    return [
        case(
            "08_utf16_tab.csv",
            CELL_A,
            [
                "UTF-16 LE with BOM (Excel 'Unicode text')",
                "tab separator, CRLF",
                "headers without diacritics ('Ho ten', 'Ngay vao Dang')",
            ],
            members=members(people, CELL_A, cols),
        )
    ]


def windows1258(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(8, probationary=1)
    written = dict(
        zip(
            (p.full_name for p in people),
            (
                *("Chi bộ Ấp Một", "TN.AB.2", "TN.AB.1", "CHI BỘ ẤP HAI", "chi bộ ấp một"),
                *("Chi bộ Ấp Hai", "TN.AB.1", "TN.AB.2"),
            ),
            strict=True,
        )
    )
    org_of = {name: _code_of(text) for name, text in written.items()}

    def short_date(day: date | None) -> str | None:
        return None if day is None else f"{day.day}/{day.month}/{day.year}"

    cols = [
        STT,
        NAME,
        replace(BIRTH, value=lambda i, p: short_date(p.birth_date)),
        SEX,
        ETHNICITY,
        RELIGION,
        HOMETOWN,
        NATIONAL_ID,
        CARD,
        replace(ADMITTED, value=lambda i, p: short_date(p.admitted_on)),
        replace(OFFICIAL, value=lambda i, p: short_date(p.official_on)),
        Col("Chi bộ", lambda i, p: written[p.full_name], "organization"),
    ]
    text = _csv(_rows(cols, people), ",")
    (FILES / "09_windows1258.csv").write_bytes(to_cp1258(text))
    return [
        case(
            "09_windows1258.csv",
            "TN.AB",
            [
                "Windows-1258: tones as combining marks after the base letter",
                "',' separator, CRLF, quoted values holding commas",
                "dates d/m/yyyy without leading zeros",
                "'Chi bộ' column mixing names, codes and letter case",
            ],
            members=members(people, lambda p: org_of[p.full_name], cols),
        )
    ]


def _code_of(text: str) -> str:
    if text in CELL_NAMES:
        return text
    return next(code for code, name in CELL_NAMES.items() if name.casefold() == text.casefold())
