"""Numbers of one ";"-item read as candidate targets: value, range, unit and comparator, and the
stretch of text each one owns (its clause), cut between neighbouring numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .comparators import RANGE_JOIN, comparator_after, comparator_before
from .numbers import NumberToken
from .phrases import STATE
from .units import Unit, read_unit

__all__ = ["Mention", "read_mentions", "split_owned"]


@dataclass(slots=True)
class Mention:
    value: float | int
    value_max: float | int | None
    unit: Unit
    comparator: str
    comp_start: int  # where the number's comparator (or the number) starts
    num_start: int
    num_end: int
    after_end: int  # after the unit and a trailing "trở lên"
    noun_start: int | None  # where a counted noun starts (it is part of the subject)
    pre: tuple[int, int] = (0, 0)
    post: tuple[int, int] = (0, 0)
    subject: tuple[int, int] | None = None
    metric: list[tuple[int, int]] = field(default_factory=list)
    period: str | None = None
    parent: int | None = None  # index into the passage's mentions
    child: bool = False
    item: int = 0
    sentence: int = 0
    unit_table: bool = False  # "X: 75%": a label and a value, no predicate
    quoted: bool = False  # "(chỉ tiêu Nghị quyết là 95%)" inside a result
    quote_from: int = -1  # where the words quoting it after a result start
    quota: tuple[int, int] | None = None  # the verb of a quota handed to named units
    fixed: bool = False  # a table cell, read whole: its roles are already set
    # "(tương đương 3.800 tỷ đồng)": the amount again in another unit
    restated: bool = False


# "105% kế hoạch", "đạt 98% so với kế hoạch": achieved fractions, not targets.
_OF_PLAN = re.compile(
    r"\s*(?:so với\s+)?(?:kế hoạch|KH|dự toán)(?!\w)",
    re.IGNORECASE,
)
_OF_GOAL = re.compile(r"\s*(?:mục tiêu|chỉ tiêu)(?!\w)", re.IGNORECASE)
_MEASURED = re.compile(r"(?<!\w)(?:bằng|đạt|được|vượt)\s*$", re.IGNORECASE)
_PER_ONE = re.compile(r"(?<!\w)trên\s*$", re.IGNORECASE)
_LATER_NUMBER = re.compile(r"[^,;()]{1,60}?(?<!\w)(?:đạt|là|bằng)\s+(?:\w+\s+){0,2}\d")
_GRADE_BEFORE = re.compile(r"(?<!\w)(?:đạt|có|với)\s*(?:từ|trên|hơn)?\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;()]|(?<!\w)(?:và|hoặc|cho|trong đó)(?!\w)", re.IGNORECASE)


def _inside_previous(text: str, prev: Mention, at: int) -> bool:
    """Is the number at `at` a qualifier inside the previous target's own predicate? ("30% sản
    phẩm OCOP đạt 4 sao", "50% số xã có hơn 5 mô hình"): nothing separates the two clauses."""
    if not prev.unit.percent or at - prev.num_end > 80:
        return False
    if not _GRADE_BEFORE.search(text, max(prev.num_end, at - 12), at):
        return False
    return _CLAUSE_BREAK.search(text, prev.num_end, at) is None


_QUALIFIER = re.compile(r"(?<!\w)có\s+(?:từ|trên|hơn|dưới|ít nhất)\s*$", re.I)
_THEN = re.compile(r"[^,;.]{0,60}?(?<!\w)thì(?!\w)")
_SPLIT = re.compile(r",|\s+trong đó(?!\w)|\(|\)|:")
_AMONG_CUT = re.compile(r"[,\s]*trong đó(?!\w)|\s*\(")
# "còn" is not a conjunction here: "đến năm 2030 còn dưới 1%" is a level ("down to").
_AND = re.compile(r"\s+(?:và|với)\s+")


