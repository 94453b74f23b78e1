"""The superior's grid of organizations as posted: one group of fields per organization (m<id>
marks the line, s<id> score, d<id> % done, x<id> % exceeding, b<id> % behind schedule, t<id>
on time, g<id> key targets missed, k<id> a poor criterion, l<id> leadership disciplined, u<id>
subordinate units disciplined, p<id> proposal, r<id> reason, n<id> notes; q<id> the committee's
decision). A malformed number is an error for that organization, never a crash."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from dangbo.evaluations.grid_input import GridError, _number, _text, member_ids
from dangbo.evaluations.org_services import OrgInput

POSTED_KEYS = ("s", "d", "x", "b", "u", "p", "r", "n", "q")
CHECKS = ("t", "g", "k", "l")


def org_grid_from_post(data: Mapping[str, str], names: Mapping[int, str]) -> dict[int, OrgInput]:
    """{organization id: OrgInput} for every line sent; GridError on a bad number."""
    rows: dict[int, OrgInput] = {}
    for pk in member_ids(data):
        name = names.get(pk, f"Tổ chức #{pk}")
        units = _number(data, f"u{pk}", f"{name}, số đơn vị trực thuộc bị kỷ luật")
        if units is not None and units != units.to_integral_value():
            raise GridError(f"{name}, số đơn vị trực thuộc bị kỷ luật: nhập số nguyên.")
        rows[pk] = OrgInput(
            score=_number(data, f"s{pk}", f"{name}, điểm"),
            tasks_done_pct=_number(data, f"d{pk}", f"{name}, % nhiệm vụ hoàn thành"),
            tasks_exceeding_pct=_number(data, f"x{pk}", f"{name}, % nhiệm vụ vượt mức"),
            tasks_behind_pct=_number(data, f"b{pk}", f"{name}, % nhiệm vụ chưa bảo đảm tiến độ"),
            tasks_on_time=data.get(f"t{pk}") == "1",
            key_targets_missed=data.get(f"g{pk}") == "1",
            criteria_poor=data.get(f"k{pk}") == "1",
            leadership_disciplined=data.get(f"l{pk}") == "1",
            # Absurd counts are capped here and refused by the service's range check.
            subordinates_disciplined=(
                0 if units is None else int(max(min(units, Decimal(100_000)), Decimal(-1)))
            ),
            proposed_rating=_text(data, f"p{pk}")[:4],
            override_reason=_text(data, f"r{pk}"),
            notes=_text(data, f"n{pk}"),
        )
    return rows
