"""The cap on HTXSNV ratings (regulations.md §1.3): "không vượt quá 20%" of the members rated
HTTNV, read two ways, both selectable per round, and always floored ("không vượt quá")."""

from __future__ import annotations

from fractions import Fraction
from math import floor

from dangbo.evaluations.models import QuotaReading


def excellent_cap(good_or_better: int, reading: str, share: Fraction = Fraction(1, 5)) -> int:
    """The most members that may be HTXSNV when `good_or_better` are rated HTTNV or HTXSNV.

    (A) X ≤ share × (P − X), the share of those finally rated HTTNV: X ≤ P·s/(1+s), ⌊P/6⌋ at 20%.
    (B) X ≤ share × P, the share of those rated HTTNV or better: ⌊P/5⌋ at 20%."""
    if reading == QuotaReading.GOOD_ONLY:
        return floor(good_or_better * share / (1 + share))
    return floor(good_or_better * share)


def reading_text(reading: str, share: Fraction = Fraction(1, 5)) -> str:
    percent = f"{float(share) * 100:g}%"
    if reading == QuotaReading.GOOD_ONLY:
        return f"không quá {percent} số đảng viên xếp loại HTTNV (cách tính A)"
    return f"không quá {percent} số đảng viên xếp loại HTTNV trở lên (cách tính B)"
