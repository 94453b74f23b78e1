"""Files the import must refuse entirely: not spreadsheets, corrupt, encrypted, a decompression
bomb, and rolls with duplicate keys, units out of scope, bad values and formulas."""

from __future__ import annotations

import random
import struct
import zipfile
from dataclasses import replace
from datetime import date
from typing import Any

from corpus_book import (
    ADMITTED,
    BIRTH,
    CARD,
    ETHNICITY,
    FILES,
    NAME,
    NATIONAL_ID,
    OCCUPATION,
    OFFICIAL,
    RELIGION,
    SEX,
    STT,
    ZIP_TIME,
    Col,
    Formula,
    case,
    error,
    members,
    new_book,
    save_book,
    write_table,
)
from corpus_people import Cast, Person
from corpus_sheets import CELL_A

BASIC = [STT, NAME, BIRTH, SEX, ETHNICITY, RELIGION, NATIONAL_ID, CARD, ADMITTED, OFFICIAL]


def _pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 41 >>\nstream\nBT /F1 12 Tf 72 770 Td (Danh sach) Tj ET\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def not_a_spreadsheet() -> list[dict[str, Any]]:
    (FILES / "bad_01_not_a_spreadsheet.xlsx").write_bytes(_pdf())
    return [
        case(
            "bad_01_not_a_spreadsheet.xlsx",
            CELL_A,
            ["a PDF renamed .xlsx"],
            outcome="refused",
            file_error_contains="bảng tính",
        )
    ]


