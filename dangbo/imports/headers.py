"""Find the header of a spreadsheet and guess which column holds which field.

Real rolls start with title rows ("ĐẢNG BỘ XÃ AN BÌNH", "DANH SÁCH ĐẢNG VIÊN …"), put the header
on one row or on two (a merged group cell such as "Ngày tháng năm" over "Vào Đảng" | "Chính
thức"), often follow it with a row of column numbers "(1) (2) (3)", and mix section headings and
total rows into the data. The reader fills merged ranges, so a group's text appears in every
cell of its span and a vertically merged "Họ và tên" in both header rows.

Headers are compared on a normal form (header_key) that ignores case, diacritics, spaces and
punctuation, so "Họ và tên", "HỌ VÀ TÊN" and "Ho va ten" are one key. The module knows no field
names: an import spec passes its fields and their synonyms in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dangbo.core.text import fold
from dangbo.imports.values import CellValue, text

__all__ = [
    "FieldLabel",
    "HeaderGuess",
    "find_header",
    "header_key",
    "is_blank",
    "is_section_row",
    "is_total_row",
]

Row = Sequence[CellValue]


@dataclass(frozen=True)
class FieldLabel:
    """What header matching needs to know of one spec field."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass
class HeaderGuess:
    first_row: int  # 0-based index of the first header row
    last_row: int  # == first_row, or first_row + 1 for a two-row header
    data_start: int  # first row after the header and its "(1) (2) (3)" row, if any
    labels: list[str]  # per column, as written; two rows combined "Ngày tháng năm / Vào Đảng"
    mapping: dict[int, str]  # column -> field key; each field at most once, hidden columns never
    score: float  # 0..1, how sure the guess is, for the mapping screen


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(text: str) -> str:
    """The normal form headers are matched and remembered by: folded, letters and digits only."""
    return _NON_ALNUM.sub("", fold(text))


# Exact key first, then the key without parenthesised notes ("Họ và tên (*)", "Ngày sinh
# (dd/mm/yyyy)"), then a synonym contained in the header.
_EXACT, _WITHOUT_NOTES, _CONTAINED = 0, 1, 2
_LEVEL_WEIGHTS = (1.0, 0.9, 0.6)
# Shorter synonyms would match inside unrelated headers: "sothe" (Số thẻ) in "Số thẻ căn cước".
_MIN_CONTAINED = 6


class _Matcher:
    def __init__(self, fields: Sequence[FieldLabel]) -> None:
        self.exact: dict[str, str] = {}
        self.contained: list[tuple[str, str]] = []
        for field in fields:
            for spelling in (field.label, *field.synonyms):
                key = header_key(spelling)
                if not key:
                    continue
                self.exact.setdefault(key, field.key)
                if len(key) >= _MIN_CONTAINED:
                    self.contained.append((key, field.key))
        self.field_count = len({field.key for field in fields})
        self._cache: dict[str, list[tuple[int, int, str]]] = {}

    def candidates(self, label: str) -> list[tuple[int, int, str]]:
        """(level, rank within level, field) for one header text, best first."""
        cached = self._cache.get(label)
        if cached is None:
            cached = self._cache[label] = self._candidates(label)
        return cached

    def _candidates(self, label: str) -> list[tuple[int, int, str]]:
        key = header_key(label)
        if not key:
            return []
        found: list[tuple[int, int, str]] = []
        if field := self.exact.get(key):
            found.append((_EXACT, 0, field))
        bare = header_key(_PARENTHESES.sub(" ", label))
        if bare and bare != key and (field := self.exact.get(bare)):
            found.append((_WITHOUT_NOTES, 0, field))
        # Vietnamese puts the qualifier last: in "Ngày vào Đảng chính thức" the synonym that ends
        # latest ("chính thức") says what the column is, not the longer "Ngày vào Đảng".
        best: dict[str, tuple[int, int]] = {}
        for synonym, field in self.contained:
            position = key.rfind(synonym)
            if position >= 0:
                rank = (-(position + len(synonym)), -len(synonym))
                if field not in best or rank < best[field]:
                    best[field] = rank
        for rank_index, field in enumerate(sorted(best, key=best.__getitem__)):
            found.append((_CONTAINED, rank_index, field))
        return found


@dataclass
class _Candidate:
    first_row: int
    last_row: int
    labels: list[str]
    mapping: dict[int, str]
    weight: float

    @property
    def strength(self) -> tuple[int, float]:
        return len(self.mapping), self.weight


def _cell(row: Row, column: int) -> str:
    return text(row[column]) if column < len(row) else ""


