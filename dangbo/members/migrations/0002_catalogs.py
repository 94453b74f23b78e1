"""The 54 ethnic groups of Vietnam (General Statistics Office codes, QĐ 121-TCTK/PPCĐ) and the
religions recognised in Vietnam, with spellings commonly found on paper rolls."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# (code, official name, other spellings, comma-separated)
ETHNICITIES: list[tuple[str, str, str]] = [
    ("01", "Kinh", "Việt"),
    ("02", "Tày", "Thổ (Tày)"),
    ("03", "Thái", "Tày Thanh, Tày Mười"),
    ("04", "Hoa", "Hán, Người Hoa"),
    ("05", "Khơ-me", "Khmer, Khơ me, Khơme, Khơ Me, Khmer Krom"),
    ("06", "Mường", "Mọi Bi, Ao Tá"),
    ("07", "Nùng", "Xuồng, Giang, Nùng An"),
    ("08", "Mông", "Hmông, H'Mông, HMông, Mèo"),
    ("09", "Dao", "Mán, Động, Trại"),
    ("10", "Gia-rai", "Jrai, Gia Rai, Giơ Rai"),
    ("11", "Ngái", "Xín, Lê, Đản"),
    ("12", "Ê-đê", "Ê Đê, Ede, Rađê, Rhade"),
    ("13", "Ba-na", "Ba Na, Bahnar, Gơ Lar"),
    ("14", "Xơ-đăng", "Xơ Đăng, Sedang, Xơ Teng"),
    ("15", "Sán Chay", "Cao Lan, Sán Chỉ"),
    ("16", "Cơ-ho", "Cơ Ho, K'Ho, Xrê, Chil"),
    ("17", "Chăm", "Chàm, Chiêm Thành, Hroi"),
    ("18", "Sán Dìu", "Sán Déo, Trại Đất"),
    ("19", "Hrê", "H'rê, Chăm Rê"),
    ("20", "Mnông", "M'Nông, Mơ Nông"),
    ("21", "Ra-glai", "Raglai, Ra Glai, Rắc Lây"),
    ("22", "Xtiêng", "Stiêng, X'Tiêng"),
    ("23", "Bru-Vân Kiều", "Vân Kiều, Bru, Măng Coong"),
    ("24", "Thổ", "Kẹo, Mọn, Cuối"),
    ("25", "Giáy", "Nhắng, Dẩng"),
    ("26", "Cơ-tu", "Cơ Tu, Katu, Ca Tu"),
    ("27", "Gié-Triêng", "Gié Triêng, Giẻ, Triêng, Ve"),
    ("28", "Mạ", "Châu Mạ"),
    ("29", "Khơ-mú", "Khơ Mú, Khmu, Xá Cẩu"),
    ("30", "Co", "Cor, Cùa"),
    ("31", "Tà-ôi", "Tà Ôi, Pa Cô, Pa Hy"),
    ("32", "Chơ-ro", "Chơ Ro, Châu Ro"),
    ("33", "Kháng", "Xá Khao"),
    ("34", "Xinh-mun", "Xinh Mun, Puộc"),
    ("35", "Hà Nhì", "U Ni, Xá U Ni"),
    ("36", "Chu-ru", "Chu Ru, Churu"),
    ("37", "Lào", "Lào Bốc, Lào Nọi"),
    ("38", "La Chí", "Cù Tê, La Quả"),
    ("39", "La Ha", "Xá Khao, Khlá Phlạo"),
    ("40", "Phù Lá", "Xá Phó, Bồ Khô Pạ"),
    ("41", "La Hủ", "Lao, Pu Đang, Khù Xung"),
    ("42", "Lự", "Lữ, Nhuồn, Duồn"),
    ("43", "Lô Lô", "Mun Di"),
    ("44", "Chứt", "Sách, Mày, Rục, Arem"),
    ("45", "Mảng", "Mảng Ư, Xá Lá Vàng"),
    ("46", "Pà Thẻn", "Pà Hưng, Tống"),
    ("47", "Cơ Lao", "Cờ Lao"),
    ("48", "Cống", "Xắm Khống, Mấng Nhé"),
    ("49", "Bố Y", "Chủng Chá, Trọng Gia"),
    ("50", "Si La", "Cú Dề Xừ, Khả Pẻ"),
    ("51", "Pu Péo", "Ka Pèo, Pen Ti Lô Lô"),
    ("52", "Brâu", "Brao"),
    ("53", "Ơ-đu", "Ơ Đu, Tày Hạt"),
    ("54", "Rơ-măm", "Rơ Măm"),
]

RELIGIONS: list[tuple[str, str, str]] = [
    ("none", "Không", "Không theo tôn giáo, Không có"),
    ("buddhism", "Phật giáo", "Đạo Phật"),
    ("catholic", "Công giáo", "Thiên Chúa giáo, Đạo Thiên Chúa, Ki-tô giáo"),
    ("protestant", "Tin lành", "Đạo Tin lành, Tin Lành"),
    ("caodai", "Cao Đài", "Đạo Cao Đài"),
    ("hoahao", "Phật giáo Hòa Hảo", "Hòa Hảo, Phật giáo Hoà Hảo"),
    ("islam", "Hồi giáo", "Đạo Hồi, Islam"),
    ("bahai", "Tôn giáo Baha'i", "Baha'i"),
    ("tinh_do_cu_si", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Tịnh độ Cư sĩ"),
    ("buu_son_ky_huong", "Bửu Sơn Kỳ Hương", ""),
    ("tu_an_hieu_nghia", "Tứ Ân Hiếu Nghĩa", ""),
    ("minh_su_dao", "Phật đường Nam tông Minh Sư đạo", "Minh Sư đạo"),
    ("minh_ly_dao", "Minh Lý đạo - Tam Tông Miếu", "Minh Lý đạo"),
    ("brahmanism", "Bà-la-môn", "Bà La Môn, Chăm Bà-la-môn"),
    ("other", "Khác", ""),
]


def load(apps: Any, schema_editor: Any) -> None:
    for model_name, rows in (("Ethnicity", ETHNICITIES), ("Religion", RELIGIONS)):
        model = apps.get_model("members", model_name)
        model.objects.bulk_create(
            model(code=code, name=name, variants=variants, position=i)
            for i, (code, name, variants) in enumerate(rows, start=1)
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("members", "Ethnicity").objects.filter(
        code__in=[r[0] for r in ETHNICITIES]
    ).delete()
    apps.get_model("members", "Religion").objects.filter(
        code__in=[r[0] for r in RELIGIONS]
    ).delete()


class Migration(migrations.Migration):
    # The services that use these rows also read the rule rows loaded by core.0002.
    dependencies = [("members", "0001_initial"), ("core", "0002_reference_data")]

    operations = [migrations.RunPython(load, unload)]
