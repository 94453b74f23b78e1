"""Write the import test corpus (issue #5 §5): the files in files/ and expected.json.

    .venv/bin/python tests/data/imports/generate.py

Deterministic: the same bytes on every run (fixed seed, fixed zip timestamps and document
properties). README.md says what each file exercises and how expected.json reads.
"""

from __future__ import annotations

import json
import sys
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_bad
import corpus_legacy
import corpus_other
import corpus_sheets
import corpus_text
from corpus_book import FILES
from corpus_encodings import check_round_trips, from_tcvn3, from_vni
from corpus_people import TODAY, Cast
from python_calamine import CalamineWorkbook

SEED = 20261130
EXPECTED = Path(__file__).resolve().parent / "expected.json"


def build() -> list[dict[str, Any]]:
    cast = Cast(SEED)
    cases: list[dict[str, Any]] = []
    for write in (
        corpus_sheets.clean,
        corpus_sheets.title_rows_total,
        corpus_sheets.two_row_header_merged,
        corpus_sheets.hidden_columns_sheets,
        corpus_sheets.dates_mixed,
        corpus_sheets.numbers_lost_zeros,
        corpus_text.utf8_bom_semicolon,
        corpus_text.utf16_tab,
        corpus_text.windows1258,
        corpus_legacy.tcvn3,
        corpus_legacy.vni,
        corpus_legacy.nfd_catalog_variants,
        corpus_other.legacy_xls,
        corpus_other.libreoffice_ods,
        corpus_bad.corrupt,
        corpus_bad.duplicate_keys,
        corpus_bad.out_of_scope,
        corpus_bad.row_errors,
        corpus_bad.formulas,
    ):
        cases += write(cast)
    for write_plain in (
        corpus_bad.not_a_spreadsheet,
        corpus_bad.password_protected,
        corpus_bad.zip_bomb,
        corpus_bad.too_big,
    ):
        cases += write_plain()
    return cases


def _parse(text: str) -> date:
    day, month, year = map(int, text.split("/"))
    return date(year, month, day)


def check_members(cases: list[dict[str, Any]]) -> None:
    """Every expected member is a plausible record, and keys are unique across the corpus."""
    seen: dict[str, set[str]] = {"national_id": set(), "card_number": set(), "full_name": set()}
    files: set[str] = set()
    for case in cases:
        # A second case on the same file (another sheet, skip_invalid) repeats its members.
        repeated = case["file"] in files
        files.add(case["file"])
        names = Counter(m["full_name"] for m in case["members"])
        assert max(names.values(), default=1) == 1, case["file"]
        for m in case["members"]:
            born, admitted = _parse(m["birth_date"]), _parse(m["admitted_on"])
            assert date(1950, 1, 1) <= born <= date(2000, 12, 31), m
            assert admitted.replace(year=admitted.year - 18) >= born, m
            assert admitted <= TODAY, m
            if m["official_on"] is None:
                assert (TODAY - admitted).days < 365, m
                assert m["card_number"] is None, m
            else:
                assert _parse(m["official_on"]) == admitted.replace(year=admitted.year + 1), m
            if m["national_id"] is not None:
                assert len(m["national_id"]) == 12 and m["national_id"].isdigit(), m
            if m["card_number"] is not None:
                assert len(m["card_number"]) == 8 and m["card_number"].isdigit(), m
            for key, values in seen.items():
                if m[key] is not None and not repeated:
                    assert m[key] not in values, (key, m[key])
                    values.add(m[key])


def _texts(path: Path) -> str:
    """All text of a file as the import would see it after decoding, NFC."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8")
        elif raw.startswith(b"\xff\xfe"):
            text = raw.decode("utf-16")
        else:
            text = raw.decode("cp1258")
        return unicodedata.normalize("NFC", text)
    book = CalamineWorkbook.from_path(str(path))
    cells = [
        str(value)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    ]
    text = "\n".join(cells)
    if "tcvn3" in path.name:
        text = from_tcvn3(text)
    if "vni" in path.name:
        text = from_vni(text)
    return unicodedata.normalize("NFC", text)


def check_files(cases: list[dict[str, Any]]) -> None:
    for case in cases:
        if case.get("generated_by_test"):
            continue
        path = FILES / case["file"]
        assert path.exists(), path
        if case["file"].startswith(("bad_01", "bad_02", "bad_03")):
            try:
                CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            except Exception:  # noqa: S112 - any refusal will do: the file must not open
                continue
            raise AssertionError(f"{path.name} opened")
        if case["file"].startswith("bad_04"):
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            assert unpacked > 400 * 2**20 and path.stat().st_size < 2**20, path
            continue
        text = _texts(path)
        for member in case["members"]:
            assert member["full_name"] in text, (path.name, member["full_name"])


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    check_round_trips()
    cases = sorted(build(), key=lambda case: case["file"])
    check_members(cases)
    check_files(cases)
    EXPECTED.write_text(json.dumps(cases, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in FILES.iterdir())
    print(f"{len(list(FILES.iterdir()))} files, {total / 1e6:.2f} MB, {len(cases)} cases")


if __name__ == "__main__":
    main()
