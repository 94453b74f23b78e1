"""The secretary's grid as posted: one group of fields per member (m<id> marks the line,
s<id> score, d<id> % done, x<id> % exceeding, t<id> on time, k<id> a poor criterion, o<id>
sick days, ts<id> maternity-leave days, p<id> proposal, b<id> the cell's vote ("15/16"),
r<id> reason, n<id> notes, ss<id> self score, sr<id> self rating; q<id> the committee's
decision). Numbers are typed the Vietnamese way ("87,5"); a malformed one is an error for that
member, never a crash."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from dangbo.core.formats import parse_number
from dangbo.evaluations.services import GridInput

# Each member's line carries a hidden m<id>, so a line with every box empty is still sent.
ROW_FIELD = re.compile(r"^m([0-9]{1,18})$")
DECISION_FIELD = re.compile(r"^q([0-9]{1,18})$")
TEXT_LIMIT = 2000


class GridError(ValueError):
    pass


def _number(data: Mapping[str, str], key: str, label: str) -> Decimal | None:
    raw = data.get(key, "").strip()
    if not raw:
        return None
    try:
        return parse_number(raw)
    except ValueError as exc:
        raise GridError(f"{label}: «{raw[:20]}» không phải là số.") from exc


def _days(data: Mapping[str, str], key: str, label: str) -> int:
    """A whole number of days, 0 when empty; absurd counts are capped here and refused by the
    service's range check."""
    value = _number(data, key, label)
    if value is None:
        return 0
    if value != value.to_integral_value():
        raise GridError(f"{label}: nhập số nguyên.")
    return int(max(min(value, Decimal(10_000)), Decimal(-1)))


def _text(data: Mapping[str, str], key: str) -> str:
    return data.get(key, "").replace("\x00", "")[:TEXT_LIMIT]


VOTE = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")


def _votes(data: Mapping[str, str], key: str, name: str) -> tuple[int | None, int | None]:
    """The cell's vote typed as "15/16" (agreeing/voting); empty when not recorded."""
    raw = data.get(key, "").strip()
    if not raw:
        return None, None
    found = VOTE.match(raw)
    if found is None:
        raise GridError(f"{name}, biểu quyết: ghi số tán thành/số biểu quyết, ví dụ 15/16.")
    return int(found.group(1)), int(found.group(2))


def member_ids(data: Mapping[str, str]) -> list[int]:
    return [int(m.group(1)) for name in data if (m := ROW_FIELD.match(name))]


def grid_from_post(data: Mapping[str, str], names: Mapping[int, str]) -> dict[int, GridInput]:
    """{member id: GridInput} for every member whose line was sent; GridError on a bad number."""
    rows: dict[int, GridInput] = {}
    for pk in member_ids(data):
        name = names.get(pk, f"Đảng viên #{pk}")
        sick = _days(data, f"o{pk}", f"{name}, số ngày nghỉ ốm")
        maternity = _days(data, f"ts{pk}", f"{name}, số ngày nghỉ thai sản")
        votes_for, votes_cast = _votes(data, f"b{pk}", name)
        rows[pk] = GridInput(
            score=_number(data, f"s{pk}", f"{name}, điểm"),
            self_score=_number(data, f"ss{pk}", f"{name}, điểm tự chấm"),
            self_rating=_text(data, f"sr{pk}")[:4],
            tasks_done_pct=_number(data, f"d{pk}", f"{name}, % nhiệm vụ hoàn thành"),
            tasks_exceeding_pct=_number(data, f"x{pk}", f"{name}, % nhiệm vụ vượt mức"),
            tasks_on_time=data.get(f"t{pk}") == "1",
            criteria_poor=data.get(f"k{pk}") == "1",
            # Absurd counts are capped here and refused by the service's range check.
            sick_leave_days=sick,
            maternity_leave_days=maternity,
            proposed_rating=_text(data, f"p{pk}")[:4],
            votes_for=votes_for,
            votes_cast=votes_cast,
            override_reason=_text(data, f"r{pk}"),
            notes=_text(data, f"n{pk}"),
        )
    return rows


def decisions_from_post(data: Mapping[str, str]) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    for name, value in data.items():
        match = DECISION_FIELD.match(name)
        if match and value:
            pk = int(match.group(1))
            found[pk] = (value[:4], _text(data, f"r{pk}"))
    return found
