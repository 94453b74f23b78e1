"""Tables flattened to lines by PDF or Word copy-paste (TARGETS_GUIDE.md, "table cells").

A table of chỉ tiêu arrives one cell per line: a header ("Chỉ tiêu", "Đơn vị tính", "Kế hoạch đến
năm 2030"), then for each row a label line, an optional unit line ("%", "tỷ đồng", "%/năm") and
one value line per column ("8,5"). Read line by line such text has numbers with no unit and no
subject, so rows are recognised here as a whole: the label is the subject, there is no metric, the
unit comes from the unit line (or "(%)" in the label), and the period from the header. Columns of
results ("Thực hiện năm 2025", "Ước đạt") are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import looks_back, looks_forward
from .mentions import Mention
from .numbers import parse_value
from .periods import find_markers
from .phrases import trim
from .segments import Line
from .units import Unit, read_unit

__all__ = ["TableRows", "read_tables"]

_VALUE = re.compile(
    r"(?P<op>trên|dưới|không quá|tối thiểu|ít nhất|khoảng|>=|<=|≥|≤|>|<)?\s*"
    r"(?P<num>\d+(?:[.,]\d+)*)(?:\s*(?:-|–|÷|đến)\s*(?P<max>\d+(?:[.,]\d+)*))?\s*(?P<pct>%|‰)?",
    re.IGNORECASE,
)
_HEADER_LINES = 6
_YEAR = re.compile(r"(?:19|20)\d\d")
_OPS = {
    "trên": ">",
    ">": ">",
    "dưới": "<",
    "<": "<",
    "không quá": "<=",
    "<=": "<=",
    "≤": "<=",
    "khoảng": "=",
}
# "Tỷ lệ hộ nghèo (%)", "Doanh thu (tỷ đồng)": the unit written in the label.
_LABEL_UNIT = re.compile(r"\s*\(\s*(?:ĐVT\s*:\s*)?([^()]{1,25})\)\s*$", re.IGNORECASE)
_RESULT_COLUMN = re.compile(
    r"(?<!\w)(?:thực hiện|ước|kết quả|đạt được|cùng kỳ|năm trước|hiện trạng)(?!\w)", re.IGNORECASE
)


@dataclass(slots=True)
class TableRows:
    rows: dict[int, list[Mention]]  # value line index -> the targets read from that row
    consumed: set[int]  # lines (labels, units, values) read as table cells


def _value(text: str, line: Line) -> re.Match[str] | None:
    m = _VALUE.fullmatch(text, line.start, line.end)
    if m is None or parse_value(m.group("num")) is None:
        return None
    if _YEAR.fullmatch(m.group()):
        return None  # a column header ("2025", "2030"), not a cell
    return m


def _unit_line(text: str, line: Line) -> Unit | None:
    if not 0 < line.end - line.start <= 30 or text[line.start].isdigit():
        return None
    unit = read_unit(text, line.start)
    if unit.text is None or unit.end != line.end:
        return None
    return unit


def read_tables(text: str, lines: list[Line]) -> TableRows:
    out = TableRows({}, set())
    kinds: list[str] = []
    for line in lines:
        if _value(text, line):
            kinds.append("v")
        elif _unit_line(text, line):
            kinds.append("u")
        else:
            kinds.append("t")
    if kinds.count("v") < 2:
        return out
    rows: list[tuple[int, int | None, list[int]]] = []  # (label, unit, values)
    i = 0
    while i < len(lines):
        if kinds[i] != "v":
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] == "v":
            j += 1
        unit = i - 1 if i >= 1 and kinds[i - 1] == "u" else None
        label = (unit if unit is not None else i) - 1
        if label >= 0 and kinds[label] == "t" and (not rows or label > rows[-1][2][-1]):
            rows.append((label, unit, list(range(i, j))))
        i = j
    blocks: list[list[tuple[int, int | None, list[int]]]] = []
    for row in rows:
        if blocks and row[0] == blocks[-1][-1][2][-1] + 1:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    for block in blocks:
        if len(block) >= 2:
            _read_block(text, lines, kinds, block, out)
    return out


def _read_block(
    text: str,
    lines: list[Line],
    kinds: list[str],
    block: list[tuple[int, int | None, list[int]]],
    out: TableRows,
) -> None:
    # The header: the short text lines right above the first row ("Chỉ tiêu", "Đơn vị tính",
    # "Kế hoạch đến năm 2030"), at most a few.
    header: list[Line] = []
    k = block[0][0] - 1
    while k >= 0 and kinds[k] == "t" and len(header) < _HEADER_LINES:
        if lines[k].end - lines[k].start > 160:
            break
        header.insert(0, lines[k])
        k -= 1
    head_text = " ".join(text[ln.start : ln.end] for ln in header)
    if not looks_forward(head_text) and not any(len(r[2]) > 1 for r in block):
        return
    head_period = _period(text, None, header)
    for label, unit_index, values in block:
        columns = header[-len(values) :] if len(values) > 1 and len(header) >= len(values) else []
        for c, vi in enumerate(values):
            column = text[columns[c].start : columns[c].end] if columns else head_text
            if columns and (_RESULT_COLUMN.search(column) or looks_back(column)):
                continue
            if columns and not looks_forward(column) and c < len(values) - 1:
                continue
            unit_line = lines[unit_index] if unit_index is not None else None
            mention = _row(text, lines[label], unit_line, lines[vi])
            if mention is None:
                continue
            if not mention.unit.per_year:
                mention.period = _period(text, columns[c], []) if columns else head_period
            out.rows.setdefault(vi, []).append(mention)
        out.consumed.update([label, *values] + ([unit_index] if unit_index is not None else []))


def _period(text: str, column: Line | None, header: list[Line]) -> str | None:
    for scope in ([column] if column else []) + [None]:
        if scope is not None:
            markers = find_markers(text, scope.start, scope.end)
        else:
            markers = [mk for ln in header for mk in find_markers(text, ln.start, ln.end)]
        plain = [mk for mk in markers if not mk.named]
        if plain or markers:
            return (plain or markers)[-1].period
    return None


def _row(text: str, label: Line, unit_line: Line | None, value_line: Line) -> Mention | None:
    m = _value(text, value_line)
    if m is None:
        return None
    value = parse_value(m.group("num"))
    top = parse_value(m.group("max")) if m.group("max") else None
    if value is None:
        return None
    subject = trim(text, label.start, label.end)
    unit: Unit | None = None
    if unit_line is not None:
        unit = read_unit(text, unit_line.start)
    in_label = _LABEL_UNIT.search(text, subject[0], subject[1])
    if unit is None and in_label is not None:
        unit = read_unit(text, in_label.start(1))
        unit = unit if unit.text is not None else None
        subject = trim(text, subject[0], in_label.start())
    elif in_label is not None and unit is not None:
        subject = trim(text, subject[0], in_label.start())
    if m.group("pct"):
        unit = read_unit(text, m.start("pct"))
    if unit is None or unit.text is None:
        return None
    op = _OPS.get((m.group("op") or "").lower(), ">=")
    if top is not None and op not in ("<", "<=", ">"):
        op = ">="
    mention = Mention(
        value=value,
        value_max=top,
        unit=unit,
        comparator=op,
        comp_start=m.start(),
        num_start=m.start("num"),
        num_end=m.end(),
        after_end=m.end(),
        noun_start=None,
        pre=(subject[0], subject[1]),
        post=(m.end(), m.end()),
        subject=subject,
        unit_table=True,
        fixed=True,
    )
    if unit.per_year and unit.percent:
        mention.period = "annual"
    return mention