def _combined(top: str, bottom: str) -> str:
    if not bottom or bottom == top:
        return top
    if not top:
        return bottom
    return f"{top} / {bottom}"


def _assign(
    columns: Sequence[Sequence[str]], matcher: _Matcher, hidden: frozenset[int]
) -> tuple[dict[int, str], float]:
    """Give each field to at most one column, strongest evidence first, then leftmost."""
    options: list[tuple[int, int, int, int, str]] = []
    for column, texts in enumerate(columns):
        if column in hidden:
            continue
        for text_index, label in enumerate(texts):
            for level, rank, field in matcher.candidates(label):
                options.append((level, text_index, rank, column, field))
    options.sort()
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    weight = 0.0
    for level, _, _, column, field in options:
        if column in mapping or field in taken:
            continue
        mapping[column] = field
        taken.add(field)
        weight += _LEVEL_WEIGHTS[level]
    return mapping, weight


def _single(rows: Sequence[Row], r: int, matcher: _Matcher, hidden: frozenset[int]) -> _Candidate:
    labels = [text(value) for value in rows[r]]
    mapping, weight = _assign([[label] for label in labels], matcher, hidden)
    return _Candidate(r, r, labels, mapping, weight)


def _pair(rows: Sequence[Row], r: int, matcher: _Matcher, hidden: frozenset[int]) -> _Candidate:
    top_row, bottom_row = rows[r], rows[r + 1]
    width = max(len(top_row), len(bottom_row))
    labels: list[str] = []
    columns: list[list[str]] = []
    for column in range(width):
        top, bottom = _cell(top_row, column), _cell(bottom_row, column)
        labels.append(_combined(top, bottom))
        # The sub-header names the column ("Nam" under "Giới tính"); the group alone comes last.
        together = f"{top} {bottom}" if top and bottom and top != bottom else top or bottom
        columns.append(list(dict.fromkeys(t for t in (together, bottom, top) if t)))
    mapping, weight = _assign(columns, matcher, hidden)
    return _Candidate(r, r + 1, labels, mapping, weight)


_NUMERIC_TEXT = re.compile(r"[\d\s.,:/()+=%-]+", re.ASCII)
_COLUMN_NUMBER = re.compile(r"[(\[]?\s*(\d{1,3}|[A-Za-z])\s*[)\]]?", re.ASCII)


def _is_numeric(value: CellValue) -> bool:
    """A count, an amount, a date or a serial: what data rows hold and header rows never do."""
    if isinstance(value, str):
        return _NUMERIC_TEXT.fullmatch(value) is not None
    return value is not None


_COUNT_TEXT = re.compile(r"[\d\s.,]+%?", re.ASCII)
_HAS_DIGIT = re.compile(r"\d")


def _is_count(value: CellValue) -> bool:
    if isinstance(value, str):
        return _COUNT_TEXT.fullmatch(value) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _non_empty(row: Row) -> list[tuple[int, CellValue]]:
    return [(i, v) for i, v in enumerate(row) if not _is_empty(v)]


def _is_numbering_row(row: Row) -> bool:
    """The "(1) (2) (3)" or "1 2 3" row printed under a header (letters "A B" allowed too)."""
    cells = _non_empty(row)
    if len(cells) < 2:
        return False
    numbers: list[int] = []
    for _, value in cells:
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            if not float(value).is_integer():
                return False
            numbers.append(int(value))
        elif isinstance(value, str) and (match := _COLUMN_NUMBER.fullmatch(value.strip())):
            if match.group(1).isdigit():
                numbers.append(int(match.group(1)))
        else:
            return False
    return all(a < b for a, b in itertools.pairwise(numbers))


def _could_be_top_row(row: Row, alone: _Candidate) -> bool:
    # A title ("DANH SÁCH ĐẢNG VIÊN", merged across) holds one distinct text and names no field.
    return bool(alone.mapping) and len({text(v) for _, v in _non_empty(row)}) >= 2


def _could_be_sub_header(row: Row) -> bool:
    cells = _non_empty(row)
    return bool(cells) and not any(_is_numeric(v) for _, v in cells)


