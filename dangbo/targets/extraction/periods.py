"""Period markers: "annual" (hằng năm, mỗi năm, "%/năm", "Năm 2026, ... phấn đấu") and "term"
(đến năm 2030, trong nhiệm kỳ, 5 năm, giai đoạn 2025-2030); see TARGETS_GUIDE.md, "period".

A named term ("nhiệm kỳ 2025-2030", "giai đoạn 2025-2030") is weaker than the other markers: it
frames one target, but when it introduces a list ("nhiệm kỳ 2025-2030, ... đề ra 8 chỉ tiêu:")
it is only the list's title and marks nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Marker", "find_marker", "find_markers"]

_Y = r"(?:19|20)\d\d"
_DASH = r"\s*[-–—]\s*"
_ANNUAL = re.compile(
    r"(?=[bthmn])(?<!\w)(?:bình quân |trung bình )?"
    r"(?:hằng năm|hàng năm|mỗi năm|từng năm|năm nào cũng|"
    r"trong năm(?! qua)(?: " + _Y + r")?)(?!\w)|"
    # A single year named as the time of the target ("doanh thu năm 2026 đạt ..."), but not a
    # deadline ("đến năm 2030"), a comparison ("so với năm 2025") or part of a date.
    r"(?=năm )(?<![\w/])(?<!đến )(?<!tới )(?<!vào )(?<!cuối )(?<!hết )(?<!trước )(?<!sau )(?<!từ )"
    r"(?<!với )(?<!kỳ )(?<!của )(?<!đầu )(?<!giữa )(?<!ngày )(?<!tháng )(?<!quý )(?<!học )"
    r"năm " + _Y + r"(?!\s*[-–—]\s*\d)",
    re.IGNORECASE,
)
_TERM = re.compile(
    # (Each alternative opens with one of these letters: most positions fail at once.)
    r"(?=[đthcvsqgnm5])"
    r"(?:(?<!\w)(?:đến|tới|đến hết|hết|cuối|đến cuối|vào cuối|vào|trước)\s+(?:năm\s+)?" + _Y + r"|"
    r"(?<!\w)(?:đến|tới|đến hết|hết|cuối|đến cuối|vào cuối|trong|cả|toàn|suốt|chỉ tiêu|"
    r"mục tiêu)\s+nhiệm kỳ"
    r"(?!\s+" + _Y + r"|\s+(?:qua|trước|vừa))|"
    r"(?<!\w)(?:trong|sau|qua|giai đoạn)?\s*(?:5|năm) năm(?: tới)?(?!\w)|"
    r"(?<!\w)nhiệm kỳ (?:tới|mới|này)(?!\w))",
    re.IGNORECASE,
)
_NAMED_TERM = re.compile(
    r"(?<!\w)(?:trong |cả |suốt )?(?:nhiệm kỳ|giai đoạn)\s+(?:mới\s+)?\(?" + _Y + _DASH + _Y,
    re.IGNORECASE,
)
# "5 năm qua", "năm năm trước" look back; "nhiệm kỳ 2015-2020 đã ..." is judged elsewhere.
_LOOKS_BACK = re.compile(r"\s*(?:qua|trước|vừa qua)(?!\w)")


@dataclass(frozen=True, slots=True)
class Marker:
    period: str  # "annual" or "term"
    start: int
    end: int = 0
    named: bool = False  # a named term ("nhiệm kỳ 2025-2030"): only frames a single target


@dataclass(frozen=True, slots=True)
class _Index:
    text: str
    starts: list[int]
    plain: list[Marker]  # sorted by start
    named_starts: list[int]
    named: list[Marker]


def _build(text: str) -> _Index:
    plain: list[Marker] = [Marker("annual", m.start(), m.end()) for m in _ANNUAL.finditer(text)]
    for m in _TERM.finditer(text):
        word = m.group().strip().lower()
        if word == "năm năm" or word.startswith("qua") or _LOOKS_BACK.match(text, m.end()):
            continue
        plain.append(Marker("term", m.start(), m.end()))
    plain.sort(key=lambda mk: mk.start)
    named = [Marker("term", m.start(), m.end(), named=True) for m in _NAMED_TERM.finditer(text)]
    return _Index(text, [mk.start for mk in plain], plain, [mk.start for mk in named], named)


# Every sentence, item and clause asks for its markers: scan the text once and answer each range
# from the sorted list (the last text's index is kept; texts are immutable, so identity is safe).
_last: list[_Index] = []


def _index(text: str) -> _Index:
    last = _last[0] if _last else None
    if last is not None and last.text is text:
        return last
    index = _build(text)
    _last[:] = [index]
    return index


def find_markers(text: str, start: int, end: int) -> list[Marker]:
    """Every period marker inside text[start:end], in text order; a named term only when there
    is no other marker."""
    if end <= start:
        return []
    index = _index(text)
    lo = bisect_left(index.starts, start)
    found = []
    for mk in index.plain[lo : bisect_left(index.starts, end, lo)]:
        if mk.end <= end:
            found.append(mk)
    if not found:
        lo = bisect_left(index.named_starts, start)
        for mk in index.named[lo : bisect_left(index.named_starts, end, lo)]:
            if mk.end <= end:
                return [mk]
    return found


def find_marker(text: str, start: int, end: int) -> Marker | None:
    """The first period marker in text[start:end]."""
    found = find_markers(text, start, end)
    return found[0] if found else None
