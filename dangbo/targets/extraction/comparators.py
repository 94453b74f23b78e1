"""How a number is bounded: ">=", ">", "<", "<=", "=" (TARGETS_GUIDE.md, "comparator")."""

from __future__ import annotations

import re

__all__ = ["RANGE_JOIN", "comparator_after", "comparator_before"]

# Words right before the number ("giảm còn dưới 1%" ends in "dưới", so it is "<").
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"không dưới|không thấp hơn|không ít hơn|ít nhất là|ít nhất|tối thiểu là|tối thiểu", ">="),
    (r"không quá|không vượt quá|không vượt|không cao hơn|tối đa là|tối đa", "<="),
    (r"xuống dưới|giảm xuống dưới|dưới mức|thấp hơn|ít hơn|dưới", "<"),
    (r"giảm còn|xuống còn|giảm xuống còn|giảm xuống|hạ xuống còn|còn|xuống", "<="),
    (r"cao hơn|nhiều hơn|vượt|hơn|trên", ">"),
    (r"khoảng|gần|xấp xỉ|chừng|bằng", "="),
    (r"từ|tăng thêm|tăng|giảm|nâng lên|lên|đạt|duy trì|đạt mức|ở mức|là", ">="),
)
# One pattern for all of them: a search finds the leftmost start that reaches the end, i.e. the
# longest phrase, and at equal length the earlier group, as the list above is ordered.
_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(f"(?P<g{i}>{words})" for i, (words, _) in enumerate(_PHRASES))
    + r")\s*$",
    re.IGNORECASE,
)
_OPS = {f"g{i}": op for i, (_, op) in enumerate(_PHRASES)}
# "trên X ... trở lên" is ">" (the guide), "X trở lên" alone is ">=".
_AFTER_UP = re.compile(r"\s*(?:trở lên|trở lại|trở lên\.)(?!\w)")
_AFTER_DOWN = re.compile(r"\s*(?:trở xuống)(?!\w)")
# "10-12%", "6.000 – 8.000", "từ 3 đến 5%", "8 đến 8,5%"
RANGE_JOIN = re.compile(r"\s*(?:-|–|—|÷|đến|tới|~)\s*(?=\w)")


def comparator_before(before: str) -> tuple[str | None, int]:
    """The comparator written right before a number and how many characters of `before` it
    uses; the longest phrase wins, so "không dưới" is not read as "dưới"."""
    m = _BEFORE.search(before)
    if m is None or m.lastgroup is None:
        return None, 0
    return _OPS[m.lastgroup], len(before) - m.start()


def comparator_after(after: str) -> tuple[str | None, int]:
    m = _AFTER_UP.match(after)
    if m:
        return ">=", m.end()
    m = _AFTER_DOWN.match(after)
    if m:
        return "<=", m.end()
    return None, 0
