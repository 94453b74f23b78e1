"""The columns of the member roll as spreadsheets have them: mẫu 2-HSĐV facts, the unit, the
admission dates, with the header spellings found on real rolls and the spellings of the
fixed scales (LLCT, trình độ chuyên môn)."""

from __future__ import annotations

from dangbo.core.xlsx import CellKind
from dangbo.imports.spec import Field
from dangbo.members.models import EducationLevel, TheoryLevel

D, C = CellKind.DATE, CellKind.CODE
FIELDS = (
    Field("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Họ và tên khai sinh", "Tên đảng viên",
          "Họ và tên đảng viên", "Họ tên đảng viên"), required=True, width=28),
    Field("other_name", "Tên gọi khác", ("Bí danh",)),
    Field("birth_date", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh",
          "Sinh ngày", "Năm sinh", "Ngày/tháng/năm sinh"), required=True, kind=D, width=12),
    Field("sex", "Giới tính", ("Phái", "Nam/Nữ", "Nam, nữ"), width=9),
    Field("sex_male", "Nam", (), import_only=True),
    Field("sex_female", "Nữ", (), import_only=True),
    Field("ethnicity", "Dân tộc", (), width=12),
    Field("religion", "Tôn giáo", (), width=12),
    Field("birth_place", "Nơi sinh", (), width=24),
    Field("hometown", "Quê quán", ("Nguyên quán",), width=24),
    Field("national_id", "Số CCCD", ("CCCD", "Số định danh cá nhân", "Số CMND/CCCD",
          "Số căn cước", "Số căn cước công dân", "Số ĐDCN", "Số CMND"), kind=C, width=15),
    Field("phone", "Điện thoại", ("Số điện thoại", "SĐT", "ĐT", "Điện thoại di động"),
          kind=C, width=13),
    Field("permanent_address", "Nơi thường trú", ("Hộ khẩu thường trú", "Địa chỉ thường trú"),
          width=28),
    Field("current_address", "Nơi ở hiện nay", ("Chỗ ở hiện nay", "Nơi ở", "Địa chỉ"), width=28),
    Field("occupation", "Nghề nghiệp", ("Nghề nghiệp hiện nay",), width=18),
    Field("general_education", "Giáo dục phổ thông", ("Trình độ văn hóa", "Văn hóa", "GDPT",
          "Trình độ giáo dục phổ thông"), width=10),
    Field("education_level", "Trình độ chuyên môn", ("Trình độ CM", "Chuyên môn",
          "Trình độ chuyên môn nghiệp vụ"), width=14),
    Field("specialty", "Chuyên ngành", ("Chuyên môn nghiệp vụ", "Ngành đào tạo",
          "Chuyên ngành đào tạo"), width=20),
    Field("academic_title", "Học hàm, học vị", ("Học vị", "Học hàm"), width=12),
    Field("theory_level", "Lý luận chính trị", ("LLCT", "Trình độ LLCT", "Lý luận",
          "Trình độ lý luận chính trị"), width=12),
    Field("foreign_language", "Ngoại ngữ", ("Trình độ ngoại ngữ",), width=12),
    Field("it_skill", "Tin học", ("Trình độ tin học",), width=12),
    Field("unit", "Chi bộ", ("Tên chi bộ", "Chi bộ sinh hoạt", "Chi bộ đang sinh hoạt", "Đơn vị",
          "Chi bộ trực thuộc", "Tổ chức đảng"), width=30),
    Field("unit_code", "Mã chi bộ", ("Mã đơn vị", "Mã tổ chức"), kind=C, width=12),
    Field("decision_date", "Ngày quyết định kết nạp", ("Ngày QĐ kết nạp",
          "Ngày ký quyết định kết nạp"), kind=D, width=13),
    Field("admitted_on", "Ngày vào Đảng", ("Vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng",
          "Ngày vào đảng"), required=True, kind=D, width=13),
    Field("official_on", "Ngày chính thức", ("Chính thức", "Ngày công nhận chính thức",
          "Ngày chuyển chính thức"), kind=D, width=13),
    Field("admitted_at", "Nơi vào Đảng", ("Nơi kết nạp",), width=24),
    Field("card_number", "Số thẻ đảng viên", ("Số thẻ ĐV", "Số thẻ", "Số thẻ Đảng",
          "Số thẻ đảng"), kind=C, width=14),
    Field("dossier_number", "Số lý lịch", ("Số LL", "Số lý lịch đảng viên"), kind=C, width=14),
    Field("party_position", "Chức vụ Đảng", ("Chức vụ đảng", "Chức vụ"), width=20),
    Field("government_position", "Chức vụ chính quyền", (), width=20),
    Field("mass_org_position", "Chức vụ đoàn thể", (), width=20),
    Field("sponsor_1_name", "Người giới thiệu thứ nhất", ("Người giới thiệu 1",), width=22),
    Field("sponsor_2_name", "Người giới thiệu thứ hai", ("Người giới thiệu 2",), width=22),
    Field("status", "Trạng thái", (), export_only=True, width=14),
)  # fmt: skip

# Plain text facts, copied as typed.
TEXT_FACTS = (
    "other_name", "birth_place", "hometown", "permanent_address", "current_address",
    "occupation", "general_education", "specialty", "academic_title", "foreign_language",
    "it_skill", "admitted_at", "dossier_number", "party_position", "government_position",
    "mass_org_position", "sponsor_1_name", "sponsor_2_name",
)  # fmt: skip
THEORY_SPELLINGS: dict[str, tuple[str, ...]] = {
    TheoryLevel.NONE: ("Chưa qua đào tạo", "Không", "Chưa", "Chưa học"),
    TheoryLevel.ELEMENTARY: ("Sơ cấp", "SC"),
    TheoryLevel.INTERMEDIATE: ("Trung cấp", "TC"),
    TheoryLevel.ADVANCED: ("Cao cấp", "CC"),
    TheoryLevel.BACHELOR: ("Cử nhân", "CN", "Cử nhân chính trị"),
}
EDUCATION_SPELLINGS: dict[str, tuple[str, ...]] = {
    EducationLevel.NONE: ("Chưa qua đào tạo", "Không"),
    EducationLevel.ELEMENTARY: ("Sơ cấp",),
    EducationLevel.INTERMEDIATE: ("Trung cấp",),
    EducationLevel.COLLEGE: ("Cao đẳng", "CĐ"),
    EducationLevel.BACHELOR: ("Đại học", "ĐH", "Cử nhân", "Kỹ sư", "Bác sĩ"),
    EducationLevel.MASTER: ("Thạc sĩ", "ThS", "Thạc sỹ"),
    EducationLevel.DOCTOR: ("Tiến sĩ", "TS", "Tiến sỹ"),
}
CARD_DIGITS = 8
PHONE_DIGITS = 10
NATIONAL_ID_DIGITS = 12
# Compared with the record to classify a known row (attnames).
COMPARED = (
    "full_name", "birth_date", "birth_year_only", "sex", "ethnicity_id", "religion_id",
    "national_id", "phone", "theory_level", "education_level", "card_number", *TEXT_FACTS,
)  # fmt: skip
EVENT_DATES = ("decision_date", "admitted_on", "official_on")
