"""The facts of a member record (mẫu 2-HSĐV) for invented people, by the kind of cell they
belong to: name by sex and ethnicity, birth place, addresses, CCCD, phone, schooling, LLCT.

Shares are the rough ones of the published statistics (women about a third of members; in Cà
Mau Kinh 97 %, Khmer 2 %, Hoa 1 %; most members have no religion). Every person is invented.
Weighted draws use precomputed cumulative weights: the national size draws 5.6 million people.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import Any

from dangbo.demo.names import (
    CA_MAU_COMMUNES,
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    PROVINCES,
)
from dangbo.demo.roll.cells import Category
from dangbo.members.models import EducationLevel, Sex, TheoryLevel


class Weighted:
    """A fixed weighted choice: `pick(rng)` costs one random number and a bisection (what
    rng.choices does, without its per-call set-up: the national size draws 100 million)."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        # Plain str, not TextChoices members: the rows go to the database driver as they are.
        self.values = [value if isinstance(value, tuple) else str(value) for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.cum, rng.random() * self.total)]


def _w(*pairs: tuple[str, float]) -> Weighted:
    return Weighted(pairs)


# Administrative codes of the provinces (the first three digits of a CCCD, Thông tư 59/2021/
# TT-BCA), one per province of the 2025 map; Cà Mau also has Bạc Liêu's 095 (merged in 2025).
PROVINCE_CODES: dict[str, tuple[str, ...]] = {
    "CM": ("096", "096", "095"), "HN": ("001",), "HUE": ("046",), "LCH": ("012",),
    "DB": ("011",), "SL": ("014",), "LS": ("020",), "QNI": ("022",), "TH": ("038",),
    "NA": ("040",), "HT": ("042",), "CB": ("004",), "TQ": ("008",), "LCA": ("010",),
    "TNG": ("019",), "PT": ("025",), "BN": ("024",), "HY": ("033",), "HP": ("031",),
    "NB": ("037",), "QT": ("044",), "DNG": ("048",), "QNG": ("051",), "GL": ("064",),
    "KH": ("056",), "LD": ("068",), "DL": ("066",), "HCM": ("079",), "DNI": ("075",),
    "TNI": ("072",), "CT": ("092",), "VL": ("086",), "DT": ("087",), "AG": ("089",),
}  # fmt: skip

