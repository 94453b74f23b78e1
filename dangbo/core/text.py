"""Vietnamese text helpers: normalisation, accent-insensitive search and dictionary order.

Vietnamese text reaches us in both composed (NFC) and decomposed (NFD) form: macOS file names,
copy-paste from PDFs and old converters all produce NFD. Python's default string order sorts by
code point, which puts "Đ" after "Z" and "Ân" far from "An"; users expect the dictionary order
they learnt at school. This module is pure Python so it can be used anywhere, including in
migrations and imports, without Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = [
    "SortKey",
    "WordKey",
    "fold",
    "name_sort_key",
    "nfc",
    "text_sort_key",
    "word_sort_key",
]

WordKey = tuple[tuple[int, ...], tuple[int, ...]]
"""(letter ranks, tone ranks) of one word: tones only break ties between equal letters."""

SortKey = tuple[tuple[int, ...], ...]
"""A flat tuple of int tuples, so keys compare quickly in C and need no custom comparator."""

# Tone marks in traditional dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANKS: dict[str, int] = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

# The Vietnamese alphabet, with f, j, w, z slotted into their Latin positions for foreign names.
_ALPHABET: tuple[str, ...] = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip

# Rank layout: punctuation and symbols (by code point) < numbers < Vietnamese letters < other
# letters (Greek, Cyrillic, ... by code point). Code points are below 0x110000. A run of digits
# is one number ("Chi bộ khóm 2" before "Chi bộ khóm 10"): it is keyed as a length marker
# (_NUMBER_BASE + count of significant digits) followed by its digits.
_DIGIT_BASE = 0x110000
_NUMBER_BASE = _DIGIT_BASE + 10
_MAX_NUMBER_DIGITS = 999
_LETTER_BASE = _NUMBER_BASE + _MAX_NUMBER_DIGITS + 1
_OTHER_LETTER_BASE = _LETTER_BASE + len(_ALPHABET)

_LETTER_RANKS: dict[str, int] = {letter: _LETTER_BASE + i for i, letter in enumerate(_ALPHABET)}
# Under NFD, "ă", "â", "ê", "ô", "ơ", "ư" arrive as a plain letter plus a breve, circumflex or
# horn, and are reached through _MODIFIED; "đ" has no decomposition and is looked up directly.
# "ð" (Icelandic eth) is a common mistyping of "đ" by legacy keyboards and converters, so it
# sorts and folds as "đ".
_LETTER_RANKS["ð"] = _LETTER_RANKS["đ"]


def _modified_letter_ranks() -> dict[tuple[int, str], int]:
    """Map (plain letter rank, modifier mark) to the modified letter: (a, breve) -> ă, ..."""
    ranks: dict[tuple[int, str], int] = {}
    for i, letter in enumerate(_ALPHABET):
        decomposed = unicodedata.normalize("NFD", letter)
        if len(decomposed) == 2:
            ranks[(_LETTER_RANKS[decomposed[0]], decomposed[1])] = _LETTER_BASE + i
    return ranks


_MODIFIED = _modified_letter_ranks()


def nfc(s: str) -> str:
    """Compose to NFC, the form we store, so equal-looking strings are equal in the database."""
    return unicodedata.normalize("NFC", s)


_COMBINING = re.compile("[\u0300-\u036f]")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def fold(s: str) -> str:
    """Reduce text to lower-case ASCII-ish letters so "nguyen van a" finds "Nguyễn Văn Á".

    Users often type without diacritics (or on a phone keyboard that drops them); folding both
    the query and the stored value makes search forgiving. Whitespace is collapsed because
    pasted names often carry double or non-breaking spaces.
    """
    if s.isascii():
        return " ".join(s.lower().split())
    lowered = unicodedata.normalize("NFD", nfc(s).lower())
    # Vietnamese marks are all in the combining diacritics block: one regex pass, and the
    # per-character test only for what is left (other scripts' marks). Imports fold a
    # province's names many times, so this is hot.
    stripped = _COMBINING.sub("", lowered)
    if not stripped.isascii():
        stripped = "".join(ch for ch in stripped if not _is_mark(ch))
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return " ".join(stripped.split())


def _char_rank(ch: str) -> int:
    """Primary rank of one base (non-mark) character, lower-cased already."""
    rank = _LETTER_RANKS.get(ch)
    if rank is not None:
        return rank
    if ch.isalpha():
        return _OTHER_LETTER_BASE + ord(ch)
    return ord(ch)


@lru_cache(maxsize=8192)
def word_sort_key(word: str) -> WordKey:
    """Dictionary key for one word: base letters first, tones only as a tie-break.

    This is why "mạ" sorts before "ă": the letter a < ă decides before any tone is looked at.
    Cached because names repeat endlessly ("Nguyễn", "Văn", "Thị").
    """
    letters: list[int] = []
    tones: list[int] = []
    digits: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()) + "\0":
        digit = unicodedata.decimal(ch, -1)
        if digit >= 0:
            digits.append(digit)
            continue
        if digits:
            _append_number(digits, letters, tones)
            digits = []
        if ch == "\0":
            break
        if _is_mark(ch) and letters:
            tone = _TONE_RANKS.get(ch)
            if tone is not None:
                tones[-1] = tone
            else:
                letters[-1] = _MODIFIED.get((letters[-1], ch), letters[-1])
            continue
        # A stray leading mark ranks as a symbol, so a non-empty word never has empty letters.
        letters.append(ord(ch) if _is_mark(ch) else _char_rank(ch))
        tones.append(0)
    return tuple(letters), tuple(tones)


def _append_number(digits: list[int], letters: list[int], tones: list[int]) -> None:
    """Key a run of digits as one number: shorter numbers first, then digit by digit."""
    significant = digits[next((i for i, d in enumerate(digits) if d), len(digits) - 1) :]
    significant = significant[:_MAX_NUMBER_DIGITS]
    letters.append(_NUMBER_BASE + len(significant))
    letters.extend(_DIGIT_BASE + d for d in significant)
    tones.extend([0] * (len(significant) + 1))


def _words_key(ordered_words: Sequence[str], original: str) -> SortKey:
    """Flatten word keys, then an end marker and the exact text as a final tie-break.

    The empty-tuple marker sorts before any word (a word's letters are never empty), so a name
    that is a word-prefix of another sorts first. The code-point tie-break makes the order
    total and deterministic: names equal except for case never depend on input order.
    """
    parts: list[tuple[int, ...]] = []
    for word in ordered_words:
        parts.extend(word_sort_key(word))
    parts.append(())
    parts.append(tuple(ord(ch) for ch in original))
    return tuple(parts)


def text_sort_key(s: str) -> SortKey:
    """Vietnamese dictionary key for a whole string, word by word (organisation names, titles)."""
    words = nfc(s).split()
    return _words_key(words, " ".join(words))


def name_sort_key(full_name: str) -> SortKey:
    """Key for a Vietnamese person name: given name (last word) first, then family and middle.

    Vietnamese lists (member rolls, ballots) are ordered by given name because a handful of
    family names (Nguyễn, Trần, Lê...) cover most people and would make family order useless.
    """
    words = nfc(full_name).split()
    ordered = words[-1:] + words[:-1]
    return _words_key(ordered, " ".join(words))
