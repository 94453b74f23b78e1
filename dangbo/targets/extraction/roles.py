"""Subject and metric of each mention, from the clause it owns (see phrases.py), and the guide's
sharing rules: a "trong đó" child without its own population takes its parent's; items of an
elliptical list and of a shared predicate repeat the metric."""

from __future__ import annotations

import re

from .mentions import Mention
from .phrases import (
    ACTION,
    STATE,
    TAIL_VERB,
    Span,
    cap,
    clean_pre,
    first_state,
    metric_end,
    pre_verb,
    strip_tail,
    trim,
)

__all__ = ["assign_roles"]

_SUBJECT_WORDS = 12
_METRIC_WORDS = 14
# After the number, these open a tail of the predicate, not a subject.
_TAIL_START = re.compile(
    r"\s*(?:so với|trên tổng số|trong tổng số|của|trong|/|tổng số|mỗi|hằng năm|hàng năm|"
    r"trở lên|trở xuống|vào|đến|tới|năm|giai đoạn|trong nhiệm kỳ|bình quân|tăng|giảm|"
    r"và|với|như|theo|thì|là|nhằm|để)(?!\w)",
    re.IGNORECASE,
)
_RATE = re.compile(r"\s*(?:tỷ lệ|tỉ lệ)\s+", re.IGNORECASE)
_COMPARED = re.compile(r"\s+(?:so với|trên tổng số|trong tổng số)(?!\w)", re.IGNORECASE)
_EACH = re.compile(r"\s*(?:mỗi|từng|100%)\s+", re.IGNORECASE)
_RATE_BEFORE = re.compile(r"(?:tỷ lệ|tỉ lệ)\W*$", re.IGNORECASE)
# Heads of indicators named by a process ("tốc độ tăng trưởng", "công suất sử dụng").
_INDICATOR = re.compile(
    r"(?:tốc độ|tỷ trọng|tỉ trọng|công suất|tỷ suất|tỉ suất|tỷ số|tỉ số|mức|quy mô|chỉ số)(?!\w)",
    re.IGNORECASE,
)
# "lao động qua đào tạo": a verb after "qua" qualifies the population.
_QUALIFIED = re.compile(r"(?<!\w)qua\s+$", re.IGNORECASE)
# "đạt khoảng 25% GRDP": an abbreviation after the number is the base, not the subject.
_ABBREVIATION = re.compile(r"\s*[A-ZĐ]{2,}(?!\w)")
_NOUN_MEASURE = re.compile(
    r"\s*(?:(?:triệu|nghìn|ngàn|vạn|trăm)\s+)?"
    r"(giường bệnh|giường|bác sĩ|lượt khách|lượt người|thuê bao|căn hộ|cây|con)(?!\w)",
    re.I,
)
# "nâng số doanh nghiệp lên 6.000 doanh nghiệp": a raise or cut joined to its "lên" / "xuống".
_RAISE = re.compile(r"(?:nâng|tăng|giảm|hạ)(?!\w)", re.IGNORECASE)
_PLACE = re.compile(r"\s(?:vào|tại)\s", re.IGNORECASE)
_AVERAGE = re.compile(r"(?:bình quân|trung bình)(?!\w)", re.IGNORECASE)
_PERIOD_ONLY = re.compile(
    r"(?:vào|đến|tới|trong|đến hết|đến cuối)?\s*(?:năm\s+(?:19|20)\d\d|nhiệm kỳ|cuối nhiệm kỳ)"
    r"\W*$|(?:hằng năm|hàng năm|mỗi năm)\W*$",
    re.IGNORECASE,
)
_RESTATED = re.compile(r"\s*(?:tương đương|tương ứng|tức là|khoảng)\s*$", re.IGNORECASE)


def _word_start(text: str, start: int, end: int) -> bool:
    """Does the clause after the number open with a word (a subject), not punctuation?"""
    while start < end and text[start] == " ":
        start += 1
    return start < end and (text[start].isalpha() or text[start] in '“"')