# Ethnic mix of the members by province (codes of the members.0002 catalog: 01 Kinh, 02 Tày,
# 03 Thái, 04 Hoa, 05 Khơ-me, 06 Mường, 07 Nùng, 08 Mông, 09 Dao, 10 Gia-rai, 12 Ê-đê, 13
# Ba-na, 16 Cơ-ho, 17 Chăm, 18 Sán Dìu, 19 Hrê, 20 Mnông, 21 Ra-glai, 23 Bru-Vân Kiều, 25 Giáy,
# 26 Cơ-tu, 28 Mạ, 29 Khơ-mú, 32 Chơ-ro, 35 Hà Nhì, 36 Chu-ru). Approximate, for demo data.
_MEKONG = (("01", 94.0), ("05", 4.5), ("04", 1.5))
_ETHNIC_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "CM": (("01", 97.0), ("05", 2.0), ("04", 1.0)),
    "CT": _MEKONG, "VL": _MEKONG, "DT": (("01", 99.0), ("04", 1.0)),
    "AG": (("01", 93.0), ("05", 5.0), ("04", 1.5), ("17", 0.5)),
    "HCM": (("01", 96.0), ("04", 3.5), ("05", 0.5)),
    "DNI": (("01", 95.0), ("04", 3.0), ("32", 1.0), ("07", 1.0)),
    "TNI": (("01", 97.0), ("05", 2.0), ("04", 1.0)),
    "LCH": (("03", 32.0), ("08", 25.0), ("01", 25.0), ("09", 10.0), ("35", 8.0)),
    "DB": (("03", 40.0), ("01", 32.0), ("08", 25.0), ("29", 3.0)),
    "SL": (("03", 55.0), ("01", 25.0), ("08", 12.0), ("06", 8.0)),
    "CB": (("02", 45.0), ("07", 30.0), ("01", 10.0), ("09", 8.0), ("08", 7.0)),
    "LS": (("07", 40.0), ("02", 35.0), ("01", 20.0), ("09", 5.0)),
    "TQ": (("01", 50.0), ("02", 28.0), ("09", 10.0), ("08", 7.0), ("25", 5.0)),
    "LCA": (("01", 55.0), ("02", 12.0), ("08", 15.0), ("09", 10.0), ("25", 8.0)),
    "TNG": (("01", 75.0), ("02", 12.0), ("07", 6.0), ("18", 4.0), ("09", 3.0)),
    "PT": (("01", 85.0), ("06", 15.0)), "NB": (("01", 95.0), ("06", 5.0)),
    "TH": (("01", 88.0), ("06", 8.0), ("03", 4.0)),
    "NA": (("01", 88.0), ("03", 9.0), ("29", 3.0)),
    "QT": (("01", 96.0), ("23", 4.0)), "HUE": (("01", 98.0), ("26", 2.0)),
    "DNG": (("01", 99.0), ("26", 1.0)), "QNG": (("01", 95.0), ("19", 5.0)),
    "KH": (("01", 97.0), ("21", 2.0), ("17", 1.0)),
    "GL": (("01", 60.0), ("10", 25.0), ("13", 15.0)),
    "DL": (("01", 70.0), ("12", 20.0), ("20", 5.0), ("07", 5.0)),
    "LD": (("01", 80.0), ("16", 12.0), ("28", 5.0), ("36", 3.0)),
}  # fmt: skip
_DEFAULT_MIX = (("01", 99.0), ("04", 1.0))

# Family names that differ from the Kinh list, by ethnicity code.
_ETHNIC_FAMILY: dict[str, tuple[str, ...]] = {
    "02": ("Hoàng", "Nông", "Lục", "Hà", "Lương", "Đàm", "Triệu"),
    "03": ("Lò", "Lường", "Cầm", "Quàng", "Vi", "Hà"),
    "04": ("Lâm", "Trương", "Quách", "Diệp", "Lý", "Tăng", "Lưu", "Mã", "Hứa", "Thái"),
    "05": ("Danh", "Thạch", "Sơn", "Kim", "Lâm", "Châu", "Trần"),
    "06": ("Bùi", "Đinh", "Quách", "Hà", "Xa"),
    "07": ("Nông", "Hoàng", "Lý", "Vi", "Lương", "Mã"),
    "08": ("Giàng", "Sùng", "Vàng", "Thào", "Lý", "Mùa", "Hầu"),
    "09": ("Triệu", "Bàn", "Đặng", "Lý", "Chảo"),
    "10": ("Ksor", "Rơ Mah", "Siu", "Rah Lan", "Puih"),
    "13": ("Đinh",),
}
# Ê-đê names put the personal name first, after Y (men) or H (women): "Y Ngông Niê".
_EDE_FAMILY = ("Niê", "Êban", "Mlô", "Byă", "Ayun", "Ktla")
_KHMER_MALE = ("Sang", "Sóc", "Phol", "Sà Rinh", "Chanh Đa", "Sơn", "Khêl", "Thươl", "Rết",
               "Mách", "Sa Mết", "Sà Ry")  # fmt: skip
_KHMER_FEMALE = ("Sa Rương", "Sô Phi", "Chanh Thu", "Sóc Phi", "Kim Hoa", "Sa Quênl", "Mỹ",
                 "Ranh", "Sa Vết", "Thu Hà")  # fmt: skip

_RELIGION = _w(("none", 88.0), ("buddhism", 8.0), ("catholic", 1.5), ("caodai", 1.5),
               ("hoahao", 1.0))  # fmt: skip
