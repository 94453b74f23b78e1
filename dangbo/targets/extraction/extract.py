"""The extractor: repaired text -> items -> mentions -> targets with subject, metric, period and
parent, following TARGETS_GUIDE.md rule by rule."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .context import QUOTED, VOTE, dated_result, looks_back, looks_forward, plans
from .mentions import Mention, read_mentions, split_owned
from .normalise import Normalised, normalise
from .numbers import find_numbers
from .periods import find_marker, find_markers
from .roles import assign_roles
from .segments import Item, Line, Sentence, segment
from .tables import read_tables
from .units import Unit, read_unit

__all__ = ["Found", "find"]


@dataclass(frozen=True, slots=True)
class Found:
    mention: Mention
    span: tuple[int, int]  # the item's span in the repaired text


@dataclass(slots=True)
class _Heading:
    period: str | None = None
    forward: bool | None = None
    parent: int | None = None  # a target whose breakdown follows ("..., cụ thể:")
    quota: tuple[int, int] | None = None  # "Giao chỉ tiêu kết nạp ...:": the quotas' verb
    unit: Unit | None = None  # "(ĐVT: %)": the unit of the values listed below


_BREAKDOWN = re.compile(r"(?<!\w)(?:trong đó|cụ thể|gồm|bao gồm|phân bổ|chia ra)\W*$", re.I)
_BREAKDOWN_START = re.compile(r"^\W*(?:trong đó|cụ thể|gồm|bao gồm|riêng)(?!\w)", re.I)
_TRONG_DO = re.compile(r"(?<!\w)trong đó(?!\w)", re.I)
_AMONG = re.compile(r"(?<!\w)(?:chỉ tiêu|nhiệm vụ|mục tiêu)\W*(?:chủ yếu\W*)?trong đó\W*$", re.I)
_BACK_HEADING = re.compile(
    r"(?<!\w)(?:kết quả|tình hình|đánh giá|những mặt|hạn chế|nguyên nhân|bài học)(?!\w)", re.I
)
_STRIVE = re.compile(r"(?<!\w)(?:phấn đấu|phần đấu)\s*$", re.I)
# "Toàn xã có 2.345 hộ ...": an inventory of what exists, not a commitment.
_INVENTORY = re.compile(
    r"\W*(?:toàn|cả|hiện nay)\s+(?:xã|phường|thị trấn|huyện|tỉnh|thành phố|đảng bộ|chi bộ)"
    r"\s+(?:hiện\s+)?có(?!\w)",
    re.IGNORECASE,
)
_QUOTA = re.compile(
    r"(?<!\w)chỉ tiêu\s+(kết nạp|phát triển|tuyển|tuyển chọn|giới thiệu|thu hút|đào tạo)(?!\w)",
    re.IGNORECASE,
)
_UNIT_HEADING = re.compile(r"(?:ĐVT|đơn vị tính)\s*:\s*(\S)", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)")
_OPENING = re.compile(r"\W*(?:(?:phấn đấu|phần đấu|mục tiêu|chỉ tiêu)\W*)?", re.I)
_STRUCTURE = re.compile(r"(?<!\w)cơ cấu(?!\w)", re.I)
_NEUTRAL_COUNT_OK = re.compile(
    r"(?<!\w)(?:kết nạp|mở|xây dựng|thành lập|phát triển|tổ chức|đào tạo|bồi dưỡng|"
    r"giải quyết|tạo|hỗ trợ|trồng|làm mới|nâng cấp|thu hút|huy động|triệt phá|bắt|"
    r"phấn đấu|ít nhất|tối thiểu|không dưới|trên|từ|mỗi|đạt)(?!\w)",
    re.I,
)


def _is_target(text: str, m: Mention, item: Item, sentence_text: str, head: _Heading) -> bool:
    pre_text = text[max(item.start, m.num_start - 60) : m.comp_start]
    if QUOTED.search(pre_text.rstrip(" (")):
        return True
    window = text[item.start : item.end]
    if VOTE.search(window):
        return False
    if dated_result(window) or dated_result(text[m.pre[0] : m.post[1]]):
        return False
    if dated_result(sentence_text) or (
        _INVENTORY.match(sentence_text) and not plans(sentence_text)
    ):
        return False
    own = text[m.pre[0] : m.post[1]]
    if looks_back(own) and not looks_forward(own):
        return False
    if looks_forward(own) or looks_forward(window):
        return not (looks_back(window) and not looks_forward(own))
    if looks_back(window) or looks_back(sentence_text):
        # A target quoted in brackets does not make the rest of a report look forward.
        return bool(looks_forward(_BRACKETS.sub(" ", sentence_text)) and not looks_back(own))
    if looks_forward(sentence_text) or head.forward:
        return True
    if head.forward is False:
        return False
    if m.unit.percent or (m.unit.text is not None and not m.unit.counted_noun):
        return True
    near = text[max(m.pre[0], m.comp_start - 30) : m.num_start]
    return m.unit.text is not None and bool(_NEUTRAL_COUNT_OK.search(near))


def _sentence_head(text: str, sentence: Sentence, first: Mention | None) -> tuple[int, int]:
    """The framing text of a sentence: before its colon, or before a comma that follows a
    marker, when that comes before the sentence's first number."""
    limit = first.comp_start if first else sentence.end
    colon = text.find(":", sentence.start, limit)
    if colon >= 0:
        # "... xác định: hằng năm có 100% ...; ...": a marker opening the list governs it.
        marker = find_marker(text, colon + 1, limit)
        if marker and _OPENING.fullmatch(text, colon + 1, marker.start):
            return sentence.start, marker.end
        return sentence.start, colon
    marker = find_marker(text, sentence.start, limit)
    if marker:
        comma = text.find(",", marker.start, limit)
        if comma >= 0:
            return sentence.start, comma
        # "Doanh nghiệp phấn đấu năm 2026 doanh thu ...", "Đến năm 2030 đạt 35 giường bệnh ...;
        # 100% trạm y tế ...": a marker that opens the sentence frames the whole list.
        if _STRIVE.search(text, max(sentence.start, marker.start - 12), marker.start) or (
            _OPENING.fullmatch(text, sentence.start, marker.start)
        ):
            return sentence.start, marker.end
    return sentence.start, sentence.start


