"""`Member.name_sort`: dangbo.core.text.name_sort_key written as a string whose plain order is
the key's order, so the database sorts and paginates the roll the Vietnamese way from an index.

Only [0-9a-z] is used: PostgreSQL compares with the database collation, which is not byte order
for punctuation or upper case, but for digits and lower-case ASCII letters every collation we
meet agrees with byte order (tests/test_views_list checks it on both databases).

The key is a flat tuple of int tuples. Each tuple is written as its items, each item one
class character and a fixed-width base-36 payload (the classes rise with the values they
hold, so a shorter code never sits between two longer ones), then "0", which is below every
class character: a tuple that is a prefix of another sorts first, as in Python. The codes are
prefix-free, so the concatenated tuples compare as the tuples do.

This module is pure Python: the migration that fills the column imports it.
"""

from __future__ import annotations

from functools import cache

from dangbo.core.text import name_sort_key

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_END = "0"
# Rank bands of dangbo.core.text (symbols by code point < digits < number-length markers <
# Vietnamese letters < other letters), with the width their payload needs in base 36.
_CODE_POINTS = 0x110000
_DIGIT_BASE = _CODE_POINTS
_NUMBER_BASE = _DIGIT_BASE + 10
_LETTER_BASE = _NUMBER_BASE + 1000
_OTHER_LETTER_BASE = _LETTER_BASE + 33
# (lowest rank of the band, class character, payload width)
_RANK_BANDS = (
    (_OTHER_LETTER_BASE, "5", 4),
    (_LETTER_BASE, "4", 1),
    (_NUMBER_BASE, "3", 2),
    (_DIGIT_BASE, "2", 1),
    (0, "1", 4),
)
# Code points of the final tie-break: Latin in 2 payload digits, Vietnamese in 3, the rest 4.
_CODE_POINT_BANDS = ((36**3, "3", 4), (36**2, "2", 3), (0, "1", 2))
MAX_LENGTH = 2000


def _base36(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, digit = divmod(value, 36)
        chars.append(_DIGITS[digit])
    if value:
        raise ValueError("value too large for its band")
    return "".join(reversed(chars))


def _item(value: int, bands: tuple[tuple[int, str, int], ...]) -> str:
    for low, cls, width in bands:
        if value >= low:
            return cls + _base36(value - low, width)
    raise ValueError(f"negative rank {value}")


# A roll's names are made of a few dozen letters: each rank and code point is coded once
# (an import codes the names of 100,000 members).
@cache
def _rank_item(value: int) -> str:
    return _item(value, _RANK_BANDS)


@cache
def _code_point_item(value: int) -> str:
    return _item(value, _CODE_POINT_BANDS)


def _ranks(values: tuple[int, ...]) -> str:
    return "".join(map(_rank_item, values)) + _END


def _tones(values: tuple[int, ...]) -> str:
    # Tone ranks are 0..5: one character each, above the end mark.
    return "".join(_DIGITS[v + 1] for v in values) + _END


def _code_points(values: tuple[int, ...]) -> str:
    return "".join(map(_code_point_item, values)) + _END


def name_sort_string(full_name: str) -> str:
    """name_sort_key(full_name) as an [0-9a-z] string in the same order."""
    key = name_sort_key(full_name)
    # Layout of the key: (letters, tones) per word, then (), then the code points.
    *words, _marker, code_points = key
    parts = [_ranks(words[i]) + _tones(words[i + 1]) for i in range(0, len(words), 2)]
    # The empty tuple after the words is "0" alone: below any word, so "An" < "An Bình".
    return ("".join(parts) + _END + _code_points(code_points))[:MAX_LENGTH]