_RELIGION_BY_ETHNICITY = {
    "05": _w(("buddhism", 85.0), ("none", 15.0)),
    "04": _w(("none", 60.0), ("buddhism", 40.0)),
    "17": _w(("islam", 60.0), ("brahmanism", 30.0), ("none", 10.0)),
}

# Occupation by category; residential members past 60 are mostly retired.
_OCCUPATION = {
    "hamlet": _w(("Nông dân", 35.0), ("Nuôi trồng thủy sản", 15.0), ("Buôn bán nhỏ", 8.0),
                 ("Công nhân", 5.0), ("Cán bộ ấp", 6.0), ("Lao động tự do", 6.0)),
    "quarter": _w(("Kinh doanh, buôn bán", 20.0), ("Công nhân", 12.0), ("Lao động tự do", 10.0),
                  ("Viên chức", 8.0), ("Cán bộ khóm", 6.0), ("Nội trợ", 4.0)),
    "commune_office": _w(("Công chức", 60.0), ("Cán bộ", 30.0),
                         ("Người hoạt động không chuyên trách", 10.0)),
    "police": _w(("Công an", 1.0),),
    "military": _w(("Quân nhân", 1.0),),
    "school": _w(("Giáo viên", 85.0), ("Viên chức", 15.0)),
    "health": _w(("Bác sĩ", 25.0), ("Y sĩ", 25.0), ("Điều dưỡng", 30.0), ("Dược sĩ", 10.0),
                 ("Hộ sinh", 10.0)),
    "agency": _w(("Công chức", 60.0), ("Viên chức", 35.0), ("Nhân viên hợp đồng", 5.0)),
}  # fmt: skip

E = EducationLevel
_EDUCATION = {
    "residential": _w((E.NONE, 40.0), (E.ELEMENTARY, 15.0), (E.INTERMEDIATE, 20.0),
                      (E.COLLEGE, 8.0), (E.BACHELOR, 15.0), (E.MASTER, 2.0)),
    "elder": _w((E.NONE, 70.0), (E.ELEMENTARY, 15.0), (E.INTERMEDIATE, 10.0), (E.BACHELOR, 5.0)),
    "commune_office": _w((E.INTERMEDIATE, 10.0), (E.COLLEGE, 5.0), (E.BACHELOR, 75.0),
                         (E.MASTER, 10.0)),
    "police": _w((E.INTERMEDIATE, 40.0), (E.COLLEGE, 10.0), (E.BACHELOR, 45.0), (E.MASTER, 5.0)),
    "military": _w((E.INTERMEDIATE, 50.0), (E.COLLEGE, 10.0), (E.BACHELOR, 40.0)),
    "school": _w((E.COLLEGE, 15.0), (E.BACHELOR, 75.0), (E.MASTER, 10.0)),
    "health": _w((E.INTERMEDIATE, 35.0), (E.COLLEGE, 25.0), (E.BACHELOR, 30.0), (E.MASTER, 8.0),
                 (E.DOCTOR, 2.0)),
    "agency": _w((E.COLLEGE, 5.0), (E.BACHELOR, 70.0), (E.MASTER, 22.0), (E.DOCTOR, 3.0)),
}  # fmt: skip
_SPECIALTY = {
    "residential": ("Nuôi trồng thủy sản", "Trồng trọt", "Kế toán", "Kỹ thuật điện",
                    "Quản lý đất đai", "Công nghệ thông tin", "Sư phạm Tiểu học", "Luật"),
    "commune_office": ("Luật", "Kinh tế", "Quản lý nhà nước", "Kế toán", "Hành chính học",
                       "Xây dựng Đảng và chính quyền nhà nước", "Quản lý đất đai"),
    "police": ("Nghiệp vụ Cảnh sát", "Nghiệp vụ An ninh", "Luật"),
    "military": ("Chỉ huy tham mưu", "Quân sự cơ sở"),
    "school": ("Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Tiểu học", "Sư phạm Mầm non",
               "Sư phạm Tiếng Anh", "Sư phạm Vật lý", "Sư phạm Lịch sử", "Quản lý giáo dục"),
    "health": ("Y đa khoa", "Điều dưỡng", "Dược", "Y sĩ đa khoa", "Hộ sinh", "Y học cổ truyền"),
    "agency": ("Luật", "Kinh tế", "Quản lý nhà nước", "Kế toán", "Hành chính học",
               "Xây dựng Đảng và chính quyền nhà nước", "Công nghệ thông tin",
               "Tài chính - Ngân hàng", "Báo chí", "Quản trị kinh doanh"),
}  # fmt: skip
_ACADEMIC = {str(E.MASTER.value): "Thạc sĩ", str(E.DOCTOR.value): "Tiến sĩ"}