def corrupt(cast: Cast) -> list[dict[str, Any]]:
    book = new_book()
    write_table(book.active, 1, BASIC, cast.people(5))
    whole = save_book(book, "bad_02_corrupt.xlsx").read_bytes()
    # Cut before the central directory, as an interrupted download or e-mail attachment.
    (FILES / "bad_02_corrupt.xlsx").write_bytes(whole[: len(whole) * 3 // 5])
    return [
        case(
            "bad_02_corrupt.xlsx",
            CELL_A,
            ["an xlsx truncated at 60 %: no central directory"],
            outcome="refused",
            file_error_contains="hỏng",
        )
    ]


def _cfb(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal compound file (MS-CFB v3) holding the given streams, each ≥ 4096 bytes so
    they live in regular sectors. This is the container Office uses for encrypted xlsx."""
    sector = 512
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    chains, next_sector = [], 2  # sector 0: FAT, sector 1: directory
    for _, data in streams:
        count = -(-len(data) // sector)
        chains.append((next_sector, count))
        next_sector += count
    fat = [fat_sect, end]
    for start, count in chains:
        fat += [start + k + 1 for k in range(count - 1)] + [end]
    if len(fat) > sector // 4:
        raise ValueError("streams too large for a one-sector FAT")
    fat += [free] * (sector // 4 - len(fat))

    def entry(
        name: str, kind: int, start: int, size: int, left: int, right: int, child: int
    ) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
            + b"\0" * 16  # CLSID
            + struct.pack("<I", 0)  # state bits
            + b"\0" * 16  # creation and modification times
            + struct.pack("<IQ", start, size)
        )

    nostream = 0xFFFFFFFF
    directory = entry("Root Entry", 5, end, 0, nostream, nostream, 1)
    for k, ((name, data), (start, _)) in enumerate(zip(streams, chains, strict=True), start=1):
        sibling = k + 1 if k < len(streams) else nostream
        directory += entry(name, 2, start, len(data), nostream, sibling, nostream)
    directory = directory.ljust(sector, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    body = b"".join(data.ljust(-(-len(data) // sector) * sector, b"\0") for _, data in streams)
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body


def password_protected() -> list[dict[str, Any]]:
    rng = random.Random(5)
    info = (
        struct.pack("<HHI", 4, 4, 0x40)
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    ).ljust(4096, b"\0")
    package = struct.pack("<Q", 6144) + rng.randbytes(6144)
    data = _cfb([("EncryptionInfo", info), ("EncryptedPackage", package)])
    (FILES / "bad_03_password.xlsx").write_bytes(data)
    return [
        case(
            "bad_03_password.xlsx",
            CELL_A,
            ["password-protected xlsx: an OLE2 compound file with an EncryptedPackage stream"],
            outcome="refused",
            file_error_contains="mật khẩu",
        )
    ]


BOMB_BYTES = 500 * 1024 * 1024
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)


def zip_bomb() -> list[dict[str, Any]]:
    """A well-formed xlsx whose one sheet inflates to 500 MiB of whitespace (~0.5 MB packed)."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    tail = b"</sheetData></worksheet>"
    path = FILES / "bad_04_zip_bomb.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ):
            archive.writestr(_member(name), data)
        chunk = b" " * (8 * 1024 * 1024)
        with archive.open(_member("xl/worksheets/sheet1.xml", level=9), "w") as sheet:
            sheet.write(head)
            written = len(head) + len(tail)
            while written < BOMB_BYTES:
                piece = chunk[: BOMB_BYTES - written]
                sheet.write(piece)
                written += len(piece)
            sheet.write(tail)
    return [
        case(
            "bad_04_zip_bomb.xlsx",
            CELL_A,
            [f"decompression bomb: sheet1.xml inflates to {BOMB_BYTES // 2**20} MiB"],
            outcome="refused",
            file_error_contains="nén",
        )
    ]


def _member(name: str, level: int = 6) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.create_system, info.external_attr = 3, 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # type: ignore[attr-defined]  # ZipFile.open takes no level
    return info


def duplicate_keys(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(8)
    people[6] = replace(people[6], card_number=people[2].card_number)
    book = new_book()
    rows = write_table(book.active, 1, BASIC, people)
    save_book(book, "bad_05_duplicate_keys.xlsx")
    return [
        case(
            "bad_05_duplicate_keys.xlsx",
            CELL_A,
            [f"rows {rows[2]} and {rows[6]} carry the same card number"],
            outcome="refused",
            errors=[error(rows[6], ["card_number", None], "trùng")],
        )
    ]


def out_of_scope(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(7)
    written = ["Chi bộ Ấp Một", "Chi bộ Cơ quan Tỉnh ủy", "Chi bộ Ấp Một", "ZZ.99"]
    written += ["Chi bộ Ấp Hai", "TN.AB.1", "TN.AB.2"]
    cols = [*BASIC, Col("Chi bộ", lambda i, p: written[i - 1], "organization")]
    book = new_book()
    rows = write_table(book.active, 1, cols, people)
    save_book(book, "bad_06_out_of_scope.xlsx")
    by_name = [rows[1], rows[4]]  # "Chi bộ Cơ quan Tỉnh ủy" (none), "Chi bộ Ấp Hai" (exists)
    by_code = [rows[3], rows[6]]  # "ZZ.99" (none), "TN.AB.2" (exists)
    unit = ["organization", "unit", "unit_code"]
    return [
        case(
            "bad_06_out_of_scope.xlsx",
            CELL_A,
            [
                "imported by the secretary of Ấp Một under TN.AB.1",
                "units that do not exist, by name ('Chi bộ Cơ quan Tỉnh ủy') and by code "
                "('ZZ.99'), and units that exist outside the scope, by name ('Chi bộ Ấp Hai') and "
                "by code ('TN.AB.2'): each pair gets the same message, so the user never learns "
                "which exist",
            ],
            user="secretary_a",
            outcome="refused",
            errors=[error(row, unit, "chi bộ") for row in sorted(by_name + by_code)],
            same_message_rows=[by_name, by_code],
        )
    ]


def row_errors(cast: Cast) -> list[dict[str, Any]]:
    people = cast.people(11)
    bad: dict[int, tuple[str | list[str], str, Any]] = {}

    def spoil(
        k: int, field: str | list[str], contains: str, person: Person, raw: Any = None
    ) -> None:
        people[k] = person
        bad[k] = (field, contains, raw)

    spoil(1, "birth_date", "ngày", people[1], "31/02/1980")
    spoil(3, "national_id", "CCCD", replace(people[3], national_id="12345"))
    spoil(4, "ethnicity", "dân tộc", replace(people[4], ethnicity="Kinhh"))
    spoil(5, "full_name", "tên", replace(people[5], full_name=""))
    spoil(6, "sex", "giới tính", people[6], "?")
    born_1990 = people[7].national_id[:3] + "01"[people[7].sex == "female"] + "90"
    young = replace(
        people[7],
        birth_date=date(1990, 5, 12),
        national_id=born_1990 + people[7].national_id[6:],
        admitted_on=date(2006, 2, 3),
    )
    spoil(7, ["birth_date", "admitted_on"], "tuổi", replace(young, official_on=date(2007, 2, 3)))
    early = replace(people[8], admitted_on=date(2015, 6, 10), official_on=date(2014, 6, 10))
    spoil(8, "official_on", "chính thức", early)
    raw_birth = {k + 1: raw for k, (f, _, raw) in bad.items() if f == "birth_date"}
    raw_sex = {k + 1: raw for k, (f, _, raw) in bad.items() if f == "sex"}
    cols = [
        STT,
        NAME,
        replace(BIRTH, value=lambda i, p: raw_birth.get(i, p.birth_date)),
        replace(SEX, value=lambda i, p: raw_sex.get(i, p.sex_label)),
        *BASIC[4:],
    ]
    book = new_book()
    rows = write_table(book.active, 1, cols, people)
    save_book(book, "bad_07_errors.xlsx")
    errors = [error(rows[k], field, contains) for k, (field, contains, _) in bad.items()]
    good = [p for k, p in enumerate(people) if k not in bad]
    peculiarities = [
        "impossible date 31/02/1980",
        "CCCD '12345'",
        "unknown ethnicity 'Kinhh'",
        "missing name in an otherwise full row",
        "sex '?'",
        "admitted at 15",
        "official before admitted",
    ]
    return [
        case("bad_07_errors.xlsx", CELL_A, peculiarities, outcome="refused", errors=errors),
        case(
            "bad_07_errors.xlsx",
            CELL_A,
            [*peculiarities, "the user chose to skip bad rows"],
            skip_invalid=True,
            members=members(good, CELL_A, cols),
            errors=errors,
        ),
    ]


def formulas(cast: Cast) -> list[dict[str, Any]]:
    people = [replace(p, occupation="") for p in cast.people(6)]
    people[4] = replace(people[4], occupation="=1+2")
    cols = [
        replace(STT, value=lambda i, p: Formula("=ROW()-1")),
        replace(
            NAME,
            value=lambda i, p: Formula('=HYPERLINK("http://x","bấm")') if i == 3 else p.full_name,
        ),
        *BASIC[2:],
        OCCUPATION,
        Col("Ghi chú", lambda i, p: Formula("=1+1") if i == 2 else None),
    ]
    book = new_book()
    rows = write_table(book.active, 1, cols, people)
    save_book(book, "bad_08_formulas.xlsx")
    good = [p for k, p in enumerate(people) if k != 2]
    peculiarities = [
        "STT written as =ROW()-1 on every row (ignored column)",
        'a name cell holding =HYPERLINK("http://x","bấm") with no cached value: formulas '
        "are never evaluated, so the name is missing",
        "'=1+1' formula in an unknown column 'Ghi chú'",
        "an occupation typed as the text '=1+2': kept verbatim, never evaluated",
    ]
    errors = [error(rows[2], "full_name", "tên")]
    return [
        case("bad_08_formulas.xlsx", CELL_A, peculiarities, outcome="refused", errors=errors),
        case(
            "bad_08_formulas.xlsx",
            CELL_A,
            [*peculiarities, "the user chose to skip bad rows"],
            skip_invalid=True,
            members=members(good, CELL_A, cols),
            errors=errors,
        ),
    ]


def too_big() -> list[dict[str, Any]]:
    return [
        case(
            "big_50mb.xlsx",
            CELL_A,
            ["a 50 MB upload: refused on size before it is opened"],
            outcome="refused",
            file_error_contains="MB",
            generated_by_test=True,
            how="the test writes 50 MB (e.g. a valid xlsx padded with a large stored zip member) "
            "into a temporary directory; it is never committed",
        )
    ]
