"""Numbers as Vietnamese documents write them, and the numbers that are never targets.

"240.000" is two hundred and forty thousand (dots group thousands), "38,8" is a decimal, "02" is
two; cardinal words ("một", "hai") count too, but only where a count is plainly meant, since
"một số" means "some" and "năm" is also "year". Years, dates, fractions, document numbers and
list numbers look like numbers and are weeded out here, from their immediate surroundings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import COUNTED_NOUN

__all__ = ["NumberToken", "find_numbers", "parse_value"]


@dataclass(frozen=True, slots=True)
class NumberToken:
    start: int
    end: int
    value: float | int
    is_word: bool = False


# A run of digits with "." / "," groups, not glued to letters or to "/" and "-" codes.
_DIGITS = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_CARDINALS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_CARDINAL = re.compile(r"(?<!\w)(" + "|".join(_CARDINALS) + r")(?!\w)", re.IGNORECASE)
_RANGE_WORDS = {**{k: v for k, v in _CARDINALS.items() if k != "tư"}, "năm": 5}
_CARDINAL_RANGE = re.compile(
    r"(?<!\w)từ\s+("
    + "|".join(_RANGE_WORDS)
    + r")\s+(?:đến|tới|-)\s+("
    + "|".join(_RANGE_WORDS)
    + r")(?!\w)",
    re.IGNORECASE,
)
# A cardinal word counts only after words that ask for a quantity and before a counted noun.
_CARDINAL_BEFORE = re.compile(
    r"(?:ít nhất|tối thiểu|không dưới|không quá|tối đa|từ|trên|có|mở|xây dựng|thành lập|"
    r"kết nạp|tổ chức|duy trì|phát triển|bồi dưỡng)\s+$",
    re.IGNORECASE,
)
_CARDINAL_AFTER = re.compile(
    r"\s+(?:mô hình|lớp|chi bộ|đảng bộ|đảng viên|công trình|sản phẩm|câu lạc bộ|điểm|buổi|"
    r"cuộc|đợt|lượt|hội nghị|tổ|nhóm|phần việc|điển hình|gương|hộ|người|cán bộ|tuyến|phòng)"
    r"(?!\w)",
    re.IGNORECASE,
)


def parse_value(raw: str) -> float | int | None:
    """'240.000' -> 240000, '38,8' -> 38.8, '1.234,5' -> 1234.5, '02' -> 2."""
    if "." in raw and "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif "." in raw:
        groups = raw.split(".")
        if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            raw = raw.replace(".", "")
        elif len(groups) > 2:
            return None
    elif "," in raw:
        groups = raw.split(",")
        if len(groups) > 2:
            if all(len(g) == 3 for g in groups[1:]):
                raw = raw.replace(",", "")
            else:
                return None
        else:
            raw = raw.replace(",", ".")
    try:
        number = float(raw)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


# Numbers of documents, articles and sessions: "Quy định 144-QĐ/TW", "Kế hoạch số 81",
# "lần thứ 13", "khóa 12", "Điều 5".
_DOC_BEFORE = re.compile(
    r"(?<!\w)(?:số|thứ|khóa|khoá|điều|khoản|mục|chương|phần|quy định|nghị quyết|chỉ thị|kết luận|"
    r"quyết định|thông tư|nghị định|luật|công văn|hướng dẫn|thông báo|kế hoạch|đề án|"
    r"chương trình|tờ trình|báo cáo|quy chế|tiêu chuẩn|phụ lục|trang|tập|lớp|tổ|khu phố|ấp|"
    r"khóm|thôn|xóm|bản|tổ dân phố|đội|tiểu đội|trung đội|khu|phường|quận|tuyến|"
    r"quốc lộ|tỉnh lộ|đường|cụm|lô|ô|phòng|số nhà|covid|top)\s*$",
    re.IGNORECASE,
)
# "02-CTr/ĐU", "20/3/2026", "45/50", "8/2025" — codes, dates and achieved fractions.
_CODE_AFTER = re.compile(r"-\s?[A-ZĐ]|/\s?\d|[.:]\d")
# A number right after "/" is a denominator ("110 bé trai/100 bé gái", "98/100").
_CODE_BEFORE = re.compile(r"/\s?$|[A-Za-zĐđ]-$")
# "Chi bộ Phân xưởng May 2 phấn đấu": a number ending a unit's name, before its framing verb.
_NAME_AFTER = re.compile(r"\s*(?:phấn đấu|đề ra|xác định|quyết tâm)(?!\w)", re.IGNORECASE)
# Durations, ages and times qualify a subject ("dưới 30 tuổi"); they are not commitments.
_TIME_AFTER = re.compile(
    r"\s*(?:năm|tháng|ngày|giờ|phút|tuổi|quý|tuần|buổi sáng|kỳ|nhiệm kỳ|lần thứ)(?!\w)",
    re.IGNORECASE,
)
# Counts of the plan's own parts ("đề ra 8 chỉ tiêu", "04 chương trình", "3 khâu đột phá").
_PLAN_PARTS = re.compile(
    r"\s*(?:chỉ tiêu|nhiệm vụ|khâu|chương trình|giải pháp|nội dung|mục tiêu|đột phá|"
    r"phong trào|nhóm giải pháp|nhóm nhiệm vụ|lĩnh vực|văn bản|trụ cột|quan điểm|định hướng|"
    r"bài học|kỳ họp|đề án|nghị quyết|chỉ thị|kế hoạch|điểm mới|vấn đề|yêu cầu|tiêu chí|"
    r"tiêu chuẩn|bước|cấp|đồng chí|vòng|đơn vị cấp huyện|đơn vị hành chính|huyện|tầng)(?!\w)",
    re.IGNORECASE,
)
# "tuổi thọ trung bình đạt 75 tuổi": an age that is itself the indicator.
_LIFESPAN = re.compile(r"(?<!\w)tuổi thọ(?!\w)", re.IGNORECASE)
_LIST_NUMBER_BEFORE = re.compile(r"(?:^|\n)\s*[(\[]?$|\(\s*$")
_LIST_NUMBER_AFTER = re.compile(r"\s*[.)\]]\s|\s*[.)\]]$|\s*\)")
_YEAR = re.compile(r"(?:19|20)\d\d")


# All the checks of the text right after a number, and right before it, as one pattern each, so
# a number costs two regex calls instead of eight (a megabyte of text holds tens of thousands).
_AFTER_NOISE = re.compile(
    "|".join(
        [
            f"(?-i:{_CODE_AFTER.pattern})",
            f"(?P<time>{_TIME_AFTER.pattern})",
            _PLAN_PARTS.pattern,
            _NAME_AFTER.pattern,
        ]
    ),
    re.IGNORECASE,
)
_BEFORE_NOISE = re.compile(
    r"(?:/\s?|(?-i:[A-Za-zĐđ])-|" + _DOC_BEFORE.pattern.removesuffix(r"\s*$") + r"\s*)$",
    re.IGNORECASE,
)


def _is_noise(text: str, start: int, end: int, raw: str) -> bool:
    lo = max(0, start - 25)
    after = _AFTER_NOISE.match(text, end, end + 30)
    if after is not None and not (
        after.lastgroup == "time" and _LIFESPAN.search(text, max(0, start - 40), start)
    ):
        return True
    # The longest word looked for before a number ("chương trình") fits in 16 characters.
    if _BEFORE_NOISE.search(text, max(0, start - 16), start):
        return True
    if _YEAR.fullmatch(raw) and not text[end : end + 30].lstrip().startswith(("%", "‰")):
        return True
    # "1. ", "(14)", "a) 2)": numbering of the list itself; "(95%)" is not.
    return bool(
        _LIST_NUMBER_BEFORE.search(text[lo:start]) and _LIST_NUMBER_AFTER.match(text, end, end + 30)
    )


def find_numbers(text: str) -> list[NumberToken]:
    """Candidate numbers of one item of text, in order, without the obvious non-targets."""
    found: list[NumberToken] = []
    for m in _DIGITS.finditer(text):
        raw = m.group()
        value = parse_value(raw)
        if value is None or _is_noise(text, m.start(), m.end(), raw):
            continue
        found.append(NumberToken(m.start(), m.end(), value))
    if _CARDINAL.search(text):
        for m in _CARDINAL.finditer(text):
            before = text[max(0, m.start() - 20) : m.start()]
            if _CARDINAL_BEFORE.search(before) and (
                _CARDINAL_AFTER.match(text, m.end()) or COUNTED_NOUN.match(text, m.end())
            ):
                found.append(NumberToken(m.start(), m.end(), _CARDINALS[m.group().lower()], True))
        # "từ năm đến mười hộ": a range in words, where "năm" is five, not "year".
        for m in _CARDINAL_RANGE.finditer(text):
            if COUNTED_NOUN.match(text, m.end()) or _CARDINAL_AFTER.match(text, m.end()):
                for g in (1, 2):
                    word = m.group(g).lower()
                    found.append(NumberToken(m.start(g), m.end(g), _RANGE_WORDS[word], True))
        found = sorted({t.start: t for t in found}.values(), key=lambda t: t.start)
    return found
