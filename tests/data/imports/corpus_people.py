"""A deterministic cast of party members for the import corpus: southern commune An Bình, mostly
Kinh with Khơ-me and Hoa families, born 1950–2000, admitted between 18 and 45 years of age."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

TODAY = date(2026, 11, 30)
# Probation is 12 months: anyone admitted after this day is still probationary today.
LAST_OFFICIAL_ADMISSION = date(2025, 11, 20)

SEX_LABEL = {"male": "Nam", "female": "Nữ"}
THEORY_LABEL = {
    "none": "",
    "elementary": "Sơ cấp",
    "intermediate": "Trung cấp",
    "advanced": "Cao cấp",
    "bachelor": "Cử nhân",
}

_FAMILY = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan",
    "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Trương", "Đinh", "Tạ", "Châu", "Mai",
    "Cao", "Lương", "Đoàn", "Thái",
)  # fmt: skip
_HOA_FAMILY = ("Lý", "Quách", "Tăng", "Diệp", "Lưu", "Mã", "Hứa", "Trịnh")
_KHMER_FAMILY = ("Thạch", "Sơn", "Danh", "Kim", "Lâm", "Thạch")
_MIDDLE = {
    "male": ("Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Hoàng", "Tấn"),
    "female": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng"),
}
_GIVEN = {
    "male": (
        "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Minh", "Nam", "Phúc",
        "Quang", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Vinh", "Hiếu", "Lộc", "Tài",
        "Phước", "Thành", "Nghĩa", "Toàn", "Hậu", "Định", "Lực", "Kiệt", "Thông",
    ),
    "female": (
        "Anh", "Bích", "Cúc", "Dung", "Hà", "Hạnh", "Hoa", "Hồng", "Hương", "Lan", "Liên",
        "Mai", "Nga", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Xuân",
        "Yến", "Loan", "Diễm", "Ngân", "Huyền", "Trinh", "Thủy", "Lệ", "Kiều",
    ),
}  # fmt: skip
_KHMER_GIVEN = {
    "male": ("Sóc", "Thol", "Sô Phal", "Rươl", "Hên", "Khên", "Chanh Đa", "Sa Rết", "Kha"),
    "female": ("Sa Ry", "Phol", "Sô Phia", "Sa Ranh", "Mẹt", "Chanh Thu", "Sa Vươl", "Nêl"),
}
_HOMETOWN = (
    "Xã An Bình, huyện Long Hồ, tỉnh Vĩnh Long",
    "Xã An Bình, tỉnh Vĩnh Long",
    "Xã Tân Hạnh, huyện Long Hồ, tỉnh Vĩnh Long",
    "Phường 5, thành phố Trà Vinh, tỉnh Trà Vinh",
    "Xã Lương Hòa, huyện Châu Thành, tỉnh Trà Vinh",
    "Xã Tân Thạch, huyện Châu Thành, tỉnh Bến Tre",
    "Phường An Hòa, quận Ninh Kiều, thành phố Cần Thơ",
    "Xã Mỹ Hòa, huyện Bình Minh, tỉnh Vĩnh Long",
    "Xã Đại Ân 2, huyện Trần Đề, tỉnh Sóc Trăng",
)
_OCCUPATION = (
    "Nông dân", "Nông dân", "Giáo viên", "Công chức", "Buôn bán", "Hưu trí", "Công nhân",
    "Cán bộ ấp", "Bác sĩ", "Kỹ sư nông nghiệp", "Y sĩ", "Viên chức", "Bộ đội xuất ngũ",
)  # fmt: skip
# CCCD begins with the code of the province of birth registration (QĐ 384/2016/TT-BCA list).
_PROVINCE_CODES = ("086", "086", "086", "084", "083", "092", "094", "079")
_PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "032", "035", "039", "070")


def fmt(day: date | None) -> str | None:
    return None if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str
    birth_date: date
    birth_partial: bool
    ethnicity: str
    religion: str
    hometown: str
    national_id: str
    card_number: str | None
    admitted_on: date
    official_on: date | None
    theory_level: str
    occupation: str
    phone: str
    party_position: str

    @property
    def sex_label(self) -> str:
        return SEX_LABEL[self.sex]

    @property
    def theory_label(self) -> str:
        return THEORY_LABEL[self.theory_level]


# Fields a file may leave out; without the column the record keeps NULL (or, for the theory
# level, the default "none").
OPTIONAL = ("religion", "national_id", "card_number")
EXTRAS = ("hometown", "occupation", "phone", "party_position")


def expected(person: Person, org: str, columns: set[str]) -> dict[str, Any]:
    """The member as the import must leave it, in canonical form."""
    member: dict[str, Any] = {
        "full_name": person.full_name,
        "birth_date": fmt(person.birth_date),
        "birth_date_partial": person.birth_partial,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "national_id": person.national_id,
        "card_number": person.card_number,
        "organization": org,
        "admitted_on": fmt(person.admitted_on),
        "official_on": fmt(person.official_on),
        "theory_level": person.theory_level,
    }
    for field in OPTIONAL:
        if field not in columns:
            member[field] = None
    if "theory_level" not in columns:
        member["theory_level"] = "none"
    for field in EXTRAS:
        if field in columns:
            member[field] = getattr(person, field)
    return member


class Cast:
    """Draws people from one seeded generator; names, CCCD, card numbers and phones are unique
    across the whole corpus, so files can be imported into one database in any order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._used: set[str] = set()

    def _unique(self, draw: Any) -> str:
        for _ in range(1000):
            value = str(draw())
            if value not in self._used:
                self._used.add(value)
                return value
        raise RuntimeError("the cast ran out of unique values")

    def _day_between(self, low: date, high: date, mode: date | None = None) -> date:
        span = (high - low).days
        offset = (
            self.rng.randint(0, span)
            if mode is None
            else int(self.rng.triangular(0, span, (mode - low).days))
        )
        day = low + timedelta(days=offset)
        # Days 29-31 make "12 months later" ambiguous; the corpus is about files, not calendars.
        return day.replace(day=min(day.day, 28))

    def _name(self, sex: str, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "Khơ-me":
            middle = "Thị " if sex == "female" else rng.choice(("", "Văn "))
            return f"{rng.choice(_KHMER_FAMILY)} {middle}{rng.choice(_KHMER_GIVEN[sex])}"
        family = rng.choice(_HOA_FAMILY if ethnicity == "Hoa" else _FAMILY)
        middle = rng.choice(_MIDDLE[sex])
        given = rng.choice([g for g in _GIVEN[sex] if g != middle])
        return f"{family} {middle} {given}"

    def _religion(self, ethnicity: str) -> str:
        if ethnicity == "Khơ-me":
            return "Phật giáo"
        weights = {
            "Không": 70,
            "Phật giáo": 14,
            "Công giáo": 8,
            "Cao Đài": 4,
            "Phật giáo Hòa Hảo": 4,
        }
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _national_id(self, sex: str, birth: date) -> str:
        century = (birth.year // 100 - 19) * 2 + (sex == "female")
        prefix = f"{self.rng.choice(_PROVINCE_CODES)}{century}{birth.year % 100:02d}"
        return self._unique(lambda: f"{prefix}{self.rng.randint(0, 999_999):06d}")

    def _card_number(self, prefix: str | None) -> str:
        """8 digits; more than half begin with 0, which Excel drops from a number cell."""
        if prefix is None:
            prefix = "0" if self.rng.random() < 0.55 else str(self.rng.randint(1, 9))
        rest = 8 - len(prefix)
        return self._unique(lambda: f"{prefix}{self.rng.randint(0, 10**rest - 1):0{rest}d}")

    def person(
        self,
        *,
        probationary: bool = False,
        sex: str | None = None,
        ethnicity: str | None = None,
        partial_birth: bool = False,
        card_prefix: str | None = None,
        name_ok: Any = None,
    ) -> Person:
        rng = self.rng
        sex = sex or rng.choice(("male", "female"))
        ethnicity = ethnicity or rng.choices(("Kinh", "Khơ-me", "Hoa"), weights=(82, 12, 6))[0]
        full_name = ""
        for _ in range(1000):
            candidate = self._name(sex, ethnicity)
            if candidate not in self._used and (name_ok is None or name_ok(candidate)):
                full_name = candidate
                break
        if not full_name:
            raise RuntimeError("no name left")
        self._used.add(full_name)
        if probationary:
            birth = self._day_between(date(1982, 1, 1), date(2000, 12, 28))
            admitted = self._day_between(date(2026, 1, 5), date(2026, 10, 25))
        else:
            birth = self._day_between(date(1950, 1, 1), date(2000, 12, 28))
            low = max(add_years(birth, 18) + timedelta(days=45), date(1968, 1, 1))
            high = min(add_years(birth, 45), LAST_OFFICIAL_ADMISSION)
            admitted = self._day_between(low, high, min(add_years(birth, 26), high))
        if partial_birth:
            birth = date(birth.year, 1, 1)
        official = None if probationary else add_years(admitted, 1)
        theory = rng.choices(
            list(THEORY_LABEL),
            weights=(70, 30, 0, 0, 0) if probationary else (12, 55, 25, 6, 2),
        )[0]
        return Person(
            full_name=full_name,
            sex=sex,
            birth_date=birth,
            birth_partial=partial_birth,
            ethnicity=ethnicity,
            religion=self._religion(ethnicity),
            hometown=rng.choice(_HOMETOWN),
            national_id=self._national_id(sex, birth),
            # The card is issued once the member is official.
            card_number=None if probationary else self._card_number(card_prefix),
            admitted_on=admitted,
            official_on=official,
            theory_level=theory,
            occupation=rng.choice(_OCCUPATION),
            phone=self._unique(
                lambda: f"{rng.choice(_PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
            ),
            party_position="",
        )

    def people(self, count: int, probationary: int = 0, **kwargs: Any) -> list[Person]:
        """`count` people, the last `probationary` of them admitted within the last year."""
        return [self.person(probationary=i >= count - probationary, **kwargs) for i in range(count)]
