"""The cell's votes on admission and on recognition as official.

Both need "ít nhất hai phần ba số đảng viên chính thức tán thành" (Điều lệ Đảng Art. 4
khoản 3 for admission, Art. 5 khoản 3 for recognition; §3.1 of reference/regulations.md),
counted on ALL the cell's official members, not on those present. The share is a rule row
(`admissions.resolution_vote_share`, `admissions.official_vote_share`: {"numerator",
"denominator"}, migration admissions.0002) so a new Điều lệ changes data, not code.
"""

from __future__ import annotations

from datetime import date

from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.rules import rule_row
from dangbo.members.models import MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization

MAX_VOTES = 100_000


def official_count(cell: Organization, on: date) -> int:
    """Official members on the cell's roll at the end of `on` (exempt members excluded)."""
    rows = members_as_of(Organization.objects.filter(pk=cell.pk), on)
    return rows.filter(**{"status_on": MemberStatus.OFFICIAL}).count()  # annotation


def check_votes(
    cell: Organization,
    key: str,
    on: date,
    votes_for: int,
    votes_against: int,
    official_members: int | None,
) -> int:
    """The number of official members the share is counted on, or a refusal. The roll gives
    that number; a cell whose roll is not entered yet gives it by hand."""
    for field, value in (("votes_for", votes_for), ("votes_against", votes_against)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_VOTES:
            raise field_error(field, "Nhập số phiếu (số nguyên không âm).")
    on_roll = official_count(cell, on)
    if on_roll:
        if official_members is not None and official_members != on_roll:
            raise field_error(
                "official_members",
                f"Chi bộ có {on_roll} đảng viên chính thức vào ngày {format_date(on)}.",
            )
        total = on_roll
    else:
        if official_members is None or not 0 < official_members <= MAX_VOTES:
            raise field_error("official_members", "Nhập tổng số đảng viên chính thức của chi bộ.")
        total = official_members
    if votes_for + votes_against > total:
        raise field_error(
            "votes_against",
            f"Tổng số phiếu ({votes_for + votes_against}) vượt số đảng viên chính thức ({total}).",
        )
    row = rule_row(key, on)
    numerator, denominator = int(row.value["numerator"]), int(row.value["denominator"])
    if votes_for * denominator < numerator * total:
        raise field_error(
            "votes_for",
            f"Chưa đạt tỷ lệ: {votes_for}/{total} đảng viên chính thức tán thành, cần ít nhất "
            f"{numerator}/{denominator} ({row.source}).",
        )
    return total