def _own_period(text: str, m: Mention, single: bool) -> str | None:
    """The marker in a target's own clause nearest its number: the last one before it, else the
    first one after it ("đến năm 2030, tỷ lệ ... hằng năm đạt 90%" is annual)."""
    before: str | None = None
    for marker in find_markers(text, m.pre[0], m.post[1]):
        if marker.named and not single:
            continue
        if marker.end <= m.comp_start:
            before = marker.period
        elif marker.start >= m.num_end:
            return before or marker.period
    return before


def _period_of(text: str, start: int, end: int, single: bool) -> str | None:
    marker = find_marker(text, start, end)
    if marker is None or (marker.named and not single):
        return None
    return marker.period


def find(text: str) -> tuple[Normalised, list[Found]]:
    norm = normalise(text)
    t = norm.text
    lines, sentences, items = segment(t)
    tokens = find_numbers(t)
    starts = [tok.start for tok in tokens]
    by_sentence: dict[int, list[tuple[Item, list[Mention]]]] = {}
    for item in items:
        lo, hi = bisect_left(starts, item.start), bisect_left(starts, item.end)
        mentions = read_mentions(t, item.start, item.end, tokens[lo:hi]) if hi > lo else []
        by_sentence.setdefault(item.sentence, []).append((item, mentions))
    found: list[Found] = []
    head = _Heading()
    line_of: dict[int, Line] = {line.index: line for line in lines}
    last_line = -1
    last_found: int | None = None
    table = read_tables(t, lines)
    for sentence in sentences:
        if sentence.line in table.consumed:
            if sentence.line != last_line:
                found.extend(
                    Found(m, (m.comp_start, m.num_end)) for m in table.rows.get(sentence.line, [])
                )
            last_line = sentence.line
            continue
        groups = by_sentence.get(sentence.index, [])
        all_mentions = [m for _, ms in groups for m in ms]
        line = line_of[sentence.line]
        sentence_text = t[sentence.start : sentence.end]
        if sentence.line != last_line and not line.bullet:
            head.parent = None
            last_found = None
        last_line = sentence.line
        if not all_mentions:
            _update_heading(t, sentence, line, head, sentence_text)
            continue
        head_span = _sentence_head(t, sentence, all_mentions[0])
        single = len(all_mentions) == 1
        sentence_period = _period_of(t, *head_span, single) if head_span[1] > head_span[0] else None
        base_period = sentence_period or head.period
        breakdown_parent = head.parent if line.bullet else None
        if _BREAKDOWN_START.match(sentence_text) and last_found is not None:
            top = found[last_found].mention
            breakdown_parent = top.parent if top.child else last_found
        structure = _STRUCTURE.search(sentence_text) is not None or _STRUCTURE.search(
            t[line.start : line.end]
        )
        accepted: list[Mention] = []
        for item, mentions in groups:
            if not mentions:
                continue
            start = (
                head_span[1] + 1
                if item.index_in_sentence == 0 and head_span[1] > item.start
                else item.start
            )
            split_owned(t, start, item.end, mentions)
            among = _TRONG_DO.search(t, start, item.end)
            # A marker ahead of the item's first number governs the item; one anywhere in it
            # ("..., 95% đảng viên ... được học tập hằng năm") governs what has none of its own.
            item_head = _period_of(t, start, mentions[0].comp_start, single)
            # ... but only a marker after the last number: one before it is that target's own.
            item_any = _period_of(
                t, mentions[-1].num_end, among.start() if among else item.end, single
            )
            _quoted(t, item, mentions)
            kept = []
            for i, m in enumerate(mentions):
                # "... 1.500 km đường, 250 cầu dân sinh": an elliptical count follows a target.
                follows = i > 0 and mentions[i - 1] in kept and m.unit.counted_noun
                if (
                    m.quoted
                    or follows
                    or (breakdown_parent is not None and not looks_back(sentence_text))
                    or _is_target(t, m, item, sentence_text, head)
                ):
                    kept.append(m)
            if any(m.quoted for m in mentions):
                kept = [
                    m
                    for m in kept
                    if m.quoted or m.pre[0] >= max(q.num_start for q in mentions if q.quoted)
                ]
            labelled = _label_values(t, item, kept, head.unit)
            if len(labelled) < len(kept):
                split_owned(t, start, item.end, labelled)  # the label's numbers were dropped
            kept = labelled
            kept = [
                m
                for m in kept
                if m.unit.text is not None
                or breakdown_parent is not None
                or _colon_before(t, m, item)
            ]
            if not kept:
                continue
            parent: int | None = None
            carry: str | None = None
            for m in kept:
                m.item = item.start
                m.sentence = sentence.index
                if m.unit.counted_noun:
                    m.quota = _quota_verb(t, sentence.start, m.comp_start) or head.quota
                own_pre = t[m.pre[0] : m.comp_start]
                if (
                    parent is None
                    and accepted
                    and _TRONG_DO.search(own_pre)
                    and not _AMONG.search(own_pre)
                ):
                    parent = len(found) - 1
                    if found[parent].mention.child:
                        parent = found[parent].mention.parent
                if parent is None and breakdown_parent is not None:
                    m.parent, m.child = breakdown_parent, True
                elif parent is not None:
                    m.parent, m.child = parent, True
                own = _own_period(t, m, single or m.child)
                # Without its own marker a target takes the nearest one before it in the item.
                item_period = own or carry or item_head or base_period or item_any
                carry = own or carry
                if m.quote_from >= 0:
                    item_period = _period_of(t, m.quote_from, m.post[1], True)
                if m.unit.per_year and (m.unit.percent or not item_period):
                    m.period = "annual"
                elif m.child and m.parent is not None:
                    m.period = own or found[m.parent].mention.period
                else:
                    m.period = item_period
                accepted.append(m)
                found.append(Found(m, (item.start, item.end)))
        if structure:
            _structure_shares(accepted)
        if accepted:
            last_found = len(found) - 1
        if _BREAKDOWN.search(sentence_text) and accepted:
            last = accepted[-1]
            head.parent = last.parent if last.child else len(found) - 1
        else:
            head.parent = head.parent if line.bullet else None
    assign_roles(t, [f.mention for f in found])
    _drop_unrelated_children(found)
    return norm, _dedupe(t, found)