def find_header(
    rows: Sequence[Row],
    fields: Sequence[FieldLabel],
    *,
    hidden_columns: frozenset[int] = frozenset(),
    scan_rows: int = 30,
) -> HeaderGuess | None:
    """The header row (or row pair) naming the most fields among the first scan_rows rows.

    Ties go to the earlier candidate, and a two-row header must name more fields than its top
    row alone. None when no row names at least two fields: the user then maps by hand.
    """
    matcher = _Matcher(fields)
    limit = min(scan_rows, len(rows))
    best: _Candidate | None = None
    for r in range(limit):
        if is_blank(rows[r]):
            continue
        single = _single(rows, r, matcher, hidden_columns)
        if best is None or single.strength > best.strength:
            best = single
        if (
            r + 1 < len(rows)
            and _could_be_top_row(rows[r], single)
            and _could_be_sub_header(rows[r + 1])
        ):
            pair = _pair(rows, r, matcher, hidden_columns)
            if pair.strength > max(best.strength, single.strength):
                best = pair
    if best is None or len(best.mapping) < 2:
        return None
    data_start = best.last_row + 1
    if data_start < len(rows) and _is_numbering_row(rows[data_start]):
        data_start += 1
    # How strongly each column matched, discounted when most labelled columns stayed unmatched
    # (a row number or notes column alone costs little; a mostly unknown header costs half).
    matched = len(best.mapping)
    filled = sum(1 for c, label in enumerate(best.labels) if label and c not in hidden_columns)
    coverage = min(1.0, matched / max(1, min(matcher.field_count, filled)))
    return HeaderGuess(
        first_row=best.first_row,
        last_row=best.last_row,
        data_start=data_start,
        labels=best.labels,
        mapping=best.mapping,
        score=round(best.weight / matched * (0.5 + 0.5 * coverage), 3),
    )


# --- rows inside the data --------------------------------------------------------------------


def is_blank(row: Row) -> bool:
    """No value at all; text cells arrive stripped, but stray whitespace is tolerated."""
    return all(_is_empty(v) for v in row)


def _column_of(mapping: Mapping[int, str], field: str | None) -> int | None:
    if field is None:
        return None
    return next((column for column, key in mapping.items() if key == field), None)


# "Tổng cộng", "Tổng số: 25", "Cộng:", "Cộng 25"; not "Tống Văn An" nor "Công Văn A", which
# fold to the same letters.
_TOTAL_LABEL = re.compile(r"(?:tong cong|tong so)\b.*|(?:tong|cong)\s*(?::.*|\d.*)?")


def is_total_row(row: Row, mapping: Mapping[int, str], *, name_field: str | None = None) -> bool:
    """A "Tổng cộng" row, or a row of numbers only (column sums under the table).

    The total label must be the first text of the row, in its first or second filled cell;
    other texts may only be counts ("25 đảng viên"). With name_field, the name column must be
    empty, a count or the label itself.
    """
    cells = _non_empty(row)
    if not cells:
        return False
    texts = [(position, text(v)) for position, (_, v) in enumerate(cells) if not _is_count(v)]
    if not texts:
        return True
    position, label = texts[0]
    if position > 1 or not _TOTAL_LABEL.fullmatch(fold(label)):
        return False
    if any(t != label and not _HAS_DIGIT.search(t) for _, t in texts):
        return False
    name_column = _column_of(mapping, name_field)
    if name_column is None or name_column >= len(row):
        return True
    name = row[name_column]
    return _is_empty(name) or _is_count(name) or text(name) == label


_ROMAN_OR_LETTER = re.compile(r"[IVXLC]+|[A-Z]|[IVXLC]+\.|[A-Z]\.", re.ASCII)
# Numbered headings ("I. CHI BỘ ẤP MỘT", "2) Chi bộ Ấp Hai") and Party units named alone.
_HEADING = re.compile(r"(?:[ivxlc]+|[a-z]|\d{1,2})\s*[.)]\s*\S.*|(?:chi bo|dang bo|to dang)\b.*")


def is_section_row(row: Row, mapping: Mapping[int, str], *, name_field: str | None = None) -> bool:
    """A heading inside the data ("I. CHI BỘ ẤP MỘT"): one distinct text in the row.

    It counts as a heading when it spans several cells (merged across), when it sits outside
    the name column (name_field given), or when it reads like one (numbered, or a Party unit).
    A roman numeral or letter in the first cell ("I" | "Chi bộ Ấp Một") is its numbering.
    """
    cells = _non_empty(row)
    if len(cells) > 1:
        first = cells[0][1]
        if isinstance(first, str) and _ROMAN_OR_LETTER.fullmatch(first.strip()):
            cells = cells[1:]
    distinct = {text(v) for _, v in cells}
    if len(distinct) != 1:
        return False
    value = cells[0][1]
    if not isinstance(value, str) or _is_numeric(value):
        return False
    if len(cells) > 1:
        return True
    name_column = _column_of(mapping, name_field)
    if name_column is not None and cells[0][0] != name_column:
        return True
    return _HEADING.fullmatch(fold(value)) is not None
