"""The replay's states: each transition makes a new State, the one before untouched."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dangbo.members.lifecycle import State, _evolve
from dangbo.members.models import MemberStatus


def test_a_state_evolves_as_dataclasses_replace_would_make_it() -> None:
    before = State(
        status=MemberStatus.PROBATIONARY, organization_id=7, admitted_on=date(2020, 5, 1)
    )
    after = _evolve(before, status=MemberStatus.OFFICIAL, official_on=date(2021, 5, 1))
    assert after == replace(before, status=MemberStatus.OFFICIAL, official_on=date(2021, 5, 1))
    assert hash(after) == hash(replace(after))
    assert before.status == MemberStatus.PROBATIONARY and before.official_on is None
    with pytest.raises(AttributeError):
        after.status = MemberStatus.EXEMPT  # type: ignore[misc]


def test_a_state_never_takes_a_field_it_does_not_have() -> None:
    with pytest.raises(AssertionError):
        _evolve(State(), statu=MemberStatus.OFFICIAL)