def read_mentions(text: str, start: int, end: int, tokens: list[NumberToken]) -> list[Mention]:
    out: list[Mention] = []
    skip = -1
    for i, tok in enumerate(tokens):
        if i <= skip:
            continue
        unit = read_unit(text, tok.end)
        value_max = None
        last_end = tok.end
        m = RANGE_JOIN.match(text, unit.end if unit.percent or unit.text is None else tok.end)
        if m and i + 1 < len(tokens) and tokens[i + 1].start == m.end():
            nxt = tokens[i + 1]
            other = read_unit(text, nxt.end)
            if unit.text is None or other.text == unit.text or unit.percent:
                value_max = nxt.value
                unit = other if other.text is not None else unit
                last_end = nxt.end
                skip = i + 1
        if unit.text is None and value_max is None:
            unit = Unit(None, tok.end)
        elif value_max is not None and not unit.percent and unit.end < last_end:
            unit = Unit(unit.text, last_end, unit.percent, unit.per_year, unit.counted_noun)
        if unit.percent and (
            _OF_PLAN.match(text, unit.end)
            or (
                _OF_GOAL.match(text, unit.end)
                and _MEASURED.search(text, max(0, tok.start - 8), tok.start)
            )
        ):
            continue  # "bằng 85% mục tiêu": a share of a goal reached, not a goal
        if out and _inside_previous(text, out[-1], tok.start):
            continue  # "30% sản phẩm OCOP đạt 4 sao trở lên": a grade inside the predicate
        if (
            tok.value == 1
            and _PER_ONE.search(text, max(start, tok.start - 6), tok.start)
            and _LATER_NUMBER.match(text, unit.end, end)
        ):
            continue  # "giá trị trên 1 ha đất ... đạt 150 triệu đồng": "per hectare"
        if out and _QUALIFIER.search(text, max(start, tok.start - 12), tok.start):
            continue  # "50% số xã có hơn 5 mô hình ...": a qualifier inside the subject
        if _THEN.match(text, unit.end):
            continue  # "Chi bộ có từ 03 đảng viên chính thức trở lên thì ...": a condition
        before = text[max(start, tok.start - 40) : tok.start]
        op, used = comparator_before(before)
        if value_max is not None and op not in ("<", "<=", ">"):
            op = ">="
        after_op, after_used = comparator_after(text[unit.end : unit.end + 20])
        if after_op and op not in (">", "<"):
            op = after_op
        noun_start = None
        after_end = unit.end + after_used
        if unit.counted_noun:
            noun_start = unit.end - len(unit.text or "")
            after_end = noun_start
        out.append(
            Mention(
                value=tok.value,
                value_max=value_max,
                unit=unit,
                comparator=op or ">=",
                comp_start=tok.start - used,
                num_start=tok.start,
                num_end=last_end,
                after_end=after_end,
                noun_start=noun_start,
            )
        )
    return out


def split_owned(text: str, start: int, end: int, mentions: list[Mention]) -> None:
    """Give each mention its clause: `pre` before the number, `post` after it.

    Between two numbers the cut falls after the first one's predicate when it has one
    ("95% X hoàn thành, cán bộ, công chức đạt 90%"), else at the last separator so a
    coordinated subject stays whole ("100% cán bộ, đảng viên, 98% quần chúng ...")."""
    cursor = start
    for i, m in enumerate(mentions):
        m.pre = (cursor, m.comp_start)
        if i + 1 == len(mentions):
            m.post = (m.after_end, end)
            break
        lo, hi = m.after_end, mentions[i + 1].comp_start
        if hi < lo:
            hi = lo
        cut = _cut(text, lo, hi)
        m.post = (lo, cut)
        cursor = cut


def _cut(text: str, lo: int, hi: int) -> int:
    among = _AMONG_CUT.search(text, lo, hi)
    if among:
        return among.start()
    seps = list(_SPLIT.finditer(text, lo, hi))
    if not seps:
        ands = list(_AND.finditer(text, lo, hi))
        return ands[-1].start() if ands else hi
    if len(seps) > 1 and seps[-1].group() == ":":
        # "4 đảng viên, Chi bộ thôn 2: 5 đảng viên": the label before the colon is the next one's.
        return seps[-2].start()
    state = STATE.search(text, lo, hi)
    if state:
        for s in seps:
            if s.start() > state.start():
                return s.start()
    return seps[-1].start()
