"""Walking a candidate through the stages with valid data, for tests of later stages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from conftest import Tree
from dangbo.admissions import services
from dangbo.admissions.models import AwarenessCourse, Candidate, Sponsor, SponsorRole, Stage
from dangbo.admissions.tests.factories import AwarenessCourseFactory, CandidateFactory
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory

NOW = dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC)
D = dt.date
DATES: dict[str, dt.date] = {
    Stage.COURSE: D(2025, 4, 11),
    Stage.FILE: D(2025, 5, 5),
    Stage.CELL_RESOLUTION: D(2025, 5, 12),
    Stage.COMMITTEE: D(2025, 5, 19),
    Stage.DECISION: D(2025, 5, 26),
    Stage.CEREMONY: D(2025, 6, 2),
    Stage.CELL_VOTE: D(2026, 6, 3),
    Stage.OFFICIAL: D(2026, 6, 10),
}


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Cell:
    tree: Tree
    officials: list[Member]
    course: AwarenessCourse


@pytest.fixture
def cell(tree: Tree, frozen: None) -> Cell:
    """Cell A with three official members; a course run by the commune."""
    officials = [MemberFactory.create(organization=tree.cell_a) for _ in range(3)]
    course = AwarenessCourseFactory.create(organization=tree.commune)
    return Cell(tree, officials, course)


def add_sponsors(cell: Cell, candidate: Candidate) -> list[Sponsor]:
    return [
        services.add_sponsor(
            actor=None, candidate=candidate, member=member, role=role, since=D(2025, 4, 20)
        )
        for member, role in zip(cell.officials, SponsorRole.values, strict=False)
    ]


def advance(cell: Cell, candidate: Candidate, stage: str) -> Candidate:
    on = DATES[stage]
    if stage == Stage.COURSE:
        return services.pass_course(actor=None, candidate=candidate, course=cell.course, on=on)
    if stage == Stage.FILE:
        services.update_papers(
            actor=None,
            candidate=candidate,
            paper_history=True,
            paper_mass_org=True,
            paper_verification=True,
        )
        add_sponsors(cell, candidate)
        return services.complete_file(actor=None, candidate=candidate, on=on)
    if stage == Stage.CELL_RESOLUTION:
        return services.pass_cell_resolution(
            actor=None, candidate=candidate, on=on, votes_for=3, votes_against=0
        )
    if stage == Stage.COMMITTEE:
        return services.approve_by_committee(
            actor=None, candidate=candidate, on=on, decision_number="05-NQ/ĐU"
        )
    if stage == Stage.DECISION:
        return services.record_admission_decision(
            actor=None, candidate=candidate, on=on, decision_number="12-QĐ/ĐU"
        )
    if stage == Stage.CEREMONY:
        return services.hold_ceremony(actor=None, candidate=candidate, on=on)
    if stage == Stage.CELL_VOTE:
        return services.hold_official_vote(
            actor=None, candidate=candidate, on=on, votes_for=3, votes_against=0
        )
    return services.recognise_official(
        actor=None, candidate=candidate, on=on, decision_number="30-QĐ/ĐU"
    )


def candidate_at(cell: Cell, stage: str, **fields: object) -> Candidate:
    """A candidate of cell A who has completed every stage up to `stage`."""
    candidate = CandidateFactory.create(organization=cell.tree.cell_a, **fields)
    for step in Stage.values[1 : Stage.values.index(stage) + 1]:
        candidate = advance(cell, candidate, step)
    return candidate
