"""Cut a passage into lines, sentences and ";"-items, the units the guide's rules talk about.

A list item ("- 95% ...") is a line; a sentence may hold a list of ";"-items ("...: 100% ...;
80% ..."). Offsets are in the repaired text; the caller maps them back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Item", "Line", "Sentence", "segment"]


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # after the bullet or list number
    end: int
    bullet: bool
    ends_colon: bool
    index: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    line: int
    index: int


@dataclass(frozen=True, slots=True)
class Item:
    start: int
    end: int
    sentence: int
    line: int
    index_in_sentence: int


_BULLET = re.compile(
    r"[ \t]*(?:[-+•*–—○▪►✓]+|\(?\d{1,2}[.)](?!\d)|\(?[a-zđ][.)]|[IVXLC]+[.\-–)/]|"
    r"\d{1,2}\.\d{1,2}\.?)"
    r"[ \t]*"
)
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’)]*\s+")
_ITEM_SPLIT = re.compile(r";\s*")


def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        m = _BULLET.match(text, start, end)
        bullet = bool(m and m.end() > start and (m.end() == end or not text[m.end() - 1].isalnum()))
        content = m.end() if bullet and m else start
        lines.append(Line(content, end, bullet, text[end - 1] == ":", len(lines)))
    return lines


def _sentences(text: str, line: Line, first_index: int) -> list[Sentence]:
    out: list[Sentence] = []
    start = line.start
    for m in _SENTENCE_END.finditer(text, line.start, line.end):
        nxt = m.end()
        # A full stop inside "0.5" or before a lower-case word is not a sentence end.
        if nxt < line.end and not (text[nxt].isupper() or text[nxt] in '-–•*+(“"'):
            continue
        if m.start() > start:
            out.append(Sentence(start, m.start(), line.index, first_index + len(out)))
        start = nxt
    if start < line.end:
        end = line.end
        while end > start and text[end - 1] in ".!?…":
            end -= 1
        out.append(Sentence(start, end, line.index, first_index + len(out)))
    return out


def segment(text: str) -> tuple[list[Line], list[Sentence], list[Item]]:
    lines = _lines(text)
    sentences: list[Sentence] = []
    items: list[Item] = []
    for line in lines:
        for sentence in _sentences(text, line, len(sentences)):
            sentences.append(sentence)
            start = sentence.start
            count = 0
            for m in _ITEM_SPLIT.finditer(text, sentence.start, sentence.end):
                if m.start() > start:
                    items.append(Item(start, m.start(), sentence.index, line.index, count))
                    count += 1
                start = m.end()
            if start < sentence.end:
                items.append(Item(start, sentence.end, sentence.index, line.index, count))
    return lines, sentences, items