def _colon_subject(text: str, m: Mention) -> Span | None:
    """ "Tỷ lệ chi bộ đạt chuẩn: 75%": the label before the colon, with no predicate."""
    before = text[m.pre[0] : m.comp_start].rstrip()
    start = m.pre[0]
    colon = m.pre[0] + len(before) - 1
    if not before:
        # The label was read as the sentence's head ("Tỷ lệ hộ nghèo: dưới 2%").
        lo = max(0, m.pre[0] - 200)
        before = text[lo : m.pre[0]].rstrip()
        colon = lo + len(before) - 1
        start = lo + max(before.rfind("\n"), before.rfind(";"), before.rfind(". ")) + 1
    if not before.endswith(":"):
        return None
    span = clean_pre(text, start, colon)
    return span if span[1] > span[0] else None


def _set_metric(m: Mention, *spans: Span | None) -> None:
    m.metric = [s for s in spans if s is not None and s[1] > s[0]]


def _count(text: str, m: Mention, pre: Span) -> None:
    """ "kết nạp 400 đảng viên mới", "Mỗi chi bộ có ít nhất một mô hình ...", "xã A 110"."""
    noun = m.noun_start if m.noun_start is not None else m.after_end
    post_end = m.post[1]
    state = first_state(text, noun + len(m.unit.text or ""), post_end)
    # "thu hút 3.000 lao động vào làm việc tại ...": a place or purpose ends the counted noun.
    place = _PLACE.search(text, noun + len(m.unit.text or ""), post_end)
    if place is not None and (state is None or place.start() < state):
        state = place.start() + 1
    phrase = trim(text, noun, metric_end(text, noun, state if state is not None else post_end))
    phrase = cap(text, phrase, _SUBJECT_WORDS)
    own_state = trim(text, state, metric_end(text, state, post_end)) if state is not None else None
    each = _EACH.match(text, pre[0], pre[1])
    if each:
        verb = ACTION.search(text, each.end(), pre[1])
        subject_end = verb.start() if verb else pre[1]
        m.subject = trim(text, each.end(), subject_end)
        verb_span = trim(text, verb.start(), pre[1]) if verb else None
        _set_metric(m, verb_span, phrase, own_state)
        if verb_span and phrase[0] - verb_span[1] <= 1:
            m.metric = [(verb_span[0], phrase[1]), *m.metric[2:]]
        return
    verb_phrase = pre_verb(text, *pre)
    raised = _stripped_verb(text, pre[1], m.num_start) if verb_phrase else None
    if verb_phrase and raised and _RAISE.match(text, verb_phrase[0]):
        word = re.match(r"\w+", text[verb_phrase[0] : verb_phrase[1]])
        m.subject = phrase
        _set_metric(m, (verb_phrase[0], verb_phrase[0] + (word.end() if word else 0)), raised)
        return
    if verb_phrase is None and pre[1] > pre[0]:
        # A quota or an elliptical item: "Đảng bộ xã A 110 đảng viên", "xã B 150".
        m.subject = cap(text, pre, _SUBJECT_WORDS)
        _set_metric(m, own_state)
        return
    actor_end = verb_phrase[0] if verb_phrase else pre[0]
    actor = trim(text, pre[0], actor_end)
    if m.child and actor[1] > actor[0] and not STATE.search(text, *actor):
        m.subject = actor  # "trong đó Đảng bộ xã A kết nạp 10 đảng viên"
    else:
        m.subject = phrase
    _set_metric(m, verb_phrase, own_state)


def _after(text: str, m: Mention, pre: Span) -> None:
    """ "95% trở lên tổ chức đảng hoàn thành tốt nhiệm vụ"."""
    start, end = m.post
    subject_start = start
    state = first_state(text, start, end)
    compared = _COMPARED.search(text, start, end)
    tail = (
        trim(text, compared.start(), metric_end(text, compared.start(), end)) if compared else None
    )
    if state is not None and not text[start:state].strip(" ,"):
        m.subject = None  # "trong đó 20% hoàn thành xuất sắc": the parent's population
    else:
        stop = state if state is not None else metric_end(text, start, end)
        if compared and compared.start() < stop:
            stop = compared.start()
        m.subject = cap(text, trim(text, subject_start, stop), _SUBJECT_WORDS)
    if state is not None:
        m.metric = [cap(text, trim(text, state, metric_end(text, state, end)), _METRIC_WORDS)]
    else:
        verb = pre_verb(text, *pre) or (pre if pre[1] > pre[0] else None)
        _set_metric(m, cap(text, verb, _METRIC_WORDS) if verb else None, tail)


