"""A small round counted by hand, shared by the summary, report and target tests.

Round of 2025 opened at the root (rating day 20/12/2025):

- Chi bộ Ấp Một (cell_a): 9 on the roll; 1 HTXSNV, 6 HTTNV, 1 HTNV (the committee turned a
  proposed HTTNV into HTNV), 1 without a row → rated 8: 12,5 % / 75 % / 12,5 %, HTTNV trở lên
  87,5 %.
- Chi bộ Ấp Hai (cell_b): 3 to rate and 1 exempt; 1 KHTNV, 1 admitted 15/8/2025 (không xếp
  loại), 1 row without a rating.
- Đảng bộ xã An Bình (commune) in total: 12 to rate, 9 rated: 1 / 6 / 1 / 1, 1 không xếp
  loại, 2 chưa xếp loại (1 row without rating, 1 without a row), 1 exempt.
- Organizations: cell_a HTTNV, cell_b HTXSNV, the commune HTNV; the agencies' đảng bộ not yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conftest import Tree
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
)
from dangbo.evaluations.tests.factories import EvaluationRoundFactory
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

YOUNG_ON = dt.date(2025, 8, 15)


@dataclass
class Cast:
    round: EvaluationRound
    missing: Member
    young: Member
    pending: Member
    exempt: Member
    failed: Member


def _rate(
    round_: EvaluationRound, member: Member, cell: Organization, **fields: object
) -> MemberEvaluation:
    return MemberEvaluation.objects.create(round=round_, member=member, organization=cell, **fields)


def build(tree: Tree, year: int = 2025) -> Cast:
    round_ = EvaluationRoundFactory.create(
        organization=tree.root,
        year=year,
        cell_due=dt.date(year, 12, 20),
        rules_source="QĐ 366-QĐ/TW ngày 30/8/2025",
    )
    a = [MemberFactory.create(organization=tree.cell_a) for _ in range(9)]
    _rate(round_, a[0], tree.cell_a, proposed_rating=Rating.EXCELLENT, rating=Rating.EXCELLENT)
    for member in a[1:7]:
        _rate(round_, member, tree.cell_a, proposed_rating=Rating.GOOD)
    _rate(round_, a[7], tree.cell_a, proposed_rating=Rating.GOOD, rating=Rating.SATISFACTORY)
    failed, pending, exempt = (MemberFactory.create(organization=tree.cell_b) for _ in range(3))
    young = MemberFactory.create(
        organization=tree.cell_b, decision_date=YOUNG_ON, admitted_on=YOUNG_ON, official_on=None
    )
    _rate(round_, failed, tree.cell_b, proposed_rating=Rating.FAILED)
    _rate(
        round_,
        young,
        tree.cell_b,
        proposed_rating="",
        not_rated=True,
        rule_reasons=["Kết nạp ngày 15/08/2025, chưa đủ 6 tháng: không xếp loại, vẫn kiểm điểm."],
    )
    _rate(round_, pending, tree.cell_b, proposed_rating="")
    member_services.exempt_member(
        actor=None,
        member=exempt,
        decision=Decision(effective_on=dt.date(2024, 5, 1), number="05-QĐ/CB"),
        reason="Tuổi cao, sức yếu",
    )
    for org, rating in (
        (tree.cell_a, Rating.GOOD),
        (tree.cell_b, Rating.EXCELLENT),
        (tree.commune, Rating.SATISFACTORY),
    ):
        OrganizationEvaluation.objects.create(
            round=round_, organization=org, proposed_rating=rating
        )
    return Cast(round_, a[8], young, pending, exempt, failed)
