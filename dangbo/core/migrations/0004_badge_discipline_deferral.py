"""How long a disciplined member's Party badge is withheld (regulations.md §3.3): rules are
data, so the months per sanction are a rule row, dated like the documents they come from.
Keys are the members.Sanction values (khai trừ takes the member off the roll: no badge)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations

KEY = "badge_discipline_deferral_months"
MONTHS = {"reprimand": 6, "warning": 9, "dismissal": 12}
QD24 = "QĐ 24-QĐ/TW (30/7/2021), HD 01-HD/TW (28/9/2021)"
QD294 = "QĐ 294-QĐ/TW (26/5/2025), HD 06-HD/TW (09/6/2025)"
PARTY_FOUNDED = date(1930, 2, 3)
QD294_FROM = date(2025, 7, 1)
NOTE = (
    "Đảng viên bị kỷ luật: chưa xét tặng Huy hiệu; xét sau 6 tháng (khiển trách), 9 tháng "
    "(cảnh cáo), 12 tháng (cách chức) kể từ ngày quyết định kỷ luật, nếu chi bộ công nhận "
    "đảng viên đã sửa chữa khuyết điểm (§3.3)."
)
# (value, source, valid_from, valid_to, confidence, note)
ROWS = [
    (MONTHS, QD24, PARTY_FOUNDED, QD294_FROM, "high", NOTE),
    (MONTHS, QD294, QD294_FROM, None, "medium", NOTE + " Văn bản 2025 giữ quy định cũ (MED)."),
]


def load(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("core", "Rule")
    Rule.objects.bulk_create(
        Rule(key=KEY, value=v, source=s, valid_from=f, valid_to=t, confidence=c, note=n)
        for v, s, f, t, c, n in ROWS
    )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "Rule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_badge_occasion_3_february")]

    operations = [migrations.RunPython(load, unload)]