def _before(text: str, m: Mention, pre: Span) -> None:
    """ "tỷ lệ đảng viên hoàn thành tốt nhiệm vụ từ 90% trở lên", "X: 75%"."""
    tail: Span | None = None
    start, end = m.post
    if _TAIL_START.match(text, start, end) and _word_start(text, start, end):
        tail = cap(text, trim(text, start, metric_end(text, start, end)), _METRIC_WORDS)
        if tail[1] <= tail[0]:
            tail = None
    if tail is not None and _PERIOD_ONLY.match(text, tail[0], tail[1]):
        tail = None  # "... lên 40% vào năm 2030": the period, not part of the predicate
    stripped = _stripped_verb(text, pre[1], m.num_start)
    if pre[1] <= pre[0]:
        label = _colon_subject(text, m)
        if label is not None:
            m.subject = cap(text, label, _SUBJECT_WORDS)
            m.metric = []
            m.unit_table = True
            return
        # "..., đến năm 2030 còn dưới 2%": the subject is the previous target's (ellipsis).
        m.subject = None
        _set_metric(m, stripped, tail)
        return
    rate = _RATE_BEFORE.search(text, m.pre[0], pre[0]) is not None
    opens_verb = STATE.match(text, *pre) or ACTION.match(text, *pre)
    if _INDICATOR.match(text, *pre) or (rate and opens_verb):
        # "Tốc độ tăng trưởng kinh tế ... đạt", "tỷ lệ điều tra, khám phá án đạt": an indicator
        # named by a process; its verbs belong to the subject, the predicate is the last verb.
        cut = None
        for v in TAIL_VERB.finditer(text, pre[0] + 1, pre[1]):
            cut = v
        if cut is not None and not _INDICATOR.match(text, *pre):
            m.subject = cap(text, strip_tail(text, trim(text, pre[0], cut.start())), 14)
            _set_metric(m, trim(text, cut.start(), pre[1]), tail)
        else:
            m.subject = cap(text, strip_tail(text, pre), 14)
            _set_metric(m, stripped, tail)
        return
    verb = ACTION.match(text, pre[0], pre[1])
    if verb and not rate:
        subject = strip_tail(text, trim(text, verb.end(), pre[1]))
        rate_word = _RATE.match(text, subject[0], subject[1])
        if rate_word:
            subject = trim(text, rate_word.end(), subject[1])
        m.subject = cap(text, subject, _SUBJECT_WORDS) if subject[1] > subject[0] else None
        # "Nâng tỷ lệ X lên 40%" -> "Nâng ... lên"; "Giảm tỷ lệ X bình quân hằng năm 2%" ->
        # "Giảm ... bình quân hằng năm": the pieces of the predicate around the subject.
        rest = trim(text, subject[1], pre[1]) if subject[1] > subject[0] else (0, 0)
        average = _AVERAGE.match(text, *rest) if rest[1] > rest[0] else None
        piece = rest if average else stripped
        _set_metric(m, trim(text, verb.start(), verb.end()), piece, tail)
        return
    if rate and first_state(text, pre[0] + 1, pre[1]) is None:
        # "tỷ lệ hồ sơ giải quyết trực tuyến đạt": the population, then what it does.
        action = next(
            (
                a
                for a in ACTION.finditer(text, pre[0] + 1, pre[1])
                if not TAIL_VERB.match(text, a.start())
                and not _QUALIFIED.search(text, max(0, a.start() - 6), a.start())
            ),
            None,
        )
        if action is not None:
            m.subject = cap(text, trim(text, pre[0], action.start()), _SUBJECT_WORDS)
            _set_metric(m, cap(text, trim(text, action.start(), pre[1]), _METRIC_WORDS), tail)
            return
    state = first_state(text, pre[0] + 1, pre[1])
    if state is None or STATE.match(text, pre[0], pre[1]) is not None:
        m.subject = cap(text, strip_tail(text, pre), _SUBJECT_WORDS)
        _set_metric(m, _stripped_verb(text, pre[1], m.num_start), tail)
        return
    at = state if state is not None else pre[0]
    subject = trim(text, pre[0], at)
    m.subject = cap(text, subject, _SUBJECT_WORDS) if subject[1] > subject[0] else None
    _set_metric(m, cap(text, trim(text, at, pre[1]), _METRIC_WORDS), tail)