def _quoted(text: str, item: Item, mentions: list[Mention]) -> None:
    """ "đạt 96,2% (chỉ tiêu Nghị quyết là 95%)": the quoted target speaks of the same thing as
    the result before it, so it reads that result's clause."""
    for i, m in enumerate(mentions):
        lo = max(item.start, m.num_start - 60)
        quote = QUOTED.search(text[lo : m.comp_start].rstrip(" ("))
        if quote:
            m.quoted = True
            if i > 0:
                m.quote_from = lo + quote.start()
                m.pre = mentions[i - 1].pre
                m.post = (m.post[1], m.post[1])


def _quota_verb(text: str, start: int, end: int) -> tuple[int, int] | None:
    """ "giao chỉ tiêu kết nạp đảng viên ... : Chi bộ A: 3 đảng viên": the verb of the quota."""
    found = None
    for q in _QUOTA.finditer(text, start, end):
        found = q
    return found.span(1) if found else None


def _label_values(text: str, item: Item, kept: list[Mention], unit: Unit | None) -> list[Mention]:
    """ "Học sinh tiểu học học 2 buổi/ngày: 100" under "(ĐVT: %)": the value after the colon takes
    the heading's unit, and a number inside its label only qualifies the label."""
    out = list(kept)
    for m in kept:
        if not _colon_before(text, m, item):
            continue
        if m.unit.text is None and unit is not None:
            m.unit = unit
        colon = text.rfind(":", item.start, m.comp_start)
        label = max(text.rfind(c, item.start, colon) for c in ":;,") + 1 or item.start
        out = [q for q in out if not label <= q.num_start < colon]
    return out


