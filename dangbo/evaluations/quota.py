"""The cap on HTXSNV ratings (regulations.md §1.3): "không vượt quá 20%" of the members rated
HTTNV, read two ways, both selectable per round, and always floored ("không vượt quá")."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from math import floor

from dangbo.core.errors import field_error
from dangbo.evaluations.models import QuotaReading, Rating


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


def check_excellent_quota(
    unit_name: str,
    noun: str,
    lines: Iterable[tuple[str, str]],
    reading: str,
    share: Fraction,
    reading_label: str,
) -> None:
    """HTXSNV over the cap among `lines` (the final rating and the override reason of each
    rated line, members of a cell or organizations decided together) is refused unless every
    HTXSNV line gives a reason for going over. `noun` names what is counted ("đảng viên")."""
    finals = list(lines)
    good_or_better = sum(1 for rating, _ in finals if rating in (Rating.EXCELLENT, Rating.GOOD))
    excellent = [reason for rating, reason in finals if rating == Rating.EXCELLENT]
    cap = excellent_cap(good_or_better, reading, share)
    if len(excellent) > cap and any(not reason.strip() for reason in excellent):
        raise field_error(
            "rows",
            f"{unit_name}: {len(excellent)} {noun} HTXSNV, vượt tỷ lệ tối đa {cap} "
            f"({reading_label}, trên {good_or_better} {noun} HTTNV trở lên). Hạ mức hoặc ghi lý "
            "do vượt tỷ lệ cho từng trường hợp.",
        )