T = TheoryLevel
_THEORY = {
    "residential": _w((T.NONE, 10.0), (T.ELEMENTARY, 80.0), (T.INTERMEDIATE, 10.0)),
    "commune_office": _w((T.ELEMENTARY, 20.0), (T.INTERMEDIATE, 65.0), (T.ADVANCED, 15.0)),
    "police": _w((T.ELEMENTARY, 30.0), (T.INTERMEDIATE, 60.0), (T.ADVANCED, 10.0)),
    "military": _w((T.ELEMENTARY, 30.0), (T.INTERMEDIATE, 60.0), (T.ADVANCED, 10.0)),
    "school": _w((T.ELEMENTARY, 75.0), (T.INTERMEDIATE, 25.0)),
    "health": _w((T.ELEMENTARY, 75.0), (T.INTERMEDIATE, 25.0)),
    "agency": _w((T.ELEMENTARY, 15.0), (T.INTERMEDIATE, 45.0), (T.ADVANCED, 30.0),
                 (T.BACHELOR, 10.0)),
    "new": _w((T.NONE, 60.0), (T.ELEMENTARY, 40.0)),  # still on probation
    "leader": _w((T.INTERMEDIATE, 60.0), (T.ADVANCED, 35.0), (T.BACHELOR, 5.0)),
}  # fmt: skip
_OLD_SCHOOLING = _w(("12/12", 25.0), ("10/10", 20.0), ("9/12", 20.0), ("7/10", 15.0),
                    ("5/12", 10.0), ("9/10", 10.0))  # fmt: skip
_SCHOOLING = _w(("12/12", 85.0), ("9/12", 15.0))
_LANGUAGE = _w(("", 30.0), ("Tiếng Anh B1", 40.0), ("Tiếng Anh trình độ B", 30.0))
_IT = _w(("", 20.0), ("Chứng chỉ ứng dụng CNTT cơ bản", 50.0),
         ("Tin học văn phòng trình độ B", 30.0))  # fmt: skip
_RESIDENT_IT = _w(("", 70.0), ("Tin học văn phòng trình độ A", 30.0))
_GOVERNMENT = _w(("", 40.0), ("Chuyên viên", 40.0), ("Phó Trưởng phòng", 12.0),
                 ("Trưởng phòng", 8.0))  # fmt: skip
_MASS_ORG = ("Chi hội trưởng Hội Nông dân", "Chi hội trưởng Hội Cựu chiến binh",
             "Bí thư Chi đoàn", "Trưởng ban Công tác Mặt trận")  # fmt: skip
_NICKNAMES = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út")
_STREETS = ("Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Trãi", "Phan Ngọc Hiển", "Hùng Vương",
            "3 Tháng 2", "Ngô Quyền", "Lê Lợi", "Nguyễn Tất Thành", "Quang Trung",
            "Phan Bội Châu", "Trần Phú", "Lê Duẩn", "Nguyễn Du", "Hai Bà Trưng")  # fmt: skip
_MOBILE = ("91", "94", "83", "84", "85", "81", "82", "96", "97", "98", "86", "32", "33", "34",
           "35", "36", "37", "38", "39", "90", "93", "70", "79", "77", "76", "78")  # fmt: skip
