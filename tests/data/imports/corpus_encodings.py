"""Legacy Vietnamese encodings as people typed them before Unicode: TCVN3 (ABC, .VnTime fonts),
VNI (VNI-Times fonts) and Windows-1258.

TCVN3 and VNI are font encodings: Excel stores the Latin-1 characters whose codes the font
draws as Vietnamese letters, so a cell reads "Hä vµ tªn" and looks like "Họ và tên" only in the
legacy font. Encoders refuse what the encoding cannot hold instead of guessing.
"""

from __future__ import annotations

import unicodedata

# TCVN 5712:1993 VN3, the subset the ABC .VnTime fonts carry: all lowercase letters and seven
# toneless capitals, at codes 0xA1-0xFE. Each entry is a Unicode letter and its code.
# Checked against glibc's TCVN5712-1 table (iconv), which agrees on every code listed here.
_TCVN3_CODES: dict[str, int] = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip
_TO_TCVN3 = {letter: chr(code) for letter, code in _TCVN3_CODES.items()}
_FROM_TCVN3 = {chr(code): letter for letter, code in _TCVN3_CODES.items()}

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)

# VNI-Windows: a base letter followed by one code for modifier and tone together; a few letters
# (ơ ư đ and the i's) have codes of their own. Lowercase codes are the uppercase ones + 0x20.
_VNI_PLAIN_TONES = dict(zip(_TONES, "ØÙÛÕÏ", strict=True))
_VNI_CIRCUMFLEX_TONES = dict(zip(_TONES, "ÀÁÅÃÄ", strict=True))
_VNI_BREVE_TONES = dict(zip(_TONES, "ÈÉÚÜË", strict=True))
_VNI_I = dict(zip(("", *_TONES), "IÌÍÆÓÒ", strict=True))
_VNI_OWN = {"Ơ": "Ô", "Ư": "Ö", "Đ": "Ñ", "Ỵ": "Î"}


def _lower(code: str) -> str:
    return code.lower() if code.isalpha() else code


def _vni_upper(letter: str) -> str:
    """VNI code of one uppercase letter (or the letter itself when it is plain ASCII)."""
    if letter in _VNI_OWN:
        return _VNI_OWN[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in _TONES), "")
    modifier = next((m for m in marks if m not in _TONES), "")
    if base == "I":
        return _VNI_I[tone]
    if modifier == _HORN:
        head = _VNI_OWN[unicodedata.normalize("NFC", base + _HORN)]
        return head + (_VNI_PLAIN_TONES[tone] if tone else "")
    if modifier == _CIRCUMFLEX:
        return base + (_VNI_CIRCUMFLEX_TONES[tone] if tone else "Â")
    if modifier == _BREVE:
        return base + (_VNI_BREVE_TONES[tone] if tone else "Ê")
    return base + (_VNI_PLAIN_TONES[tone] if tone else "")


def _vni_letter(letter: str) -> str:
    if letter.isupper():
        return _vni_upper(letter)
    return "".join(_lower(c) for c in _vni_upper(letter.upper()))


def to_tcvn3(text: str) -> str:
    """Text as typed in a .VnTime font. Capitals with a tone (À, Ấ…) do not exist there."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"TCVN3 (.VnTime) has no {ch!r} in {text!r}")
    return "".join(out)


def from_tcvn3(text: str) -> str:
    return "".join(_FROM_TCVN3.get(ch, ch) for ch in text)


def _vietnamese_letters() -> list[str]:
    modifiers = {"a": "\u0302\u0306", "e": "\u0302", "o": "\u0302\u031b", "u": "\u031b"}
    letters = []
    for base in "aeiouy":
        for modifier in ("", *modifiers.get(base, "")):
            for tone in ("", *_TONES):
                if modifier or tone:
                    letter = unicodedata.normalize("NFC", base + modifier + tone)
                    letters += [letter, letter.upper()]
    return [*letters, "đ", "Đ"]


_VNI_TABLE = {letter: _vni_letter(letter) for letter in _vietnamese_letters()}
_FROM_VNI = {code: letter for letter, code in _VNI_TABLE.items()}


def to_vni(text: str) -> str:
    """Text as typed in a VNI-Times font."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VNI_TABLE:
            out.append(_VNI_TABLE[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"VNI has no {ch!r} in {text!r}")
    return "".join(out)


def from_vni(text: str) -> str:
    """Longest match first, so "aâ" wins over "a" then "â"."""
    table = _FROM_VNI
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
        else:
            out.append(table.get(text[i], text[i]))
            i += 1
    return "".join(out)


def check_round_trips() -> None:
    """Every letter each table holds decodes back to itself, and no two letters share a code."""
    letters = _vietnamese_letters()
    assert len(_FROM_VNI) == len(_VNI_TABLE) == len(letters) == 134
    assert all(from_vni(to_vni(letter)) == letter for letter in letters)
    assert len(_FROM_TCVN3) == len(_TCVN3_CODES) == 74
    assert all(from_tcvn3(to_tcvn3(letter)) == letter for letter in _TCVN3_CODES)
    sample = "Nguyễn Thị Ấp Đảng Ượng ỵ"
    assert unicodedata.normalize("NFC", to_cp1258(sample).decode("cp1258")) == sample


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: a letter the code page lacks is written as a letter it has plus a
    combining tone mark, as Windows does (so "ễ" is "ê" + U+0303)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [m for m in decomposed if m in _TONES]
        rest = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        out += (rest + "".join(tones)).encode("cp1258")
    encoded = bytes(out)
    if unicodedata.normalize("NFC", encoded.decode("cp1258")) != unicodedata.normalize("NFC", text):
        raise ValueError(f"cp1258 round trip failed for {text!r}")
    return encoded
