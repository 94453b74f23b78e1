"""The catalog of indicators the software ships (issue #9 §1). The codes are fixed: targets,
forms and dashboards refer to them. Computed definitions are in the language of
dangbo.indicators.definition; reported indicators are entered through forms."""

from decimal import Decimal
from typing import Any

from django.db import migrations

RATED = "(excellent, good, satisfactory, failed)"
CELLS = "(cell, grassroots_cell)"

COMPUTED: list[dict[str, Any]] = [
    {
        "code": "members_on_roll",
        "name": "Đảng viên (đang sinh hoạt, cuối kỳ)",
        "unit": "đảng viên",
        "numerator": "members",
        "numerator_label": "Số đảng viên trong danh sách",
        "period_kinds": ["quarter", "year"],
        "description": "Số đảng viên có tên trong danh sách (dự bị, chính thức, miễn công tác và "
        "sinh hoạt) của đơn vị và các đơn vị trực thuộc vào ngày cuối kỳ (kỳ đang diễn ra: "
        "hôm nay).",
    },
    {
        "code": "members_admitted",
        "name": "Đảng viên kết nạp trong kỳ",
        "unit": "đảng viên",
        "numerator": "admissions",
        "numerator_label": "Số quần chúng được kết nạp",
        "period_kinds": ["quarter", "year", "term"],
        "description": "Số quần chúng có quyết định kết nạp đề ngày trong kỳ.",
    },
    {
        "code": "members_theory_intermediate",
        "name": "Tỷ lệ đảng viên có trình độ LLCT trung cấp trở lên",
        "unit": "%",
        "numerator": "members where theory_level in (intermediate, advanced, bachelor)",
        "numerator_label": "Đảng viên có trình độ LLCT trung cấp, cao cấp, cử nhân",
        "denominator": "members",
        "denominator_label": "Đảng viên trong danh sách",
        "period_kinds": ["year"],
        "description": "Đảng viên trong danh sách cuối năm có trình độ lý luận chính trị trung "
        "cấp, cao cấp hoặc cử nhân, chia cho tổng số đảng viên trong danh sách cuối năm.",
    },
    {
        "code": "org_rating_good",
        "name": "Tỷ lệ tổ chức đảng hoàn thành tốt nhiệm vụ trở lên",
        "unit": "%",
        "numerator": "organization_ratings where rating in (excellent, good)",
        "numerator_label": "Tổ chức đảng HTXSNV, HTTNV",
        "denominator": f"organization_ratings where rating in {RATED}",
        "denominator_label": "Tổ chức đảng đã xếp loại",
        "period_kinds": ["year"],
        "description": "Trong đợt đánh giá, xếp loại năm: số tổ chức đảng được xếp loại hoàn "
        "thành xuất sắc hoặc hoàn thành tốt nhiệm vụ (theo quyết định của cấp trên, chưa có "
        "thì theo đề xuất) chia cho số tổ chức đảng đã được xếp loại.",
    },
    {
        "code": "cell_rating_good",
        "name": "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên",
        "unit": "%",
        "numerator": f"organization_ratings where rating in (excellent, good) and kind in {CELLS}",
        "numerator_label": "Chi bộ HTXSNV, HTTNV",
        "denominator": f"organization_ratings where rating in {RATED} and kind in {CELLS}",
        "denominator_label": "Chi bộ đã xếp loại",
        "period_kinds": ["year"],
        "description": "Như tỷ lệ tổ chức đảng hoàn thành tốt nhiệm vụ trở lên, chỉ tính chi "
        "bộ cơ sở và chi bộ trực thuộc.",
    },
    {
        "code": "member_rating_good",
        "name": "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
        "unit": "%",
        "numerator": "member_ratings where rating in (excellent, good)",
        "numerator_label": "Đảng viên HTXSNV, HTTNV",
        "denominator": f"member_ratings where rating in {RATED}",
        "denominator_label": "Đảng viên đã xếp loại",
        "period_kinds": ["year"],
        "description": "Trong đợt đánh giá, xếp loại năm: số đảng viên được xếp loại hoàn thành "
        "xuất sắc hoặc hoàn thành tốt nhiệm vụ (theo quyết định của cấp ủy, chưa có thì theo "
        "đề xuất của chi bộ) chia cho số đảng viên đã được xếp loại.",
    },
    {
        "code": "member_rating_excellent",
        "name": "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ",
        "unit": "%",
        "numerator": "member_ratings where rating = excellent",
        "numerator_label": "Đảng viên HTXSNV",
        "denominator": f"member_ratings where rating in {RATED}",
        "denominator_label": "Đảng viên đã xếp loại",
        "period_kinds": ["year"],
        "description": "Số đảng viên hoàn thành xuất sắc nhiệm vụ chia cho số đảng viên đã "
        "được xếp loại trong đợt đánh giá năm.",
    },
    {
        "code": "member_rating_failed",
        "name": "Tỷ lệ đảng viên không hoàn thành nhiệm vụ",
        "unit": "%",
        "numerator": "member_ratings where rating = failed",
        "numerator_label": "Đảng viên KHTNV",
        "denominator": f"member_ratings where rating in {RATED}",
        "denominator_label": "Đảng viên đã xếp loại",
        "period_kinds": ["year"],
        "higher_is_better": False,
        "description": "Số đảng viên không hoàn thành nhiệm vụ chia cho số đảng viên đã được "
        "xếp loại trong đợt đánh giá năm (càng thấp càng tốt).",
    },
    {
        "code": "members_studied",
        "name": "Tỷ lệ đảng viên được học tập, quán triệt nghị quyết",
        "unit": "%",
        "numerator": "study where present = true",
        "numerator_label": "Đảng viên có mặt ít nhất một buổi học tập trong kỳ",
        "denominator": "members",
        "denominator_label": "Đảng viên trong danh sách cuối kỳ",
        "period_kinds": ["quarter", "year"],
        "description": "Số đảng viên có mặt ít nhất một buổi học tập, quán triệt nghị quyết tổ "
        "chức trong kỳ (tính ở chi bộ đang sinh hoạt) chia cho số đảng viên trong danh sách "
        "cuối kỳ.",
    },
    {
        "code": "meetings_held",
        "name": "Tỷ lệ cuộc sinh hoạt chi bộ đã tổ chức so với kế hoạch",
        "unit": "%",
        "numerator": "meetings where status = held",
        "numerator_label": "Cuộc sinh hoạt đã họp",
        "denominator": "meetings where date <= today",
        "denominator_label": "Cuộc sinh hoạt theo kế hoạch đã đến hạn",
        "period_kinds": ["month", "quarter", "year"],
        "description": "Số cuộc sinh hoạt chi bộ ghi nhận đã họp trong kỳ chia cho số cuộc "
        "sinh hoạt có trong kế hoạch của kỳ đã đến ngày họp (như trang tỷ lệ sinh hoạt).",
    },
    {
        "code": "meeting_attendance",
        "name": "Tỷ lệ đảng viên dự sinh hoạt chi bộ",
        "unit": "%",
        "numerator": "attendance where mark = present and exempt = false",
        "numerator_label": "Lượt đảng viên có mặt",
        "denominator": "attendance where exempt = false",
        "denominator_label": "Lượt đảng viên phải dự (trừ miễn sinh hoạt)",
        "period_kinds": ["month", "quarter", "year"],
        "description": "Trong các cuộc sinh hoạt đã họp của kỳ: số lượt có mặt chia cho số "
        "lượt điểm danh (có mặt, vắng có lý do, vắng không lý do), không tính đảng viên miễn "
        "sinh hoạt.",
    },
    {
        "code": "cells_four_good",
        "name": 'Tỷ lệ chi bộ đạt chuẩn "Chi bộ bốn tốt"',
        "unit": "%",
        "numerator": f"four_good where recognized = true and kind in {CELLS}",
        "numerator_label": "Chi bộ được công nhận chi bộ bốn tốt",
        "denominator": "cells",
        "denominator_label": "Chi bộ hoạt động trong năm",
        "period_kinds": ["year"],
        "description": "Số chi bộ được cấp trên công nhận đạt chuẩn chi bộ bốn tốt của năm "
        "chia cho số chi bộ (chi bộ cơ sở, chi bộ trực thuộc) hoạt động trong năm.",
    },
]