_FAMILY = Weighted(FAMILY_NAMES)
FEMALE, MALE = str(Sex.FEMALE.value), str(Sex.MALE.value)
_OTHER_PROVINCES = tuple(f"{word} {name}" for _, word, name in PROVINCES)


def sex_of_name(full_name: str) -> str:
    """The sex a name written by demo.names.person_name was drawn for (seat holders and demo
    logins are names only; their member record needs the sex)."""
    words = full_name.split()
    given, middles = words[-1], words[1:-1]
    if "Thị" in middles:
        return FEMALE
    female, male = given in FEMALE_GIVEN, given in MALE_GIVEN
    if female != male:
        return FEMALE if female else MALE
    if any(m in FEMALE_MIDDLE and m not in MALE_MIDDLE for m in middles):
        return FEMALE
    return MALE


class NationalIds:
    """Counters behind unique CCCD numbers, shared by every province of one seed (people are
    born in other provinces than where they live)."""

    def __init__(self) -> None:
        self._counters: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        """The n-th person with these first six digits gets n passed through a bijection of
        0..999,999: unique without remembering the numbers given."""
        n = self._counters.get(prefix, 0)
        if n >= 1_000_000:
            raise OverflowError(f"more than a million CCCD with prefix {prefix}")
        self._counters[prefix] = n + 1
        # 387,799 is prime to 10^6, so n ↦ (a·n + b) mod 10^6 is a permutation.
        offset = int(prefix) * 7_919 % 1_000_000
        return f"{prefix}{(387_799 * n + offset) % 1_000_000:06d}"


@dataclass
class Province:
    """What people of one province share: its name, codes and ethnic mix."""

    code: str
    name: str  # "tỉnh Cà Mau"
    communes: list[str]  # "xã Đầm Dơi", … for addresses and birth places
    ethnicity_ids: dict[str, int]  # catalog code → id
    religion_ids: dict[str, int]
    ids: NationalIds = field(default_factory=NationalIds)

    def __post_init__(self) -> None:
        self.ethnic_mix = Weighted(_ETHNIC_MIX.get(self.code, _DEFAULT_MIX))
        self.id_codes = PROVINCE_CODES.get(self.code, ("001",))
        self.card_prefix = self.id_codes[0][1:]
        # Numbers of cards and dossiers start past the ones of members outside the demo.
        self.cards = 10_000
        self.dossiers = 20_000
        if not self.communes:
            self.communes = [f"xã {name}" for word, name in CA_MAU_COMMUNES if word == "xã"]

    def national_id(self, rng: random.Random, female: bool, birth: date) -> str:
        """A 12-digit CCCD: province of birth (3), sex and century (1), year (2), then six
        digits, unique across the seed (NationalIds)."""
        code = rng.choice(self.id_codes) if rng.random() < 0.9 else rng.choice(_ID_ELSEWHERE)
        century = 0 if birth.year < 2000 else 2
        return self.ids.next(f"{code}{century + female}{birth.year % 100:02d}")

    def next_card(self) -> str:
        """Số thẻ đảng viên: the province's two digits and a running number."""
        self.cards += 1
        if self.cards >= 1_000_000:
            raise OverflowError("more than a million party cards in one province")
        return f"{self.card_prefix}{self.cards:06d}"

    def next_dossier(self) -> str:
        self.dossiers += 1
        return f"LL{self.card_prefix}{self.dossiers:07d}"


_ID_ELSEWHERE = tuple(codes[0] for codes in PROVINCE_CODES.values())


