"""Age and party-age bands, as the party statistics forms group members: one definition for
the roll's filters, its API and the statistics tables. Each band is (key, label, lowest,
highest) in whole years; None: no upper bound."""

from __future__ import annotations

from django.db import models

Band = tuple[str, str, int, int | None]

AGE_BANDS: list[Band] = [
    ("0-30", "Đến 30 tuổi", 0, 30),
    ("31-40", "Từ 31 đến 40 tuổi", 31, 40),
    ("41-50", "Từ 41 đến 50 tuổi", 41, 50),
    ("51-60", "Từ 51 đến 60 tuổi", 51, 60),
    ("61+", "Trên 60 tuổi", 61, None),
]


class PartyAgeBand(models.TextChoices):
    """Tuổi đảng (members.regulations.party_age_from) in whole years, by decade."""

    UNDER_10 = "lt10", "Dưới 10 năm"
    FROM_10 = "10-19", "Từ 10 đến dưới 20 năm"
    FROM_20 = "20-29", "Từ 20 đến dưới 30 năm"
    FROM_30 = "30-39", "Từ 30 đến dưới 40 năm"
    FROM_40 = "40-49", "Từ 40 đến dưới 50 năm"
    FROM_50 = "50+", "Từ 50 năm trở lên"


_PARTY_AGE_LIMITS: dict[PartyAgeBand, tuple[int, int | None]] = {
    PartyAgeBand.UNDER_10: (0, 9),
    PartyAgeBand.FROM_10: (10, 19),
    PartyAgeBand.FROM_20: (20, 29),
    PartyAgeBand.FROM_30: (30, 39),
    PartyAgeBand.FROM_40: (40, 49),
    PartyAgeBand.FROM_50: (50, None),
}
PARTY_AGE_BANDS: list[Band] = [
    (band.value, str(band.label), low, high) for band, (low, high) in _PARTY_AGE_LIMITS.items()
]
