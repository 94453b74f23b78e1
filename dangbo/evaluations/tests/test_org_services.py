"""Rating party organizations through the services: the superior's grid, the committee's
decision, corrections, the quota over organizations decided together, and every refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree, make_org
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import org_services, services
from dangbo.evaluations.models import (
    EvaluationRound,
    OrganizationEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
)
from dangbo.evaluations.org_queries import assessed_organizations, org_grid_rows
from dangbo.evaluations.org_services import OrgInput
from dangbo.evaluations.tests.helpers import line, members_of, open_for, to_cell_stage
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def org_line(score: int | str | None = None, exceeding: int = 40, **kwargs: object) -> OrgInput:
    return OrgInput(
        score=None if score is None else Decimal(str(score)),
        tasks_done_pct=Decimal(100),
        tasks_exceeding_pct=Decimal(exceeding),
        **kwargs,  # type: ignore[arg-type]
    )


def rate_members_good(round_: EvaluationRound, cell: Organization, count: int = 2) -> None:
    members = members_of(cell, count)
    services.save_grid(actor=None, round_=round_, cell=cell, rows={m.pk: line(80) for m in members})


def advance(round_: EvaluationRound, *stages: str) -> EvaluationRound:
    for stage in stages:
        round_ = services.advance_round(actor=None, round_=round_, stage=stage)
    return round_


@contextmanager
def refused(field: str, words: str = "") -> Iterator[None]:
    """The block must raise a ValidationError on `field` (containing `words`), write nothing."""
    before = (OrganizationEvaluation.objects.count(), AuditEvent.objects.count())
    snapshot = list(
        OrganizationEvaluation.objects.values_list("pk", "proposed_rating", "rating", "current")
    )
    with pytest.raises(ValidationError) as info:
        yield
    errors = info.value.message_dict
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert (OrganizationEvaluation.objects.count(), AuditEvent.objects.count()) == before
    assert (
        list(
            OrganizationEvaluation.objects.values_list("pk", "proposed_rating", "rating", "current")
        )
        == snapshot
    )


def test_the_commune_rates_its_cells_by_the_2025_rules(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    rate_members_good(round_, tree.cell_a)
    assert assessed_organizations(round_, tree.commune) == [tree.cell_a, tree.cell_b]
    saved = org_services.assess_organizations(
        actor=None,
        round_=round_,
        parent=tree.commune,
        rows={
            # One HTXSNV of two at HTTNV or better is over the quota: the superior says why.
            tree.cell_a.pk: org_line(93, override_reason="Chi bộ «Bốn tốt» tiêu biểu"),
            tree.cell_b.pk: org_line(75),
        },
    )
    assert [(r.rule_rating, r.proposed_rating) for r in saved] == [
        (Rating.EXCELLENT, Rating.EXCELLENT),
        (Rating.GOOD, Rating.GOOD),
    ]
    assert AuditEvent.objects.filter(action="evaluation.org_assess").count() == 1


def test_case_3_a_disciplined_subordinate_caps_the_dang_bo_at_good(tree: Tree) -> None:
    """§1.6 case 3 at the root's grid: the commune (5 cells, one disciplined) scores 92."""
    for i in range(3):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Ấp {i + 3}", f"TN.AB.{i + 3}")
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = org_services.assess_organizations(
        actor=None,
        round_=round_,
        parent=tree.root,
        rows={tree.commune.pk: org_line(92, subordinates_disciplined=1)},
    )
    assert row.rule_rating == Rating.GOOD
    assert "1 đơn vị trực thuộc bị kỷ luật trong năm" in " ".join(row.rule_reasons)
    with refused("rows", "chỉ được xếp tối đa HTTNV"):
        org_services.assess_organizations(
            actor=None,
            round_=round_,
            parent=tree.root,
            rows={
                tree.commune.pk: org_line(
                    92, subordinates_disciplined=1, proposed_rating=Rating.EXCELLENT
                )
            },
        )


def test_case_10_through_the_cells_members(tree: Tree) -> None:
    """§1.6 case 10 in 2024: 8 HTT+ and 2 HTNV qualifies; 8 HTT+, 1 HTNV, 1 KHTNV does not."""
    round_ = to_cell_stage(open_for(tree.commune, year=2024))
    for cell, last in ((tree.cell_a, Rating.SATISFACTORY), (tree.cell_b, Rating.FAILED)):
        members = members_of(cell, 10)
        ratings = [Rating.GOOD] * 8 + [Rating.SATISFACTORY, last]
        services.save_grid(
            actor=None,
            round_=round_,
            cell=cell,
            rows={
                m.pk: services.GridInput(proposed_rating=r, criteria_poor=r == Rating.FAILED)
                for m, r in zip(members, ratings, strict=True)
            },
        )
    rows = {
        tree.cell_a.pk: OrgInput(proposed_rating=Rating.GOOD),
        tree.cell_b.pk: OrgInput(proposed_rating=Rating.GOOD),
    }
    a, b = org_services.assess_organizations(
        actor=None, round_=round_, parent=tree.commune, rows=rows
    )
    assert (a.rule_rating, b.rule_rating) == (Rating.EXCELLENT, Rating.GOOD)
    assert "đạt 90% và 80%" in b.rule_reasons[-1]


