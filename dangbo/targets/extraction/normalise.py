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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Normalised", "normalise", "tidy"]


@dataclass(frozen=True, slots=True)
class _PassMap:
    """How one repair pass moved characters: segment k starts at starts[k] in the new text and
    either copies the old text from olds[k] on (exact) or stands for the old character olds[k]."""

    starts: list[int]
    olds: list[int]
    exact: list[bool]
    new_len: int
    old_len: int

    def __call__(self, i: int) -> int:
        if i >= self.new_len:
            return self.old_len
        k = bisect_right(self.starts, i) - 1
        return self.olds[k] + (i - self.starts[k]) if self.exact[k] else self.olds[k]


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    # The passes that changed the text, in order; offsets are mapped back through them only for
    # the few spans asked for, instead of carrying a per-character table through every pass.
    maps: tuple[_PassMap, ...]

    def at(self, i: int) -> int:
        """Offset in the original text of text[i] (len(text) maps to the original's length)."""
        for m in reversed(self.maps):
            i = m(i)
        return i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the repaired slice text[start:end]."""
        if end <= start:
            at = self.at(start)
            return at, at
        return self.at(start), self.at(end - 1) + 1


def _sub(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, _PassMap | None]:
    """re.sub that records how characters moved: a replacement maps onto the start of what it
    replaced, except that a replacement keeping the matched text as a prefix keeps its offsets."""
    pieces: list[str] = []
    starts: list[int] = []
    olds: list[int] = []
    exact: list[bool] = []
    pos = last = 0

    def segment(old_at: int, copies: bool, length: int) -> None:
        nonlocal pos
        starts.append(pos)
        olds.append(old_at)
        exact.append(copies)
        pos += length

    for m in pattern.finditer(text):
        start, end = m.span()
        new = repl(m)
        old = m.group()
        if new == old:
            continue
        pieces.append(text[last:start])
        if start > last:
            segment(last, True, start - last)
        common = 0
        while common < min(len(old), len(new)) and old[common] == new[common]:
            common += 1
        if common:
            segment(start, True, common)
        if len(new) > common:
            anchor = start + common if start + common < end else max(end - 1, 0)
            segment(anchor, False, len(new) - common)
        pieces.append(new)
        last = end
    if not pieces:
        return text, None
    pieces.append(text[last:])
    if len(text) > last:
        segment(last, True, len(text) - last)
    if not starts:  # everything was deleted
        starts, olds, exact = [0], [0], [False]
    return "".join(pieces), _PassMap(starts, olds, exact, pos, len(text))


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
_DAMAGED_RE = re.compile(
    "(?=["
    + "".join(sorted({w[0] for w in _DAMAGED}))
    + r"])(?<!\w)("
    + "|".join(_DAMAGED)
    + r")(?!\w)",
    re.IGNORECASE,
)


def _repair_word(m: re.Match[str]) -> str:
    word = m.group()
    fixed = _DAMAGED.get(word.lower(), word)
    return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed


# "%0" is how typists without a ‰ key write per mille ("giảm 2%0", "dưới 10%0/năm").
_PER_MILLE = re.compile(r"%0(?![\d,.]\d)")
# "%/ năm", "triệu đồng/ người/ năm": spaces around the slash of a flow unit.
# (Each pattern opens with the character it needs, so most positions fail at once.)
_SLASH = re.compile(r"(?=[ /])(?:(?<=[\w%‰]) */ *(?=[^\W\d_])|(?<=[\w%‰]) +/(?=[^\W\d_]))")
# "14,45%trở lên", "95%tổ chức", "400đảng viên": a unit glued to the next word.
_GLUED = re.compile(r"[%‰](?=[^\W\d_])|\d(?=[a-zđà-ỹ]{2,}(?!\d))")
# "nhiệm vụ;95%", "đảng viên,98%" (no digit before the comma: that is a decimal comma).
_AFTER_PUNCT = re.compile(r"[;:](?=[^\s\d/])|;(?=\d)|(?<=[^\d\s]),(?=\d)")
_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r"\n +| +(?=\n)")


def normalise(text: str) -> Normalised:
    maps: list[_PassMap] = []

    def apply(
        pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], needs: str = ""
    ) -> None:
        nonlocal text
        if needs and not any(c in text for c in needs):
            return  # a substring test is far cheaper than a regex scan of a long text
        text, moved = _sub(text, pattern, repl)
        if moved is not None:
            maps.append(moved)

    if not unicodedata.is_normalized("NFC", text):
        apply(_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group()))
        if not unicodedata.is_normalized("NFC", text):
            # A combining mark after a character with no composed form: compose the rest.
            before = len(text)
            text = unicodedata.normalize("NFC", text)
            last = max(before - 1, 0)
            maps.append(_PassMap([0, before], [0, last], [True, False], len(text), before))
    apply(
        _CHARS, lambda m: _CHAR_MAP.get(m.group(), ""), "\u00d0\u00f0\u00a0\u00ad\u200b\ufeff\t\r"
    )
    apply(_DAMAGED_RE, _repair_word)
    apply(_PER_MILLE, lambda m: "‰", "%")
    apply(_SLASH, lambda m: "/", "/")
    apply(_GLUED, lambda m: m.group() + " ")
    apply(_AFTER_PUNCT, lambda m: m.group() + " ", ";:,")
    apply(_SPACES, lambda m: " ", " ")
    apply(_EDGE_SPACES, lambda m: "\n" if m.group()[0] == "\n" else "", "\n")
    return Normalised(text, tuple(maps))


_WS = re.compile(r"\s+")


def tidy(original: str) -> str:
    """A verbatim span from the original, made comparable: NFC, "Đ" and single spaces."""
    s = unicodedata.normalize("NFC", original).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return _WS.sub(" ", s).strip(" ,;:.-–—*•+")
