"""Is a number a commitment for the coming period, or a result already achieved?

Reports mix both: "năm qua kết nạp 215 đảng viên" is a result even though it reads like a target,
while "(chỉ tiêu Nghị quyết là 95%)" inside a result is a target. We look for forward-looking and
backward-looking words in the nearest text first (the target's own clause), then the ";"-item,
the sentence and the heading above it; the nearest verdict wins.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache

__all__ = [
    "FORWARD",
    "QUOTED",
    "VOTE",
    "dated_result",
    "looks_back",
    "looks_forward",
    "plans",
    "written_in",
]

FORWARD = re.compile(
    r"(?<!\w)(?:phấn đấu|phần đấu|phấn phấn đấu|chỉ tiêu|mục tiêu|đề ra|đặt ra|xác định|"
    r"hằng năm|hàng năm|mỗi năm|đến năm|đến cuối năm|đến hết|nhiệm kỳ tới|nhiệm kỳ mới|"
    r"trong nhiệm kỳ|cả nhiệm kỳ|toàn nhiệm kỳ|bảo đảm|đảm bảo|cần|phải|sẽ|tiếp tục|"
    r"giữ vững|duy trì|dự kiến|kế hoạch năm|quyết tâm|nâng tỷ lệ|"
    r"nâng lên|giảm xuống|hạn chế|trở lên|ít nhất|tối thiểu|không dưới|không quá|tối đa|"
    r"chương trình hành động|nhiệm vụ năm)(?!\w)",
    re.IGNORECASE,
)
_BACK = re.compile(
    r"(?<!\w)(?:đã|đạt được|kết quả|năm qua|nhiệm kỳ qua|vừa qua|những năm qua|thời gian qua|"
    r"so với cùng kỳ|so với đầu nhiệm kỳ|cùng kỳ|tổng kết|"
    r"(?:vượt|không đạt|đạt) chỉ tiêu(?:\s+(?:nghị quyết|đại hội|kế hoạch|đề ra|được giao))*|"
    r"hoàn thành vượt|đạt và vượt|vượt kế hoạch|ước đạt|ước thực hiện|thực hiện được|"
    r"(?:bằng|đạt|được|vượt)\s+\d+(?:[,.]\d+)?\s*%\s*(?:so với\s+)?(?:kế hoạch|KH|dự toán|"
    r"chỉ tiêu|mục tiêu)(?:\s+(?:năm|nhiệm kỳ|đề ra|nghị quyết))?(?:\s+(?:đến|tới) năm \d{4})?|"
    r"(?:bằng|được)\s+\d+(?:[,.]\d+)?\s*%|"
    r"(?:sau|qua)\s+(?:\w+\s+){0,2}năm(?:\s+rưỡi)?\s+(?:thực hiện|triển khai)|"
    r"đến nay|hiện nay|hiện có|tính đến|tháng đầu năm)(?!\w)",
    re.IGNORECASE,
)
# "đã đề ra 8 chỉ tiêu", "đã xác định mục tiêu": past verbs that introduce targets.
_BACK_EXCUSED = re.compile(
    r"(?<!\w)đã\s+(?:đề ra|xác định|ban hành|thông qua|xây dựng|cụ thể hóa|đặt ra)", re.IGNORECASE
)
# A target quoted in a result: "(chỉ tiêu Nghị quyết là 95%)", "NQ đề ra 90%", "kế hoạch: 4%".
QUOTED = re.compile(
    r"(?:chỉ tiêu|mục tiêu|kế hoạch|nghị quyết|NQ|KH|chương trình|phấn đấu)"
    r"(?:\s+(?:nghị quyết|NQ|đại hội|đề ra|đặt ra|giao|năm|nhiệm kỳ|của|tỉnh|huyện|xã|trên|cấp|là|"
    r"đến|tới|cuối|hết|"
    r"(?-i:[A-ZĐ0-9][\w/-]*)|\d{4}))*"
    r"\s*(?:là|:|đề ra|đặt ra|giao|=)?\s*(?:(?:trên|dưới|từ|ít nhất|tối thiểu)\s+)?$",
    re.IGNORECASE,
)
VOTE = re.compile(
    r"(?<!\w)(?:tán thành|biểu quyết|số phiếu|phiếu bầu|đại biểu có mặt|trúng cử|"
    r"nhất trí thông qua|bỏ phiếu|phiếu tín nhiệm|phiếu đồng ý|đồng ý|không đồng ý|"
    r"số đại biểu|tổng số đại biểu|đại biểu dự|lấy phiếu|nhất trí)(?!\w)",
    re.IGNORECASE,
)


# Every number of a sentence asks about the same sentence and item: answer each text once.
@lru_cache(maxsize=1024)
def looks_back(text: str) -> bool:
    m = _BACK.search(text)
    if not m:
        return False
    if m.group().lower() == "đã":
        # Only "đã" that starts a result, not "đã đề ra ... chỉ tiêu".
        return any(
            not _BACK_EXCUSED.match(text, x.start())
            for x in re.finditer(r"(?<!\w)đã(?!\w)", text, re.IGNORECASE)
        ) or bool(_BACK.search(text, m.end()))
    return True


@lru_cache(maxsize=1024)
def looks_forward(text: str) -> bool:
    # "vượt chỉ tiêu đề ra" speaks of a result: its "chỉ tiêu" does not look forward.
    return bool(FORWARD.search(_BACK.sub(" ", text)))


# Reports state results as "Năm 2025, tỷ lệ ... đạt 96%" with no past-tense word: a single year
# before the year the text was written, named as the time of a statement that has no
# forward-looking word, is a result, not a commitment. Callers that know the document's date
# pass its year (extract_targets(text, written_in=…)); without it, texts are taken to be of the
# 2025-2030 term, written from 2026 on.
RESULT_YEARS_BEFORE = 2026
written_in: ContextVar[int] = ContextVar("written_in", default=RESULT_YEARS_BEFORE)
_SINGLE_YEAR = re.compile(
    r"(?=năm )(?<![\w/])(?<!đến )(?<!tới )(?<!vào )(?<!cuối )(?<!hết )(?<!trước )(?<!sau )(?<!từ )"
    r"(?<!với )(?<!kỳ )(?<!học )năm ((?:19|20)\d\d)(?!\s*[-–—]\s*\d)",
    re.IGNORECASE,
)


# Words that only a plan uses; "trở lên", "ít nhất" also describe results ("xếp loại hoàn thành
# tốt nhiệm vụ trở lên"), so they do not make a dated statement a commitment.
_PLAN = re.compile(
    r"(?<!\w)(?:phấn đấu|phần đấu|chỉ tiêu|mục tiêu|đề ra|đặt ra|kế hoạch|dự kiến|sẽ|cần|phải|"
    r"quyết tâm|đến năm|đến cuối năm|đến hết|hằng năm|hàng năm|mỗi năm|nhiệm kỳ tới|"
    r"nhiệm kỳ mới|giao)(?!\w)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def plans(text: str) -> bool:
    """Does the text use a word only a plan uses (outside a result's "vượt chỉ tiêu")?"""
    return bool(_PLAN.search(_BACK.sub(" ", text)))


def dated_result(text: str) -> bool:
    """Is this a statement about a past year, with nothing that looks forward?"""
    return _dated_result(text, written_in.get())


@lru_cache(maxsize=1024)
def _dated_result(text: str, year: int) -> bool:
    years = [int(m.group(1)) for m in _SINGLE_YEAR.finditer(text)]
    return bool(years) and max(years) < year and not plans(text)
