"""Legacy Vietnamese font encodings: TCVN3 (ABC, fonts .VnTime) and VNI-Windows (VNI-Times).

Before Unicode, Vietnamese was typed with 8-bit fonts: a cell holds Latin-1 characters that only
look Vietnamese on screen because the font draws "Ô" as "ễ". Files typed that way are still the
rolls of many committees, so their text is recognised and converted on import.

TCVN3 maps each toned lowercase letter to one code (TCVN 5712:1993, table VN3; the codes agree
with glibc's TCVN5712-1). VN3 has capital codes only for Ă Â Ê Ô Ơ Ư Đ: other capitals were typed
with the lowercase code and shown in capitals by a "H" font (.VnTimeH). So a converted cell is
lowercase where the file had no capital code, except that a cell whose every other cased letter
is a capital (a header typed in .VnTimeH, "DANH S¸CH §¶NG VI£N") is upper-cased whole. Reading
also accepts the 16 capitals that TCVN3's full variant (VN1) puts in the upper half (Ắ Ằ Ẳ Ẵ Ấ Ầ Ẩ
Ẫ Ế Ề Ể Ễ Ố Ồ Ổ Ỗ); writing (`from_unicode`, used to build test files) produces plain VN3.

VNI writes a base letter followed by one or two modifier characters ("Nguyeãn": "e" + "ã" = ễ);
decoding replaces the longest sequence first. Its capitals are complete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = ["LEGACY_ENCODINGS", "detect", "from_unicode", "to_unicode"]

LEGACY_ENCODINGS = ("tcvn3", "vni")

# Tones in the column order of the tables below: none, sắc, huyền, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


# --- TCVN3 -----------------------------------------------------------------------------------

# One code per tone, in _TONE_MARKS order (toneless a, e, i, o, u, y stay ASCII).
_TCVN3_LOWER: dict[str, str] = {
    "a": "a\xb8\xb5\xb6\xb7\xb9",
    "ă": "\xa8\xbe\xbb\xbc\xbd\xc6",
    "â": "\xa9\xca\xc7\xc8\xc9\xcb",
    "e": "e\xd0\xcc\xce\xcf\xd1",
    "ê": "\xaa\xd5\xd2\xd3\xd4\xd6",
    "i": "i\xdd\xd7\xd8\xdc\xde",
    "o": "o\xe3\xdf\xe1\xe2\xe4",
    "ô": "\xab\xe8\xe5\xe6\xe7\xe9",
    "ơ": "\xac\xed\xea\xeb\xec\xee",
    "u": "u\xf3\xef\xf1\xf2\xf4",
    "ư": "\xad\xf8\xf5\xf6\xf7\xf9",
    "y": "y\xfd\xfa\xfb\xfc\xfe",
}
_TCVN3_CAPITALS = {"Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6"}
_TCVN3_D = {"đ": "\xae", "Đ": "\xa7"}
# VN1's capitals in the upper half, read but never written.
_TCVN3_VN1_CAPITALS = {
    "\xaf": "Ằ", "\xba": "Ẳ", "\xbf": "Ẵ", "\xc0": "Ắ", "\xc1": "Ầ", "\xc2": "Ẩ", "\xc3": "Ẫ",
    "\xc4": "Ấ", "\xc5": "Ề", "\xcd": "Ể", "\xd9": "Ễ", "\xda": "Ế", "\xdb": "Ồ", "\xe0": "Ổ",
    "\xf0": "Ỗ", "\xff": "Ố",
}  # fmt: skip


def _tcvn3_tables() -> tuple[dict[int, str], dict[str, str]]:
    decode: dict[int, str] = {}
    encode: dict[str, str] = {}
    for vowel, codes in _TCVN3_LOWER.items():
        for tone, code in enumerate(codes):
            letter = _toned(vowel, tone)
            encode[letter] = code
            capital = letter.upper()
            encode[capital] = _TCVN3_CAPITALS.get(capital, capital if capital.isascii() else code)
            if not code.isascii():
                decode[ord(code)] = letter
    for letter, code in (*_TCVN3_CAPITALS.items(), *_TCVN3_D.items()):
        encode[letter] = code
        decode[ord(code)] = letter
    for code, letter in _TCVN3_VN1_CAPITALS.items():
        decode[ord(code)] = letter
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()
# Codes that are capitals on screen whatever the font: they vote for "this cell is in capitals".
_TCVN3_CAPITAL_CODES = frozenset([*_TCVN3_CAPITALS.values(), _TCVN3_D["Đ"], *_TCVN3_VN1_CAPITALS])


def _tcvn3_to_unicode(text: str) -> str:
    converted = text.translate(_TCVN3_DECODE)
    if converted == text:
        return text
    capitals = 0
    for ch in text:
        if "a" <= ch <= "z":
            return converted
        if "A" <= ch <= "Z" or ch in _TCVN3_CAPITAL_CODES:
            capitals += 1
    # Every cased letter of the cell is a capital: it was typed for a .VnTimeH font, which draws
    # the lowercase codes as capitals too.
    return converted.upper() if capitals >= 2 else converted


# --- VNI -------------------------------------------------------------------------------------

# Modifier characters: (lowercase, uppercase) strings indexed by tone, in _TONE_MARKS order.
_VNI_TONE = ("\xf9\xf8\xfb\xf5\xef", "\xd9\xd8\xdb\xd5\xcf")  # tone only, no vowel mark
_VNI_CIRCUMFLEX = ("\xe2\xe1\xe0\xe5\xe3\xe4", "\xc2\xc1\xc0\xc5\xc3\xc4")  # â ê ô
_VNI_BREVE = ("\xea\xe9\xe8\xfa\xfc\xeb", "\xca\xc9\xc8\xda\xdc\xcb")  # ă
_VNI_I = ("i\xed\xec\xe6\xf3\xf2", "I\xcd\xcc\xc6\xd3\xd2")  # i has one code per tone
_VNI_SINGLE = {"ơ": ("\xf4", "\xd4"), "ư": ("\xf6", "\xd6"), "đ": ("\xf1", "\xd1")}
_VNI_Y_DOT = ("\xee", "\xce")  # ỵ has a code of its own


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(decode: VNI sequence -> letter, encode: letter -> canonical VNI sequence)."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}

    def add(letter: str, lower: str, upper: str) -> None:
        encode[letter], encode[letter.upper()] = lower, upper
        decode[lower], decode[upper] = letter, letter.upper()
        # A base and a modifier of different case still mean the letter of the base's case.
        if len(lower) == 2:
            decode.setdefault(lower[0] + upper[1], letter)
            decode.setdefault(upper[0] + lower[1], letter.upper())

    for base in "aeouy":
        for tone in range(1, 6):
            add(
                _toned(base, tone),
                base + _VNI_TONE[0][tone - 1],
                base.upper() + _VNI_TONE[1][tone - 1],
            )
    for vowel, base in (("â", "a"), ("ê", "e"), ("ô", "o")):
        for tone in range(6):
            mods = _VNI_CIRCUMFLEX
            add(_toned(vowel, tone), base + mods[0][tone], base.upper() + mods[1][tone])
    for tone in range(6):
        add(_toned("ă", tone), "a" + _VNI_BREVE[0][tone], "A" + _VNI_BREVE[1][tone])
    for tone in range(1, 6):
        add(_toned("i", tone), _VNI_I[0][tone], _VNI_I[1][tone])
    for letter, (lower, upper) in _VNI_SINGLE.items():
        add(letter, lower, upper)
    for vowel in ("ơ", "ư"):
        lower, upper = _VNI_SINGLE[vowel]
        for tone in range(1, 6):
            add(_toned(vowel, tone), lower + _VNI_TONE[0][tone - 1], upper + _VNI_TONE[1][tone - 1])
    # ỵ is written with its own code, but "y" + the dot-below modifier is understood too.
    encode["ỵ"], encode["Ỵ"] = _VNI_Y_DOT
    decode[_VNI_Y_DOT[0]], decode[_VNI_Y_DOT[1]] = "ỵ", "Ỵ"
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(_VNI_DECODE, key=len, reverse=True))
)


def _vni_to_unicode(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


_DECODERS: dict[str, Callable[[str], str]] = {"tcvn3": _tcvn3_to_unicode, "vni": _vni_to_unicode}


def to_unicode(text: str, encoding: str) -> str:
    """`text` typed in `encoding` ("tcvn3", "vni"; "unicode" returns it unchanged), as Unicode."""
    if encoding == "unicode":
        return text
    return _DECODERS[encoding](text)


def from_unicode(text: str, encoding: str) -> str:
    """The inverse of `to_unicode`, for building legacy test files: what an old keyboard typed."""
    if encoding == "unicode":
        return text
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# --- Detection -------------------------------------------------------------------------------

_TONE_SET = frozenset(_TONE_MARKS[1:])
# Initial consonant, then a vowel group: one that ends in a semivowel and takes no final
# ("ai", "ươi"), one that needs a final ("ă", "iê": "tiên" but never "tiê"), or one that may
# have one. Tones are stripped before matching.
_SYLLABLE = re.compile(
    "(?:ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdđghklmnprstvx])?"
    "(?:(?:iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|"
    "ơi|ua|ui|uơ|ưa|ưi|ưu)"
    "|(?:uyê|iê|yê|uô|ươ|oă|uâ|oo|[ăâ])(?:ch|ng|nh|[cmnptk])"
    "|(?:oa|oe|uê|uy|[aeêioôơuưy])(?:ch|ng|nh|[cmnptk])?)"
)
# Words: runs of anything but spaces, digits and ASCII punctuation (legacy codes such as "§"
# and "¸" are Latin-1 symbols and must stay inside their word).
_WORD = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")
_UNICODE_ONLY_LETTERS = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_MAX_WORDS = 20_000


@lru_cache(maxsize=8192)
def is_syllable(word: str) -> bool:
    """Whether `word` is one well-formed Vietnamese syllable (at most one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(ch for ch in decomposed if ch not in _TONE_SET)
    if len(decomposed) - len(bare) > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def detect(texts: Iterable[str]) -> str:
    """How the text cells of one sheet were typed: "unicode", "tcvn3" or "vni".

    A word votes for a legacy encoding when it is not a Vietnamese syllable as it stands but is
    one once converted ("V¨n" -> "Văn"), and for Unicode when it is a syllable that conversion
    breaks, or one with letters no legacy font produces ("Nguyễn"). Words that are syllables
    either way ("tèt" is both TCVN3 for "tốt" and a well-formed Unicode syllable) and foreign
    words ("André") do not vote. A legacy encoding wins only with a clear majority: at least 40%
    of the non-ASCII words and four times the Unicode votes, so Unicode rolls, English and
    French names are left alone.
    """
    legacy = dict.fromkeys(LEGACY_ENCODINGS, 0)
    unicode = dict.fromkeys(LEGACY_ENCODINGS, 0)
    words = 0
    for text in texts:
        if text.isascii():
            continue
        for word in _WORD.findall(text):
            if word.isascii():
                continue
            words += 1
            valid = is_syllable(word)
            for encoding in LEGACY_ENCODINGS:
                converted = _DECODERS[encoding](word)
                if converted == word:
                    # Unchanged: Unicode only if it has letters no legacy font can produce
                    # (VNI's "í" is Unicode's "í", so "Chính" says nothing).
                    unicode[encoding] += valid and _UNICODE_ONLY_LETTERS.search(word) is not None
                elif is_syllable(converted):
                    legacy[encoding] += not valid
                else:
                    unicode[encoding] += valid
        if words >= _MAX_WORDS:
            break
    best = max(LEGACY_ENCODINGS, key=lambda encoding: legacy[encoding])
    votes = legacy[best]
    if votes and votes >= 0.4 * words and votes >= 4 * unicode[best]:
        return best
    return "unicode"


def convert_cell(text: str, encoding: str) -> str:
    """Convert one cell of a sheet detected as `encoding`, unless the cell itself is Unicode.

    Sheets are often typed over years: a cell holding letters that no legacy font produces
    (ă, đ, ơ, ư, ạ…) was typed in Unicode later and is kept as it is.
    """
    if _UNICODE_ONLY_LETTERS.search(text):
        return text
    return unicodedata.normalize("NFC", to_unicode(text, encoding))
