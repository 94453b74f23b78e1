"""The meeting rules as rule rows (DESIGN rule 4), each keyed by the text it comes from.

- meetings.quorum: the share of members (exempted members left out, regulations.md §3.5 and
  §4.3) who must be present for a cell meeting to be valid. regulations.md has no article for an
  ordinary cell meeting; "more than half" follows Điều lệ Đảng Art. 12(3) as cited in §4.3, so
  the row is marked low confidence and a committee changes it by adding a row.
- meetings.unexcused_streak: unexcused absences in a row that raise an alert. §3.6 (QĐ 24 point
  8.1) proposes striking a name after three months of skipped meetings in a year; the alert
  warns before that.
- meetings.quality_scale: the ratings of a meeting's quality (HD 12-HD/BTCTW 2018, §3.8).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

ROWS = [
    (
        "meetings.quorum",
        {"numerator": 1, "denominator": 2, "strict": True},
        "Điều lệ Đảng, Điều 12 khoản 3 (áp dụng tương tự; regulations.md §4.3)",
        "low",
        "Chi bộ sinh hoạt hợp lệ khi số đảng viên có mặt quá một nửa số đảng viên phải dự "
        "(không tính đảng viên được miễn công tác và sinh hoạt đảng).",
    ),
    (
        "meetings.unexcused_streak",
        3,
        "QĐ 24-QĐ/TW, điểm 8.1 (regulations.md §3.6)",
        "medium",
        "Cảnh báo khi đảng viên vắng không lý do liên tiếp ngần ấy kỳ sinh hoạt; bỏ sinh hoạt "
        "ba tháng trong năm không có lý do chính đáng thì chi bộ đề nghị xóa tên.",
    ),
    (
        "meetings.quality_scale",
        [
            ["tot", "Tốt"],
            ["kha", "Khá"],
            ["trung_binh", "Trung bình"],
            ["kem", "Kém"],
        ],
        "HD 12-HD/BTCTW ngày 18/01/2018 (regulations.md §3.8)",
        "medium",
        "Thang xếp loại chất lượng sinh hoạt chi bộ.",
    ),
]


def add(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    for key, value, source, confidence, note in ROWS:
        Rule.objects.get_or_create(
            key=key,
            valid_from=date(2018, 1, 18),
            defaults={"value": value, "source": source, "confidence": confidence, "note": note},
        )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("core", "0004_badge_discipline_deferral")]

    operations = [migrations.RunPython(add, remove)]