def person_name(rng: random.Random, female: bool, ethnicity: str) -> str:
    if ethnicity == "12":  # Ê-đê
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        return f"{'H' if female else 'Y'} {given} {rng.choice(_EDE_FAMILY)}"
    families = _ETHNIC_FAMILY.get(ethnicity)
    family = rng.choice(families) if families else _FAMILY.pick(rng)
    if ethnicity == "05":  # Khmer: "Danh Sóc", "Thạch Thị Sa Rương"
        return (
            f"{family} Thị {rng.choice(_KHMER_FEMALE)}"
            if female
            else f"{family} {rng.choice(_KHMER_MALE)}"
        )
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    if middle in (given, family):
        middle = "Thị" if female else "Văn"
    if female and middle == "Thị" and rng.random() < 0.35:
        second = rng.choice(FEMALE_MIDDLE[4:])
        if second != given:
            return f"{family} Thị {second} {given}"
    return f"{family} {middle} {given}"


def record_facts(
    rng: random.Random,
    province: Province,
    category: Category,
    place: str,
    birth: date,
    female: bool,
    full_name: str = "",
    probationary: bool = False,
    leader: bool = False,
) -> dict[str, object]:
    """The typed-in fields of one record (Member attnames), for a person born on `birth`."""
    ethnicity = province.ethnic_mix.pick(rng)
    if not full_name:
        full_name = person_name(rng, female, ethnicity)
    else:
        ethnicity = "01"  # seat holders and logins have Kinh names
    elder = birth.year < 1960
    group = "residential" if category.residential else category.key
    religion = _RELIGION_BY_ETHNICITY.get(ethnicity, _RELIGION).pick(rng)
    if category.residential and birth.year < 1966 and rng.random() < 0.7:
        occupation = "Hưu trí"
    else:
        occupation = _OCCUPATION[category.key].pick(rng)
    education = _EDUCATION["elder" if elder and category.residential else group].pick(rng)
    if occupation == "Bác sĩ" and education not in (E.BACHELOR, E.MASTER, E.DOCTOR):
        education = str(E.BACHELOR.value)
    specialty = "" if education == E.NONE else rng.choice(_SPECIALTY[group])
    if probationary:
        theory = _THEORY["new"].pick(rng)
    elif leader:
        theory = _THEORY["leader"].pick(rng)
    else:
        theory = _THEORY[group].pick(rng)
    born_in = _birth_place(rng, province)
    province_name = province.name
    if category.residential:
        home = f"{place}, {province_name}"
    else:
        home = (
            f"Số {rng.randint(1, 250)}, đường {rng.choice(_STREETS)}, "
            f"{rng.choice(province.communes)}, {province_name}"
        )
    working = not category.residential
    return {
        "full_name": full_name,
        "other_name": (
            f"{rng.choice(_NICKNAMES)} {full_name.split()[-1]}" if rng.random() < 0.03 else ""
        ),
        "sex": FEMALE if female else MALE,
        "birth_date": birth,
        "birth_place": born_in,
        "hometown": born_in if rng.random() < 0.7 else _birth_place(rng, province),
        "ethnicity_id": province.ethnicity_ids.get(ethnicity),
        "religion_id": province.religion_ids.get(religion),
        "national_id": province.national_id(rng, female, birth) if rng.random() < 0.96 else None,
        "phone": (
            f"0{rng.choice(_MOBILE)}{rng.randrange(10_000_000):07d}" if rng.random() < 0.85 else ""
        ),
        "permanent_address": home,
        "current_address": home,
        "occupation": occupation,
        "general_education": (_OLD_SCHOOLING if elder else _SCHOOLING).pick(rng),
        "education_level": education,
        "specialty": specialty,
        "academic_title": _ACADEMIC.get(education, ""),
        "theory_level": theory,
        "foreign_language": _LANGUAGE.pick(rng) if working else "",
        "it_skill": (_IT if working else _RESIDENT_IT).pick(rng),
        "government_position": (
            _GOVERNMENT.pick(rng) if category.key in ("agency", "commune_office") else ""
        ),
        "mass_org_position": (
            rng.choice(_MASS_ORG) if category.residential and rng.random() < 0.08 else ""
        ),
    }


def _birth_place(rng: random.Random, province: Province) -> str:
    if rng.random() < 0.9:
        return f"{rng.choice(province.communes)}, {province.name}"
    return rng.choice(_OTHER_PROVINCES)
