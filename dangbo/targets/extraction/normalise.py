"""Repair the text before reading it, keeping a map back to the original offsets.

Party documents reach us through PDF copy-paste, old TCVN3/VNI converters and Word files typed
on legacy keyboards: decomposed diacritics (NFD), "Ð" (U+00D0, eth) for "Đ", "ư" dropped by the
font converter ("nhà nớc", "dới 0,3%"), "%0" for "‰", missing or doubled spaces. Every pass here
is a single linear regex substitution; each output character remembers the offset of the input
character it came from, so a span found in the repaired text can be highlighted in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Normalised", "normalise", "tidy"]


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    # origin[i] is the offset in the original text of text[i]; origin[len(text)] is its length.
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the repaired slice text[start:end]."""
        if end <= start:
            at = self.origin[start]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def _sub(
    text: str, origin: list[int], pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, list[int]]:
    """re.sub that keeps the offset map: a replacement maps onto the start of what it replaced,
    except that a replacement keeping the matched text as a prefix keeps its offsets."""
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        new = repl(m)
        if new == m.group():
            continue
        pieces.append(text[last:start])
        offsets.extend(origin[last:start])
        old = m.group()
        common = 0
        while common < min(len(old), len(new)) and old[common] == new[common]:
            common += 1
        offsets.extend(origin[start : start + common])
        anchor = origin[start + common] if start + common < end else origin[end - 1]
        offsets.extend([anchor] * (len(new) - common))
        pieces.append(new)
        last = end
    if not pieces:
        return text, origin
    pieces.append(text[last:])
    offsets.extend(origin[last:])
    return "".join(pieces), offsets


_CLUSTER = re.compile(r"[^\u0300-\u036f][\u0300-\u036f]+")
_CHARS = re.compile("[\u00d0\u00f0\u00a0\u00ad\u200b\ufeff\t\r]")
_CHAR_MAP = {"\u00d0": "Đ", "\u00f0": "đ", "\u00a0": " ", "\t": " ", "\r": ""}

# Words whose "ư" (or "ô") the legacy-font converters lost. Only words that are not themselves
# Vietnamese words are listed, so the repair never damages sound text.
_DAMAGED = {
    "nớc": "nước",
    "dới": "dưới",
    "ngời": "người",
    "đợc": "được",
    "trớc": "trước",
    "thờng": "thường",
    "trờng": "trường",
    "cơng": "công",
    "tơng": "tương",
    "hớng": "hướng",
    "lợng": "lượng",
    "phơng": "phương",
    "đờng": "đường",
    "vợt": "vượt",
    "thởng": "thưởng",
    "dỡng": "dưỡng",
    "cờng": "cường",
    "chơng": "chương",
    "tởng": "tưởng",
    "nhợc": "nhược",
    "tợng": "tượng",
    "mơi": "mươi",
    "hởng": "hưởng",
    "trởng": "trưởng",
    "lơng": "lương",
    "ngỡng": "ngưỡng",
}
_DAMAGED_RE = re.compile(r"(?<!\w)(" + "|".join(_DAMAGED) + r")(?!\w)", re.IGNORECASE)


def _repair_word(m: re.Match[str]) -> str:
    word = m.group()
    fixed = _DAMAGED.get(word.lower(), word)
    return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed


# "%0" is how typists without a ‰ key write per mille ("giảm 2%0", "dưới 10%0/năm").
_PER_MILLE = re.compile(r"%0(?![\d,.]\d)")
# "%/ năm", "triệu đồng/ người/ năm": spaces around the slash of a flow unit.
_SLASH = re.compile(r"(?<=[\w%‰]) */ *(?=[^\W\d_])|(?<=[\w%‰]) +/(?=[^\W\d_])")
# "14,45%trở lên", "95%tổ chức", "400đảng viên": a unit glued to the next word.
_GLUED = re.compile(r"(?<=[%‰])(?=[^\W\d_])|(?<=\d)(?=[a-zđà-ỹ]{2,}(?!\d))")
# "nhiệm vụ;95%", "đảng viên,98%" (no digit before the comma: that is a decimal comma).
_AFTER_PUNCT = re.compile(r"(?<=[;:])(?=[^\s\d/])|(?<=[;])(?=\d)|(?<=[^\d\s],)(?=\d)")
_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r"(?<=\n) +| +(?=\n)")


def normalise(text: str) -> Normalised:
    origin = list(range(len(text) + 1))
    body = origin[:-1]
    if not unicodedata.is_normalized("NFC", text):
        text, body = _sub(text, body, _CLUSTER, lambda m: unicodedata.normalize("NFC", m.group()))
        if not unicodedata.is_normalized("NFC", text):
            # A combining mark after a character with no composed form: compose the rest.
            text = unicodedata.normalize("NFC", text)
            body = (body + [body[-1]] * len(text))[: len(text)] if body else []
    text, body = _sub(text, body, _CHARS, lambda m: _CHAR_MAP.get(m.group(), ""))
    text, body = _sub(text, body, _DAMAGED_RE, _repair_word)
    text, body = _sub(text, body, _PER_MILLE, lambda m: "‰")
    text, body = _sub(text, body, _SLASH, lambda m: "/")
    text, body = _sub(text, body, _GLUED, lambda m: " ")
    text, body = _sub(text, body, _AFTER_PUNCT, lambda m: " ")
    text, body = _sub(text, body, _SPACES, lambda m: " ")
    text, body = _sub(text, body, _EDGE_SPACES, lambda m: "")
    return Normalised(text, (*body, origin[-1]))


_WS = re.compile(r"\s+")


def tidy(original: str) -> str:
    """A verbatim span from the original, made comparable: NFC, "Đ" and single spaces."""
    s = unicodedata.normalize("NFC", original).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return _WS.sub(" ", s).strip(" ,;:.-–—*•+")