def test_2024_lets_the_superior_pick_below_the_ceiling_without_a_reason(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune, year=2024))
    [row] = org_services.assess_organizations(
        actor=None,
        round_=round_,
        parent=tree.commune,
        rows={tree.cell_a.pk: OrgInput(proposed_rating=Rating.SATISFACTORY)},
    )
    assert row.proposed_rating == Rating.SATISFACTORY
    assert row.rule_rating == Rating.GOOD  # no member rated yet: HTXSNV cannot be checked
    with refused("rows", "tối đa HTTNV"):
        org_services.assess_organizations(
            actor=None,
            round_=round_,
            parent=tree.commune,
            rows={tree.cell_a.pk: OrgInput(proposed_rating=Rating.EXCELLENT)},
        )


def test_a_cell_founded_under_six_months_before_is_not_rated(tree: Tree) -> None:
    young = make_org(
        tree.commune, OrgKind.CELL, "Chi bộ Khu công nghiệp", "TN.AB.9", dt.date(2025, 8, 1)
    )
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = org_services.assess_organizations(
        actor=None, round_=round_, parent=tree.commune, rows={young.pk: org_line(95)}
    )
    assert row.not_rated and row.proposed_rating == "" and row.rule_rating == ""
    advance(round_, RoundStage.COMMITTEE)
    with refused("rows", "không xếp loại"):
        org_services.decide_organizations(
            actor=None, round_=round_, parent=tree.commune, decisions={young.pk: ("htt", "")}
        )


@pytest.mark.parametrize(
    ("reading", "allowed"), [(QuotaReading.GOOD_ONLY, False), (QuotaReading.GOOD_OR_BETTER, True)]
)
def test_the_org_quota_follows_the_rounds_reading(tree: Tree, reading: str, allowed: bool) -> None:
    """Five cells at HTTNV or above, one HTXSNV: (A) ⌊5/6⌋ = 0 refuses it, (B) ⌊5/5⌋ = 1."""
    for i in range(3):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Ấp {i + 3}", f"TN.AB.{i + 3}")
    round_ = to_cell_stage(open_for(tree.commune, quota_reading=reading))
    rate_members_good(round_, tree.cell_a)
    cells = assessed_organizations(round_, tree.commune)
    rows = {c.pk: org_line(95 if c == tree.cell_a else 80) for c in cells}
    if allowed:
        saved = org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.commune, rows=rows
        )
        assert [r.proposed_rating for r in saved].count(Rating.EXCELLENT) == 1
        return
    with refused("rows", "1 tổ chức đảng HTXSNV, vượt tỷ lệ tối đa 0"):
        org_services.assess_organizations(actor=None, round_=round_, parent=tree.commune, rows=rows)
    rows[tree.cell_a.pk] = org_line(95, override_reason="Chi bộ điển hình của tỉnh")
    saved = org_services.assess_organizations(
        actor=None, round_=round_, parent=tree.commune, rows=rows
    )
    assert saved[0].proposed_rating == Rating.EXCELLENT


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (org_line(101), "điểm cấp trên thẩm định phải từ 0 đến 100"),
        (org_line(-1), "phải từ 0 đến 100"),
        (OrgInput(score=Decimal(80), tasks_behind_pct=Decimal(120)), "chưa bảo đảm tiến độ"),
        (OrgInput(score=Decimal(80), subordinates_disciplined=1), "từ 0 đến 0"),
        (OrgInput(score=Decimal(80), proposed_rating="xuat-sac"), "không hợp lệ"),
        (org_line(85, proposed_rating=Rating.EXCELLENT), "chỉ được xếp tối đa HTTNV"),
        (org_line(85, proposed_rating=Rating.SATISFACTORY), "ghi lý do"),
        (OrgInput(proposed_rating=Rating.GOOD), "nhập điểm thẩm định"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(tree: Tree, bad: OrgInput, words: str) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", words):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.commune, rows={tree.cell_a.pk: bad}
        )


def test_an_organization_outside_the_round_or_not_a_child_is_refused(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", "1 tổ chức không thuộc danh sách"):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.commune, rows={tree.agencies.pk: org_line(80)}
        )
    with refused("parent", "không đánh giá tổ chức đảng nào"):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.agencies, rows={tree.cell_a.pk: org_line(80)}
        )
    # The root assesses the round's own organization only, not the commune's siblings.
    with refused("rows", "không thuộc danh sách"):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.root, rows={tree.agencies.pk: org_line(80)}
        )


