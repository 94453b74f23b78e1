"""Người giới thiệu (sponsors) of the planned members of one cell."""

from __future__ import annotations

import random
from datetime import date
from typing import Any, cast

from dangbo.demo.roll.people import person_name
from dangbo.demo.roll.plans import MemberPlan
from dangbo.members.lifecycle import final_state
from dangbo.members.models import MemberStatus

# Rolls kept on computers since about then name sponsors who are members in the system.
LINKED_SINCE = date(2005, 1, 1)


def add_sponsors(rng: random.Random, plans: list[MemberPlan]) -> None:
    """Two official members of the same cell on the decision date (check_sponsors' rule)
    when the cell has them, else the names written on the paper record. `plans` must have
    been replayed."""
    officials = [p for p in plans if p.official_on is not None]
    for plan in plans:
        chosen: list[MemberPlan] = []
        if plan.decision_date >= LINKED_SINCE and officials:
            for _ in range(8):
                other = rng.choice(officials)
                if other is plan or other in chosen:
                    continue
                if other.official_on is None or other.official_on > plan.decision_date:
                    continue
                # PlannedEvent has what final_state reads of a MemberEvent.
                state = final_state(cast(Any, other.steps), plan.decision_date)
                if state.status == MemberStatus.OFFICIAL:
                    chosen.append(other)
                    if len(chosen) == 2:
                        break
        for index in (1, 2):
            sponsor = chosen[index - 1] if len(chosen) >= index else None
            plan.facts[f"sponsor_{index}_id"] = sponsor.id if sponsor else None
            plan.facts[f"sponsor_{index}_name"] = (
                "" if sponsor else person_name(rng, rng.random() < 0.35, "01")
            )