def _measured_count(text: str, m: Mention, pre: Span) -> bool:
    """ "khám, chữa bệnh cho 12.000 lượt người": a measure that names people or things counted,
    after a verb, reads like a counted noun."""
    noun = _NOUN_MEASURE.match(text, m.num_end)
    verb = pre_verb(text, *pre) if noun else None
    if noun is None or verb is None:
        return False
    m.subject = trim(text, noun.start(1), metric_end(text, noun.start(1), m.post[1]))
    m.subject = cap(text, m.subject, _SUBJECT_WORDS)
    _set_metric(m, verb)
    return True


def _stripped_verb(text: str, start: int, end: int) -> Span | None:
    """ "Tỷ lệ che phủ rừng đạt 45%": the "đạt" clean_pre dropped is the predicate."""
    found = None
    for v in TAIL_VERB.finditer(text, start, end):
        found = v
    return (found.start(), found.end()) if found else None


def assign_roles(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        if m.fixed:
            continue
        pre = clean_pre(text, *m.pre)
        if _RESTATED.match(text, pre[0], pre[1]) and m.parent is None:
            m.restated = True
            continue
        if m.unit.counted_noun and pre[1] <= pre[0] and _colon_subject(text, m):
            m.subject = _colon_subject(text, m)
            _set_metric(m, m.quota)
        elif m.unit.counted_noun:
            _count(text, m, pre)
        elif _measured_count(text, m, pre):
            pass
        elif (
            _RATE_BEFORE.search(text, m.pre[0], pre[0]) is not None
            and first_state(text, pre[0] + 1, pre[1]) is not None
        ):
            _before(text, m, pre)  # "tỷ lệ người tham gia BHXH đạt 45% lực lượng lao động"
        elif (
            _word_start(text, *m.post)
            and not _TAIL_START.match(text, *m.post)
            and not (pre[1] > pre[0] and _ABBREVIATION.match(text, *m.post))
        ):
            _after(text, m, pre)
        else:
            _before(text, m, pre)
    # Sharing: parents first, then shared predicates and elliptical lists.
    for i, m in enumerate(mentions):
        if m.child and m.parent is not None and m.parent < len(mentions):
            parent = mentions[m.parent]
            if m.subject is None:
                m.subject = parent.subject
            if not m.metric and not m.unit_table:
                m.metric = list(parent.metric)
            if m.unit.text is None:
                m.unit = parent.unit
        prev = mentions[i - 1] if i > 0 else None
        if m.restated and prev is not None:
            m.subject, m.metric = prev.subject, list(prev.metric)
            continue
        if m.subject is None and prev is not None and prev.sentence == m.sentence:
            m.subject = prev.subject
        if m.metric or m.unit_table:
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and nxt.item == m.item
            and nxt.metric
            and not text[m.post[1] : nxt.comp_start].strip(" ,")
        ):
            m.metric = list(nxt.metric)
            continue
        elliptical = (
            m.unit.text is None
            or m.unit.counted_noun
            or text[m.pre[0] : m.comp_start].strip(" ,;:") in ("", "và")
            or clean_pre(text, *m.pre)[1] <= clean_pre(text, *m.pre)[0]
        )
        if (
            elliptical
            and prev is not None
            and prev.sentence == m.sentence
            and prev.metric
            and not prev.unit_table
        ):
            m.metric = list(prev.metric)
    # "100% cán bộ, 95% đảng viên và 80% đoàn viên ... được học tập": the predicate written once,
    # after the last of them, is shared by all (read backwards so it passes along the list).
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        gap = text[m.post[1] : nxt.comp_start].strip(" ,")
        if (
            not m.metric
            and not m.unit_table
            and nxt.item == m.item
            and nxt.metric
            and gap in ("", "và")
            and m.unit.percent == nxt.unit.percent
        ):
            m.metric = list(nxt.metric)
    for m in mentions:
        if m.subject is None and not m.unit.counted_noun:
            # "đạt 35 giường bệnh/vạn dân": a measure that names what is counted.
            noun = _NOUN_MEASURE.match(text, m.num_end)
            m.subject = noun.span(1) if noun else None
        if m.subject is None and m.unit.counted_noun and m.noun_start is not None:
            m.subject = trim(text, m.noun_start, m.noun_start + len(m.unit.text or ""))