REPORTED = [
    (
        "cells_qd144",
        "Tỷ lệ chi bộ thực hiện Quy định 144-QĐ/TW về chuẩn mực đạo đức",
        "%",
        "Số chi bộ thực hiện",
        "Tổng số chi bộ",
        True,
    ),
    (
        "cell_models",
        "Số mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh bình quân "
        "mỗi chi bộ",
        "mô hình/chi bộ",
        "Số mô hình",
        "Số chi bộ",
        True,
    ),
    (
        "cells_digital",
        "Tỷ lệ chi bộ thực hiện nghiêm Đề án chuyển đổi số",
        "%",
        "Số chi bộ thực hiện nghiêm",
        "Tổng số chi bộ",
        True,
    ),
    (
        "digital_literacy",
        'Tỷ lệ cán bộ, đảng viên, đoàn viên, hội viên được phổ cập "Bình dân học vụ số"',
        "%",
        "Số người được phổ cập",
        "Tổng số cán bộ, đảng viên, đoàn viên, hội viên",
        True,
    ),
    (
        "poor_households",
        "Tỷ lệ hộ nghèo trên địa bàn",
        "%",
        "Số hộ nghèo",
        "Tổng số hộ",
        False,
    ),
]


def create_catalog(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    position = 0
    for row in COMPUTED:
        position += 10
        fields = {
            "kind": "computed",
            "denominator": "",
            "denominator_label": "",
            "higher_is_better": True,
            **row,
            "position": position,
        }
        if fields["unit"] == "%":
            fields["min_value"], fields["max_value"] = Decimal(0), Decimal(100)
        code = fields.pop("code")
        Indicator.objects.update_or_create(code=code, defaults=fields)
    for code, name, unit, num_label, den_label, higher in REPORTED:
        position += 10
        percent = unit == "%"
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "reported",
                "unit": unit,
                "numerator_label": num_label,
                "denominator_label": den_label,
                "period_kinds": ["quarter", "year"],
                "min_value": Decimal(0),
                "max_value": Decimal(100) if percent else None,
                "higher_is_better": higher,
                "position": position,
                "description": (
                    f"Đơn vị báo cáo qua biểu mẫu: {num_label.lower()} và "
                    f"{den_label.lower()}. Giá trị của một đơn vị là tổng tử số các báo cáo "
                    "đã duyệt của đơn vị và cấp dưới chia cho tổng mẫu số"
                    + (" (× 100)." if percent else ".")
                ),
            },
        )


def drop_catalog(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    codes = [row["code"] for row in COMPUTED] + [row[0] for row in REPORTED]
    Indicator.objects.filter(code__in=codes, values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(create_catalog, drop_catalog)]
