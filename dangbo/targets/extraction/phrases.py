"""Subject and metric spans around a number (TARGETS_GUIDE.md, "subject" and "metric").

Party texts put the population either after the number ("95% tổ chức đảng hoàn thành tốt nhiệm
vụ") or before it ("tỷ lệ đảng viên hoàn thành tốt nhiệm vụ từ 90% trở lên"); counts name the
counted thing after the number ("kết nạp 400 đảng viên mới"). The subject ends where a predicate
starts; the metric is the predicate. Spans are (start, end) offsets in the repaired text, kept
short: a labeller's "shortest verbatim span" rarely runs past a dozen words.
"""

from __future__ import annotations

import re

__all__ = [
    "ACTION",
    "PERIOD_TAIL",
    "STATE",
    "TAIL_VERB",
    "Span",
    "cap",
    "clean_pre",
    "first_state",
    "metric_end",
    "pre_verb",
    "strip_tail",
    "trim",
]

Span = tuple[int, int]

# Words that open a predicate about the subject: the subject ends before them.
STATE = re.compile(
    r"(?<!\w)(?:hoàn thành|không hoàn thành|được|đạt|thực hiện|tham gia|xếp loại|sử dụng|"
    r"tham dự|học tập|ký cam kết|đăng ký|ứng dụng|trở thành|giữ vững|duy trì|sinh hoạt|"
    r"đóng|nộp|tốt nghiệp|bảo đảm|đảm bảo|triển khai|áp dụng|kết nối|tiếp cận|tiêm|"
    r"có việc làm|có|đi|lên lớp|vi phạm|bị|không để|không có|không vi phạm|chấp hành|cập nhật|"
    r"thanh toán|nhận được|thu gom|tuân thủ|phát huy|đủ|đáp ứng|nắm|hưởng|sinh sống|tăng|"
    r"giảm|nâng|chiếm|làm theo|quán triệt|ra quân|được công nhận|công nhận|"
    r"đạt chuẩn|là|dùng|khá(?!\s+giả)|trên chuẩn|"
    r"tự giác|gương mẫu|hoạt động|lắp đặt|phủ sóng|"
    r"đi vào|được cấp|thường xuyên|ổn định|không còn|không)(?!\w)",
    re.IGNORECASE,
)
# Verbs that open a count target: "kết nạp 400 đảng viên", "mở 02 lớp".
ACTION = re.compile(
    r"(?<!\w)(?:kết nạp|mở|tổ chức(?!\s+(?:cơ sở|đảng|đoàn|công đoàn|hội|chính trị|quần chúng|"
    r"kinh tế|thanh niên))|xây dựng|thành lập|phát triển|giới thiệu|kiểm tra|"
    r"giám sát|bồi dưỡng|đào tạo|giải quyết việc làm cho|giải quyết|tạo việc làm cho|"
    r"tạo việc làm|hỗ trợ|trồng|làm mới|sửa chữa|nâng cấp|thu hút|huy động|cử|tuyển|"
    r"tuyển chọn|xét|xóa|hoàn thành|triệt phá|bắt|phát hiện|khám phá|điều tra|xử lý|"
    r"vận động|tuyên truyền|đăng|biên soạn|xuất bản|tiếp nhận|đón|trao|tặng|lắp đặt|"
    r"bê tông hóa|cứng hóa|đầu tư|kêu gọi|nộp|đưa|chuyển|nhân rộng|quy hoạch|giúp đỡ|"
    r"khám|chữa|phục vụ|thực hiện|đạt|có|tăng|giảm|nâng)(?!\w)",
    re.IGNORECASE,
)
# Framing words at the head of a clause that belong to neither subject nor metric.
_FRAME = re.compile(
    r"\s*(?:theo đó|trong đó|cụ thể|phấn đấu|phần đầu|phấn phấn đấu|phấn đấu để|"
    r"(?:bình quân |trung bình )?(?:hằng năm|hàng năm|mỗi năm)|"
    r"(?:đến|tới|đến hết|đến cuối|vào cuối|trong|cả|toàn)\s+(?:năm\s+(?:19|20)\d\d|nhiệm kỳ"
    r"(?:\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)?)|năm\s+(?:19|20)\d\d|"
    r"giai đoạn\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|"
    r"bảo đảm|đảm bảo|hạn chế|tỷ lệ|tỉ lệ|có|và|đồng thời|(?:tiếp tục )?giữ vững|"
    r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) là|"
    r"ít nhất|tối thiểu|với|đối với|về|mục tiêu|chỉ tiêu|riêng|trong|đạt|"
    r"[,;:.\-–—+*•()\"“”]|\d+\s*[.)])(?!\w)",
    re.IGNORECASE,
)
# Words that end a verb phrase before the number and carry no meaning of their own.
_TAIL = re.compile(
    r"(?<!\w)(?:đạt|đạt mức|ở mức|là|(?<!trở )lên|bằng|chiếm|khoảng|xuống|còn|phấn đấu|có|"
    r"từ|trên|dưới|ít nhất|tối thiểu|tối đa|"
    r"(?:đến|tới|vào|trong|cuối|đến cuối|đến hết)?\s*(?:năm\s+(?:19|20)\d\d|nhiệm kỳ"
    r"(?:\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)?)|"
    r"giai đoạn\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)\s*$",
    re.IGNORECASE,
)
# Period words that end a subject ("Kết nạp đảng viên mới bình quân hằng năm đạt ...").
PERIOD_TAIL = re.compile(
    r"(?<!\w)(?:(?:bình quân |trung bình )?(?:hằng năm|hàng năm|mỗi năm)|bình quân|trung bình|"
    r"(?:đến|tới|vào|trong|cuối|đến cuối|đến hết)?\s*(?:năm\s+(?:19|20)\d\d|nhiệm kỳ"
    r"(?:\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)?)|"
    r"giai đoạn\s+(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|so với.*)\s*$",
    re.IGNORECASE,
)
# A verb stripped from the end of the text before a number is the metric when nothing else is.
TAIL_VERB = re.compile(r"(?<!\w)(?:đạt|chiếm|còn|giảm|tăng|xuống|lên|duy trì)(?!\w)", re.I)
# The last "phấn đấu" / "xác định" starts the clause: the actor before it is not the subject.
_FRAMING_VERB = re.compile(
    r"(?<!\w)(?:phấn đấu|phần đấu|xác định|đề ra|giao chỉ tiêu|thống nhất)(?!\w)", re.I
)
# Where a metric stops: a new clause begins ("..., xây dựng chương trình ...").
_METRIC_STOP = re.compile(
    r",\s*(?:xây dựng|bảo đảm|đảm bảo|góp phần|gắn với|tạo|nhằm|để|phấn đấu|đồng thời|"
    r"qua đó|từ đó|trong đó|nâng cao|tiếp tục|kịp thời|không để|thực hiện)(?!\w)|"
    r"\s+(?:trong đó|nhằm|để|góp phần|qua đó)(?!\w)|[(:]",
    re.IGNORECASE,
)
_INDICATOR_AFTER_COMMA = re.compile(
    r",\s*(?=(?:tốc độ|tỷ lệ|tỉ lệ|tỷ trọng|tỉ trọng|công suất|tỷ suất|tổng)(?!\w))", re.IGNORECASE
)
_LIGHT = re.compile(
    r"(?<!\w)(?:tiến hành|phấn đấu|phần đấu|chỉ đạo|lãnh đạo|tập trung)(?!\w)", re.I
)
_WORDS = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")
_PUNCT = " \t\n,;:.-–—*•+\"'“”()"


def trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT:
        # Keep a closing quote or bracket whose opening is inside the span.
        ch = text[end - 1]
        if ch == "”" and "“" in text[start:end]:
            break
        if ch == ")" and "(" in text[start:end]:
            break
        end -= 1
    return start, end


def cap(text: str, span: Span, words: int) -> Span:
    """At most `words` words from the start of the span."""
    start, end = span
    for count, m in enumerate(_WORDS.finditer(text, start, end), start=1):
        if count == words:
            return trim(text, start, m.end())
    return span


def clean_pre(text: str, start: int, end: int) -> Span:
    """The text before a number without framing words and its last colon."""
    colon = text.rfind(":", start, end)
    if colon >= 0:
        start = colon + 1
    for verb in _FRAMING_VERB.finditer(text, start, end):
        start = verb.end()
    # "Sau hai năm thực hiện Nghị quyết, tốc độ tăng trưởng ... đạt": the clause naming the
    # indicator starts after the comma.
    for head in _INDICATOR_AFTER_COMMA.finditer(text, start, end):
        start = head.end()
    while True:
        frame = _FRAME.match(text, start, end)
        if not frame or frame.end() == start:
            break
        start = frame.end()
    start, end = trim(text, start, end)
    while end > start:
        tail = _TAIL.search(text, start, end)
        if not tail or tail.start() == end:
            break
        end = tail.start()
    return trim(text, start, end)


def first_state(text: str, start: int, end: int) -> int | None:
    m = STATE.search(text, start, end)
    return m.start() if m else None


def metric_end(text: str, start: int, end: int) -> int:
    m = _METRIC_STOP.search(text, start + 1, end)
    return m.start() if m else end


def pre_verb(text: str, start: int, end: int) -> Span | None:
    """A verb phrase in the text before a number: from its last action verb to the end."""
    # "cấp ủy ... tiến hành kiểm tra, giám sát": the verb phrase starts after a light verb.
    for light in _LIGHT.finditer(text, start, end):
        start = light.end()
    verb = ACTION.search(text, start, end)
    if verb is None:
        return None
    return trim(text, verb.start(), end)


def strip_tail(text: str, span: Span, pattern: re.Pattern[str] = PERIOD_TAIL) -> Span:
    start, end = span
    while end > start:
        tail = pattern.search(text, start, end)
        if not tail or tail.start() == end:
            break
        end = tail.start()
    return trim(text, start, end)
