"""What a number counts or measures: "%", "‰", money and measures with their scale word, or the
counted noun ("đảng viên", "lớp", "mô hình")."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["COUNTED_NOUN", "Unit", "read_unit"]


@dataclass(frozen=True, slots=True)
class Unit:
    text: str | None
    end: int  # where the unit ends in the item text
    percent: bool = False
    per_year: bool = False  # a rate "%/năm": the "/năm" is the period, not the unit
    counted_noun: bool = False


_PERCENT = re.compile(r"\s*(?:%|phần trăm(?!\w))(?:\s*/\s*(năm|tháng))?")
_PER_MILLE = re.compile(r"\s*(?:‰|phần nghìn|phần ngàn)(?:\s*/\s*(năm))?")
_SCALE = r"(?:nghìn tỷ|ngàn tỷ|nghìn tỉ|ngàn tỉ|triệu tỷ|tỷ|tỉ|triệu|nghìn|ngàn|trăm nghìn)"
_CURRENCY = r"(?:đồng|USD|usd|đô la Mỹ|đô la|VNĐ|VND|vnđ)"
_MEASURE = (
    r"(?:ha|héc-ta|hecta|km2|km²|km|m2|m²|m3|m³|mét vuông|mét|tấn|tạ|kg|lít|kWh|MW|GW|TEU|"
    r"lượt khách|lượt người|lượt|giường bệnh|giường|bác sĩ|máy điện thoại|thuê bao|con|cây|"
    r"căn hộ|căn|m)"
)
_PER = (
    r"(?:\s*/\s*(?:vạn dân|nghìn dân|ngàn dân|vạn người|người|hộ|ha|năm|tháng|ngày|lao động|vụ|km|"
    r"con|m2|m²))*"
)
_MONEY = re.compile(
    rf"\s*(?:{_SCALE}\s+{_MEASURE}|{_SCALE}\s*{_CURRENCY}?|{_CURRENCY}){_PER}(?!\w)|"
    rf"\s*{_MEASURE}{_PER}(?![\w²])"
)
# Counted nouns of two or three syllables, longest first; any other noun counts by its first
# syllable ("lớp bồi dưỡng ..." -> "lớp").
_COMPOUND_NOUNS = sorted(
    [
        "đảng viên", "quần chúng", "mô hình", "chi bộ", "đảng bộ", "tổ chức cơ sở đảng",
        "tổ chức đảng", "công trình", "dự án", "doanh nghiệp", "hợp tác xã", "việc làm",
        "lao động", "cán bộ", "hội viên", "đoàn viên", "học sinh", "sinh viên", "sản phẩm",
        "câu lạc bộ", "đối tượng", "phòng học", "nhà văn hóa", "nhà ở", "hộ gia đình",
        "hộ nghèo", "thanh niên", "chiến sĩ", "tin bài", "tin, bài", "bài viết", "phần việc",
        "điển hình", "hội nghị", "cuộc kiểm tra", "cuộc giám sát", "trường học", "trạm y tế",
        "xã nông thôn mới", "tuyến đường", "đường dây", "vụ án", "vụ việc", "đơn vị", "cơ sở",
        "người lao động", "nhà đại đoàn kết", "căn nhà", "ngôi nhà", "tổ đảng", "trường",
        "thôn", "ấp", "khóm", "bản", "xã", "phường", "lớp", "cuộc", "buổi", "đợt", "hộ", "người",
        "vụ", "tổ", "nhà", "điểm", "tuyến", "gương", "tập thể", "cá nhân", "ý kiến", "tác phẩm",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
COUNTED_NOUN = re.compile(r"\s*(" + "|".join(re.escape(n) for n in _COMPOUND_NOUNS) + r")(?!\w)")
# A following word that cannot be a counted noun: the number then counts nothing named here.
_NOT_NOUN = re.compile(
    r"\s*(?:trở lên|trở xuống|so với|trên tổng|trong|của|và|hoặc|đến|tới|là|được|đạt|"
    r"với|cho|tại|ở|thì|mà|nhưng|để|khi|từ|-|–)(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\s*([^\W\d_]+)")


def read_unit(text: str, at: int) -> Unit:
    """The unit written right after the number ending at `at`."""
    m = _PERCENT.match(text, at)
    if m:
        return Unit("%", m.end(), percent=True, per_year=m.group(1) == "năm")
    m = _PER_MILLE.match(text, at)
    if m:
        return Unit("‰", m.end(), per_year=m.group(1) == "năm")
    m = _MONEY.match(text, at)
    if m:
        unit = " ".join(m.group().split()).replace(" /", "/").replace("/ ", "/")
        if unit.split("/")[0] in (
            "tỷ",
            "tỉ",
            "nghìn tỷ",
            "ngàn tỷ",
            "triệu",
            "nghìn",
            "ngàn",
        ) or unit.startswith(("tỷ/", "tỉ/", "triệu/")):
            head, _, rest = unit.partition("/")
            unit = f"{head} đồng" + (f"/{rest}" if rest else "")
        # "120 triệu đồng/người/năm" is a level (income per head), not a yearly flow.
        per_year = unit.endswith("/năm") and "/người/" not in unit
        return Unit(unit.replace("tỉ", "tỷ"), m.end(), per_year=per_year)
    m = COUNTED_NOUN.match(text, at)
    if m:
        return Unit(m.group(1), m.end(), counted_noun=True)
    if _NOT_NOUN.match(text, at):
        return Unit(None, at)
    m = _WORD.match(text, at)
    if m and m.group(1).islower():
        return Unit(m.group(1), m.end(), counted_noun=True)
    return Unit(None, at)