def _colon_before(text: str, m: Mention, item: Item) -> bool:
    return text[item.start : m.comp_start].rstrip().endswith(":")


def _update_heading(text: str, sentence: Sentence, line: Line, head: _Heading, s: str) -> None:
    """A sentence without numbers: a heading or a framing sentence for what follows."""
    marker = find_marker(text, sentence.start, sentence.end)
    period = marker.period if marker and not marker.named else None
    if line.ends_colon or line.bullet or len(s) < 120 or marker:
        head.period = period
        head.quota = _quota_verb(text, sentence.start, sentence.end)
        dvt = _UNIT_HEADING.search(text, sentence.start, sentence.end)
        head.unit = read_unit(text, dvt.start(1)) if dvt else None
        if looks_forward(s):
            head.forward = True
        elif _BACK_HEADING.search(s) or looks_back(s):
            head.forward = False
    head.parent = None


def _structure_shares(mentions: list[Mention]) -> None:
    """Shares of an economic structure sum to 100: they are "=" (the guide)."""
    shares = [m for m in mentions if m.unit.percent and m.value_max is None]
    if len(shares) >= 2 and abs(sum(float(m.value) for m in shares) - 100) <= 1.0:
        for m in shares:
            m.comparator = "="


def _drop_unrelated_children(found: list[Found]) -> None:
    """A "trong đó" that brings in a target of another kind is not a breakdown."""
    for f in found:
        m = f.mention
        if m.parent is None:
            continue
        p = found[m.parent].mention
        same_kind = m.unit.percent == p.unit.percent
        if not same_kind or (
            m.unit.counted_noun and p.unit.counted_noun and m.unit.text != p.unit.text
        ):
            m.parent, m.child = None, False


def _dedupe(text: str, found: list[Found]) -> list[Found]:
    seen: dict[tuple[object, ...], int] = {}
    out: list[Found] = []
    remap: dict[int, int] = {}
    for i, f in enumerate(found):
        m = f.mention
        subject = text[m.subject[0] : m.subject[1]].lower() if m.subject else ""
        metric = " ".join(text[a:b] for a, b in m.metric).lower()
        key = (m.value, m.value_max, m.unit.percent, m.comparator, subject, metric)
        if key in seen and subject:
            remap[i] = seen[key]
            continue
        seen[key] = len(out)
        remap[i] = len(out)
        out.append(f)
    for f in out:
        if f.mention.parent is not None:
            f.mention.parent = remap.get(f.mention.parent)
    return out
