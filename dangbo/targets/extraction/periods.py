"""Period markers: "annual" (hằng năm, mỗi năm, "%/năm", "Năm 2026, ... phấn đấu") and "term"
(đến năm 2030, trong nhiệm kỳ, 5 năm, giai đoạn 2025-2030); see TARGETS_GUIDE.md, "period".

A named term ("nhiệm kỳ 2025-2030", "giai đoạn 2025-2030") is weaker than the other markers: it
frames one target, but when it introduces a list ("nhiệm kỳ 2025-2030, ... đề ra 8 chỉ tiêu:")
it is only the list's title and marks nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Marker", "find_marker"]

_Y = r"(?:19|20)\d\d"
_DASH = r"\s*[-–—]\s*"
_ANNUAL = re.compile(
    r"(?<!\w)(?:bình quân |trung bình )?(?:hằng năm|hàng năm|mỗi năm|từng năm|năm nào cũng|"
    r"trong năm(?! qua)(?: " + _Y + r")?)(?!\w)|"
    r"(?:^\W*|(?<!\w)(?:phấn đấu|mục tiêu|kế hoạch|chỉ tiêu|nhiệm vụ|xuất khẩu|doanh thu)\s+)"
    r"(?:trong\s+)?năm " + _Y + r"(?!\s*[-–—])",
    re.IGNORECASE,
)
_TERM = re.compile(
    r"(?<!\w)(?:đến|tới|đến hết|hết|cuối|đến cuối|vào cuối|vào|trước)\s+(?:năm\s+)?" + _Y + r"|"
    r"(?<!\w)(?:đến|tới|đến hết|hết|cuối|đến cuối|vào cuối|trong|cả|toàn|suốt)\s+nhiệm kỳ"
    r"(?!\s+" + _Y + r"|\s+(?:qua|trước|vừa))|"
    r"(?<!\w)(?:trong|sau|qua|giai đoạn)?\s*(?:5|năm) năm(?: tới)?(?!\w)|"
    r"(?<!\w)nhiệm kỳ (?:tới|mới|này)(?!\w)",
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


def find_marker(text: str, start: int, end: int) -> Marker | None:
    """The first period marker in text[start:end]."""
    found: list[Marker] = []
    chunk = text[start:end]
    m = _ANNUAL.search(chunk)
    if m:
        found.append(Marker("annual", start + m.start(), start + m.end()))
    for m in _TERM.finditer(chunk):
        if m.group().strip().lower() in ("năm năm",):
            continue
        if _LOOKS_BACK.match(chunk, m.end()) or m.group().lower().startswith("qua"):
            continue
        found.append(Marker("term", start + m.start(), start + m.end()))
        break
    if not found:
        m = _NAMED_TERM.search(chunk)
        if m:
            found.append(Marker("term", start + m.start(), start + m.end(), named=True))
    if not found:
        return None
    return min(found, key=lambda mk: mk.start)
