"""Rule rows (shared/reference/regulations.md §3) and Vietnamese public holidays 2024–2027.

Data lives here, not in code, so that next year's holidays or a new regulation are new rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

CHARTER = "Điều lệ Đảng (Điều 5)"
QD24 = "QĐ 24-QĐ/TW (30/7/2021), HD 01-HD/TW (28/9/2021)"
QD294 = "QĐ 294-QĐ/TW (26/5/2025), HD 06-HD/TW (09/6/2025)"
PARTY_FOUNDED = date(1930, 2, 3)
QD24_FROM = date(2021, 7, 30)
QD294_FROM = date(2025, 7, 1)

# (key, value, source, valid_from, valid_to, confidence, note)
RULES: list[tuple[str, Any, str, date, date | None, str, str]] = [
    ("probation_months", 12, CHARTER, PARTY_FOUNDED, None, "high",
     "Thời gian dự bị 12 tháng, tính từ ngày chi bộ tổ chức lễ kết nạp (§3.1)."),
    ("admission_age", {"min_years": 18, "max_years": 60}, QD24, PARTY_FOUNDED, None, "high",
     "Đủ 18 đến đủ 60 tuổi (tính theo tháng); trên 60 do cấp ủy trực thuộc TW quyết định."),
    ("admission_ceremony_working_days", 30, QD24, PARTY_FOUNDED, None, "high",
     "Tổ chức lễ kết nạp trong 30 ngày làm việc kể từ ngày nhận quyết định; chậm hơn cần "
     "cấp ủy cấp trên trực tiếp đồng ý."),
    ("official_review_working_days", 30, QD24, PARTY_FOUNDED, None, "high",
     "Chi bộ xét công nhận chính thức trong 30 ngày làm việc kể từ ngày hết 12 tháng dự bị."),
    ("transfer_present_working_days", 30, QD24, QD24_FROM, QD294_FROM, "medium",
     "Văn bản cũ; giữ để tính các giấy giới thiệu cấp trước 01/7/2025."),
    ("transfer_present_working_days", 30, QD294, QD294_FROM, None, "high",
     "Xuất trình giấy giới thiệu với cấp ủy nơi đến trong 30 ngày làm việc (điểm 6.3.1)."),
    ("transfer_process_working_days", 60, QD24, QD24_FROM, QD294_FROM, "medium",
     "Văn bản cũ; giữ cho các quyết định trước 01/7/2025."),
    ("transfer_process_working_days", 60, QD294, QD294_FROM, None, "high",
     "Làm thủ tục chuyển sinh hoạt trong 60 ngày làm việc kể từ ngày quyết định có hiệu lực "
     "hoặc thay đổi nơi cư trú (điểm 6.3.1)."),
    ("temporary_transfer", {
        "residence_or_work": {"min_months": 3, "max_months": 11},
        "study": {"min_months": 3, "max_months": 24},
    }, QD294, PARTY_FOUNDED, None, "high",
     "Tạm thời: thay đổi nơi ở, nơi làm việc từ 3 tháng đến dưới 1 năm; đi học tập trung "
     "trong nước từ 3 tháng đến 2 năm (§3.4). Dài hơn: chuyển chính thức."),
    ("badge_years", [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], QD24, PARTY_FOUNDED, None,
     "high", "Huy hiệu 30, 40, 45, 50 … 90 năm tuổi đảng (§3.3)."),
    ("badge_occasions", ["03-02", "05-19", "09-02", "11-07"], QD24, PARTY_FOUNDED, None, "high",
     "Trao vào các dịp 3/2, 19/5, 2/9, 7/11 (tháng-ngày)."),
    ("badge_early_months_ill", {"<=65": 12, ">=70": 24}, QD24, PARTY_FOUNDED, None, "high",
     "Đảng viên bị bệnh nặng: huy hiệu 30–65 năm sớm tối đa 12 tháng; 70–90 năm sớm tối đa "
     "24 tháng."),
    ("badge_early_months_posthumous", 12, QD24, PARTY_FOUNDED, None, "high",
     "Đảng viên từ trần được truy tặng sớm tối đa 12 tháng."),
]

# (date, name, is_day_off, note)
PROVISIONAL = "dự kiến: cập nhật theo thông báo nghỉ lễ chính thức"
HOLIDAYS: list[tuple[date, str, bool, str]] = [
    (date(2024, 1, 1), "Tết Dương lịch", True, ""),
    *[(date(2024, 2, d), "Tết Nguyên đán Giáp Thìn", True, "") for d in (8, 9, 12, 13, 14)],
    (date(2024, 4, 18), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", True, ""),
    (date(2024, 4, 29), "Nghỉ hoán đổi dịp 30/4", True, "làm bù thứ Bảy 04/5/2024"),
    (date(2024, 4, 30), "Ngày Chiến thắng", True, ""),
    (date(2024, 5, 1), "Ngày Quốc tế Lao động", True, ""),
    (date(2024, 5, 4), "Làm bù cho ngày 29/4", False, ""),
    (date(2024, 9, 2), "Quốc khánh", True, ""),
    (date(2024, 9, 3), "Quốc khánh (ngày liền kề)", True, ""),
    (date(2025, 1, 1), "Tết Dương lịch", True, ""),
    *[(date(2025, 1, d), "Tết Nguyên đán Ất Tỵ", True, "") for d in (27, 28, 29, 30, 31)],
    (date(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", True, ""),
    (date(2025, 4, 26), "Làm bù cho ngày 02/5", False, ""),
    (date(2025, 4, 30), "Ngày Chiến thắng", True, ""),
    (date(2025, 5, 1), "Ngày Quốc tế Lao động", True, ""),
    (date(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4", True, "làm bù thứ Bảy 26/4/2025"),
    (date(2025, 9, 1), "Quốc khánh (ngày liền kề)", True, ""),
    (date(2025, 9, 2), "Quốc khánh", True, ""),
    (date(2026, 1, 1), "Tết Dương lịch", True, ""),
    *[(date(2026, 2, d), "Tết Nguyên đán Bính Ngọ", True, "") for d in (16, 17, 18, 19, 20)],
    (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)", True, ""),
    (date(2026, 4, 30), "Ngày Chiến thắng", True, ""),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động", True, ""),
    (date(2026, 9, 1), "Quốc khánh (ngày liền kề)", True, PROVISIONAL),
    (date(2026, 9, 2), "Quốc khánh", True, ""),
    (date(2027, 1, 1), "Tết Dương lịch", True, ""),
    *[(date(2027, 2, d), "Tết Nguyên đán Đinh Mùi", True, PROVISIONAL) for d in (5, 8, 9, 10, 11)],
    (date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", True, ""),
    (date(2027, 4, 30), "Ngày Chiến thắng", True, ""),
    (date(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)", True, ""),
    (date(2027, 9, 2), "Quốc khánh", True, ""),
    (date(2027, 9, 3), "Quốc khánh (ngày liền kề)", True, PROVISIONAL),
]


def load(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    Holiday = apps.get_model("core", "Holiday")
    Rule.objects.bulk_create(
        Rule(key=k, value=v, source=s, valid_from=f, valid_to=t, confidence=c, note=n)
        for k, v, s, f, t, c, n in RULES
    )
    Holiday.objects.bulk_create(
        Holiday(date=d, name=name, is_day_off=off, note=note) for d, name, off, note in HOLIDAYS
    )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key__in={r[0] for r in RULES}).delete()
    apps.get_model("core", "Holiday").objects.filter(date__in=[h[0] for h in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_rules_and_holidays")]

    operations = [migrations.RunPython(load, unload)]
