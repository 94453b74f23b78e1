"""From raw rows (calamine's or the CSV reader's) to a Sheet: the per-cell work, kept minimal.

A 100,000-row file has millions of cells, so each cell gets one type dispatch and nothing else
unless it needs it: NFC only for non-ASCII text, legacy conversion only for sheets detected as
legacy, and detection on a sample.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from dangbo.imports.reading import legacy
from dangbo.imports.reading.base import CellValue, Sheet

__all__ = ["build_sheet"]

# Enough text cells to tell an encoding apart without reading a whole province's roll.
_DETECTION_SAMPLE = 3000
# Invisible characters that copy-paste leaves around a value; str.strip() keeps them.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

Merge = tuple[int, int, int, int]


def build_sheet(
    name: str,
    rows: list[list[Any]],
    *,
    merged: Iterable[Merge] = (),
    hidden_columns: Iterable[int] = (),
    hidden: bool = False,
    total_rows: int = 0,
) -> Sheet:
    """Normalise `rows` in place and wrap them as a Sheet.

    `rows` may be ragged and may hold calamine's values ('' for empty, floats for numbers,
    timedelta for durations); `merged` ranges are 0-based inclusive (first_row, first_col,
    last_row, last_col) in the same coordinates. `total_rows`: the sheet's height in the
    file when `rows` are only its first rows.
    """
    sample = _normalise(rows)
    encoding = legacy.detect(sample) if sample else "unicode"
    if encoding != "unicode":
        _convert_legacy(rows, encoding)
    height, width = _extent(rows)
    del rows[height:]
    for row in rows:
        if len(row) > width:
            del row[width:]
        elif len(row) < width:
            row.extend([None] * (width - len(row)))
    kept = clip_merged(merged, height, width)
    _fill_merged(rows, kept)
    return Sheet(
        name=name,
        rows=rows,
        hidden_columns=frozenset(c for c in hidden_columns if 0 <= c < width),
        hidden=hidden,
        encoding=encoding,
        merged=kept,
        total_rows=max(total_rows, height),
    )


def _normalise(rows: list[list[Any]]) -> list[str]:
    """Clean every cell in place; return a sample of the non-ASCII text cells."""
    sample: list[str] = []
    normalize = unicodedata.normalize
    str_, float_, timedelta_ = str, float, datetime.timedelta
    for row in rows:
        for i, value in enumerate(row):
            kind = value.__class__
            if kind is str_:
                if not value:
                    row[i] = None
                    continue
                text = value.strip()
                if not text.isascii():
                    text = normalize("NFC", text).strip(_INVISIBLE).strip()
                    if len(sample) < _DETECTION_SAMPLE and text:
                        sample.append(text)
                row[i] = text or None
            elif kind is float_:
                if value.is_integer():
                    row[i] = int(value)
            elif kind is timedelta_:
                row[i] = _duration(value)
    return sample


def _duration(value: datetime.timedelta) -> CellValue:
    """A duration cell ("[h]:mm"): a time of day when it fits in one, else its text."""
    if datetime.timedelta(0) <= value < datetime.timedelta(days=1):
        return (datetime.datetime.min + value).time()
    return str(value)


def _convert_legacy(rows: list[list[Any]], encoding: str) -> None:
    convert = legacy.convert_cell
    for row in rows:
        for i, value in enumerate(row):
            if value.__class__ is str and not value.isascii():
                row[i] = convert(value, encoding)


def _extent(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(rows, columns) once trailing empty rows and columns are trimmed."""
    height = len(rows)
    while height and all(value is None for value in rows[height - 1]):
        height -= 1
    width = 0
    for row in rows[:height]:
        end = len(row)
        while end > width and row[end - 1] is None:
            end -= 1
        width = max(width, end)
    return height, width


def clip_merged(merged: Iterable[Merge], height: int, width: int) -> list[Merge]:
    """The merged ranges that start inside `height` rows × `width` columns, cut to end there."""
    kept = []
    for first_row, first_col, last_row, last_col in merged:
        if first_row >= height or first_col >= width or last_row < first_row:
            continue
        if last_col < first_col:
            continue
        kept.append((first_row, first_col, min(last_row, height - 1), min(last_col, width - 1)))
    return sorted(kept)


def _fill_merged(rows: list[list[CellValue]], merged: Sequence[Merge]) -> None:
    """Copy each range's top-left value into its every cell, as the user sees the sheet."""
    for first_row, first_col, last_row, last_col in merged:
        value = rows[first_row][first_col]
        for r in range(first_row, last_row + 1):
            row = rows[r]
            for c in range(first_col, last_col + 1):
                row[c] = value
