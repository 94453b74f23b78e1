"""The parts of a member's bản tự kiểm điểm (HD 25 / HD 43, mẫu 2A, 2B, 2C): the member fills
each part on the self-review page; they are kept in `MemberEvaluation.self_review` as one text,
each part under its heading line, and split again to edit or print. The last part of the form,
"tự nhận mức xếp loại", is the `self_rating` field with the points of `self_criteria`.

A text saved before the parts existed (no heading line) reads as the first part."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    required: bool


SECTIONS = (
    Section("uu_diem", "I. Ưu điểm, kết quả đạt được", True),
    Section("han_che", "II. Hạn chế, khuyết điểm và nguyên nhân", True),
    Section(
        "khac_phuc",
        "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra",
        False,
    ),
    Section("giai_trinh", "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", False),
    Section("trach_nhiem", "V. Làm rõ trách nhiệm của cá nhân (nếu có)", False),
    Section("phuong_huong", "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", True),
)
RATING_HEADING = "VII. Tự nhận mức xếp loại chất lượng"
CODES = tuple(s.code for s in SECTIONS)
_BY_HEADING = {s.heading: s.code for s in SECTIONS}


def join_sections(parts: Mapping[str, str]) -> str:
    """One text: each part that is not empty under its heading line, in the form's order."""
    blocks = []
    for section in SECTIONS:
        body = _clean(parts.get(section.code, ""))
        if body:
            blocks.append(f"{section.heading}\n{body}")
    return "\n\n".join(blocks)


def split_sections(text: str) -> dict[str, str]:
    """{code: body} for every part, "" where the text has none."""
    parts = {code: "" for code in CODES}
    current = CODES[0]
    lines: dict[str, list[str]] = {code: [] for code in CODES}
    for line in text.replace("\r\n", "\n").split("\n"):
        code = _BY_HEADING.get(line.strip())
        if code is not None:
            current = code
            continue
        lines[current].append(line)
    for code in CODES:
        parts[code] = "\n".join(lines[code]).strip()
    return parts


def _clean(text: str) -> str:
    """Trimmed, without NUL, and without a line that would read back as a heading."""
    kept = [
        line
        for line in text.replace("\x00", "").replace("\r\n", "\n").split("\n")
        if line.strip() not in _BY_HEADING
    ]
    return "\n".join(kept).strip()