def test_assessing_twice_keeps_one_current_row(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    for score in (80, 60):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.commune, rows={tree.cell_a.pk: org_line(score)}
        )
    [row] = OrganizationEvaluation.objects.filter(organization=tree.cell_a)
    assert row.current and row.proposed_rating == Rating.SATISFACTORY


def test_the_self_review_is_kept_when_the_superior_assesses(tree: Tree) -> None:
    round_ = open_for(tree.commune)
    org_services.submit_org_review(
        actor=None,
        round_=round_,
        organization=tree.cell_a,
        text="Chi bộ lãnh đạo hoàn thành tốt nhiệm vụ chính trị.",
        self_score=Decimal(88),
        self_rating=Rating.GOOD,
    )
    to_cell_stage(round_)
    org_services.assess_organizations(
        actor=None, round_=round_, parent=tree.commune, rows={tree.cell_a.pk: org_line(78)}
    )
    row = OrganizationEvaluation.objects.get(organization=tree.cell_a)
    assert row.self_score == Decimal(88) and row.score == Decimal(78)
    assert row.self_review.startswith("Chi bộ lãnh đạo")
    with refused("self_score", "từ 0 đến 100"):
        org_services.submit_org_review(
            actor=None, round_=round_, organization=tree.cell_a, text="x", self_score=Decimal(120)
        )
    with refused("text"):
        org_services.submit_org_review(
            actor=None, round_=round_, organization=tree.cell_a, text="   "
        )
    with refused("organization", "không thuộc đợt"):
        org_services.submit_org_review(
            actor=None, round_=round_, organization=tree.agencies, text="Kiểm điểm"
        )


def test_the_committee_decides_and_a_locked_round_refuses(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    org_services.assess_organizations(
        actor=None,
        round_=round_,
        parent=tree.commune,
        rows={tree.cell_a.pk: org_line(80), tree.cell_b.pk: org_line(72)},
    )
    advance(round_, RoundStage.COMMITTEE)
    decisions = {tree.cell_a.pk: (Rating.SATISFACTORY, ""), tree.cell_b.pk: (Rating.GOOD, "")}
    with refused("rows", "cần ghi lý do"):
        org_services.decide_organizations(
            actor=None, round_=round_, parent=tree.commune, decisions=decisions
        )
    with refused("rows", "tối đa HTTNV"):
        org_services.decide_organizations(
            actor=None,
            round_=round_,
            parent=tree.commune,
            decisions={tree.cell_a.pk: (Rating.EXCELLENT, "Điển hình")},
        )
    decisions[tree.cell_a.pk] = (Rating.SATISFACTORY, "Còn để xảy ra đơn thư")
    changed = org_services.decide_organizations(
        actor=None, round_=round_, parent=tree.commune, decisions=decisions
    )
    assert [r.rating for r in changed] == [Rating.SATISFACTORY, Rating.GOOD]
    advance(round_, RoundStage.PUBLISHED, RoundStage.LOCKED)
    with refused("round", "khóa sổ"):
        org_services.decide_organizations(
            actor=None, round_=round_, parent=tree.commune, decisions=decisions
        )
    with refused("round", "khóa sổ"):
        org_services.assess_organizations(
            actor=None, round_=round_, parent=tree.commune, rows={tree.cell_a.pk: org_line(80)}
        )


def test_a_correction_keeps_the_old_result(tree: Tree) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = org_services.assess_organizations(
        actor=None, round_=round_, parent=tree.commune, rows={tree.cell_a.pk: org_line(80)}
    )
    advance(round_, RoundStage.COMMITTEE)
    with refused("round", "việc đính chính"):
        org_services.correct_org_evaluation(
            actor=None, evaluation=row, rating=Rating.SATISFACTORY, reason="Sai sót"
        )
    advance(round_, RoundStage.PUBLISHED)
    with refused("reason"):
        org_services.correct_org_evaluation(
            actor=None, evaluation=row, rating=Rating.SATISFACTORY, reason=" "
        )
    new = org_services.correct_org_evaluation(
        actor=None,
        evaluation=row,
        rating=Rating.SATISFACTORY,
        reason="Thông báo 12-TB/ĐU ngày 05/01/2026",
    )
    old = OrganizationEvaluation.objects.get(pk=row.pk)
    assert not old.current and new.current and new.corrects_id == old.pk
    assert new.rating == Rating.SATISFACTORY and old.proposed_rating == Rating.GOOD
    with refused("rating", "đã được đính chính"):
        org_services.correct_org_evaluation(
            actor=None, evaluation=old, rating=Rating.GOOD, reason="Lần hai"
        )
    [grid_row] = org_grid_rows(round_, tree.commune)[:1]
    assert grid_row.evaluation == new
