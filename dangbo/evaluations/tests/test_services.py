"""The round from opening to correction, and every refusal of the issue's bad-input list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import Tree
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import services
from dangbo.evaluations.models import MemberEvaluation, QuotaReading, Rating, RoundStage
from dangbo.evaluations.services import GridInput
from dangbo.evaluations.tests.helpers import line, members_of, open_for, refused, to_cell_stage
from dangbo.members import services as member_services
from dangbo.members.models import Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db


def test_a_cell_rates_its_members_by_the_2025_rules(tree: Tree) -> None:
    a, b, c, d = members_of(tree.cell_a, 4)
    round_ = to_cell_stage(open_for(tree.commune))
    assert round_.rules_source.startswith("QĐ 366-QĐ/TW")
    saved = services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={
            # One HTXSNV among two at HTTNV or better is over the quota: the cell says why.
            a.pk: line(95, exceeding=35, override_reason="Điển hình «Dân vận khéo» của tỉnh"),
            b.pk: line(82),
            c.pk: line(60),
            d.pk: line("45.5"),
        },
    )
    assert [row.proposed_rating for row in saved] == [
        Rating.EXCELLENT,
        Rating.GOOD,
        Rating.SATISFACTORY,
        Rating.FAILED,
    ]
    assert saved[3].rule_reasons == ["45,5 điểm: mức KHTNV."]
    assert AuditEvent.objects.filter(action="evaluation.grid_save").count() == 1


def test_2024_is_rated_with_the_legacy_rules_from_the_same_code(tree: Tree) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = to_cell_stage(open_for(tree.commune, year=2024))
    assert round_.rules_source.startswith("QĐ 124-QĐ/TW")
    saved = services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={
            a.pk: GridInput(proposed_rating=Rating.GOOD),
            b.pk: GridInput(proposed_rating=Rating.GOOD, criteria_poor=True),
        },
    )
    assert [row.rule_rating for row in saved] == [Rating.GOOD, Rating.FAILED]


def test_a_proposal_above_the_rules_is_refused_and_one_below_needs_a_reason(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", "chỉ được xếp tối đa HTTNV"):
        services.save_grid(
            actor=None,
            round_=round_,
            cell=tree.cell_a,
            rows={a.pk: line(85, proposed_rating=Rating.EXCELLENT)},
        )
    with refused("rows", "ghi lý do"):
        services.save_grid(
            actor=None,
            round_=round_,
            cell=tree.cell_a,
            rows={a.pk: line(85, proposed_rating=Rating.SATISFACTORY)},
        )
    [row] = services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={a.pk: line(85, proposed_rating=Rating.SATISFACTORY, override_reason="Chậm tiến độ")},
    )
    assert row.proposed_rating == Rating.SATISFACTORY


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (line(101), "điểm chi bộ thống nhất phải từ 0 đến 100"),
        (line(-1), "phải từ 0 đến 100"),
        (GridInput(score=Decimal(80), tasks_done_pct=Decimal(120)), "% nhiệm vụ hoàn thành"),
        (GridInput(score=Decimal(80), sick_leave_days=400), "nghỉ ốm"),
        (GridInput(score=Decimal(80), proposed_rating="xuat-sac"), "không hợp lệ"),
    ],
)
def test_a_value_outside_its_range_is_refused(tree: Tree, bad: GridInput, words: str) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", words):
        services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: bad})


def test_excellent_above_the_quota_needs_a_reason_for_each(tree: Tree) -> None:
    """§1.6 case 5: 15 members HTT or above; reading A allows 2, reading B allows 3."""
    members = members_of(tree.cell_a, 15)
    round_ = to_cell_stage(open_for(tree.commune))
    rows = {m.pk: line(95 if i < 3 else 80, exceeding=40) for i, m in enumerate(members)}
    with refused("rows", "3 đảng viên HTXSNV, vượt tỷ lệ tối đa 2"):
        services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows=rows)
    reason = "Có thành tích xuất sắc được tỉnh khen thưởng"
    rows = {
        m.pk: line(95 if i < 3 else 80, exceeding=40, override_reason=reason if i < 3 else "")
        for i, m in enumerate(members)
    }
    saved = services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows=rows)
    assert sum(1 for row in saved if row.proposed_rating == Rating.EXCELLENT) == 3


def test_reading_b_allows_three_of_fifteen(tree: Tree) -> None:
    members = members_of(tree.cell_a, 15)
    round_ = to_cell_stage(open_for(tree.commune, quota_reading=QuotaReading.GOOD_OR_BETTER))
    rows = {m.pk: line(95 if i < 3 else 80, exceeding=40) for i, m in enumerate(members)}
    saved = services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows=rows)
    assert sum(1 for row in saved if row.proposed_rating == Rating.EXCELLENT) == 3


def test_a_member_not_in_the_cell_is_refused(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    (stranger,) = members_of(tree.cell_b, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", "không có tên trong danh sách"):
        services.save_grid(
            actor=None,
            round_=round_,
            cell=tree.cell_a,
            rows={a.pk: line(80), stranger.pk: line(80)},
        )


def test_exempt_members_are_off_the_list(tree: Tree) -> None:
    (_, exempt) = members_of(tree.cell_a, 2)
    member_services.exempt_member(
        actor=None,
        member=exempt,
        decision=Decision(effective_on=dt.date(2024, 5, 1), number="05-QĐ/CB"),
        reason="Tuổi cao, sức yếu",
    )
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", "không có tên trong danh sách"):
        services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={exempt.pk: line(80)})


def test_a_locked_round_refuses_every_change(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(80)})
    for stage in ("committee", "published", "locked"):
        services.advance_round(actor=None, round_=round_, stage=stage)
    assert round_.stage == RoundStage.LOCKED
    with refused("round", "đã khóa sổ"):
        services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(60)})
    with refused("round", "đã khóa sổ"):
        services.decide(
            actor=None, round_=round_, cell=tree.cell_a, decisions={a.pk: (Rating.GOOD, "")}
        )
    evaluation = MemberEvaluation.objects.get(member=a)
    with refused("round", "đã khóa sổ"):
        services.correct_evaluation(
            actor=None, evaluation=evaluation, rating=Rating.SATISFACTORY, reason="Sai sót"
        )


def test_stages_go_forward_one_at_a_time(tree: Tree) -> None:
    round_ = open_for(tree.commune)
    with refused("stage", "chỉ chuyển sang bước kế tiếp"):
        services.advance_round(actor=None, round_=round_, stage="committee")


def test_a_member_is_classified_once_a_year(tree: Tree) -> None:
    open_for(tree.commune)
    with refused("organization", "chỉ được xếp loại một lần"):
        open_for(tree.cell_a)
    with refused("organization", "chỉ được xếp loại một lần"):
        open_for(tree.root)
    with refused("year", "Chưa có quy định"):
        open_for(tree.root, year=2020)


def test_the_committee_decides_and_a_correction_points_at_the_old_decision(tree: Tree) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(85), b.pk: line(75)}
    )
    with refused("round", "cấp ủy không sửa được"):
        services.decide(
            actor=None, round_=round_, cell=tree.cell_a, decisions={a.pk: (Rating.GOOD, "")}
        )
    services.advance_round(actor=None, round_=round_, stage="committee")
    with refused("rows", "khác mức chi bộ đề xuất cần ghi lý do"):
        services.decide(
            actor=None,
            round_=round_,
            cell=tree.cell_a,
            decisions={a.pk: (Rating.SATISFACTORY, "")},
        )
    services.decide(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        decisions={a.pk: (Rating.GOOD, ""), b.pk: (Rating.SATISFACTORY, "Chưa gương mẫu")},
    )
    services.advance_round(actor=None, round_=round_, stage="published")
    old = MemberEvaluation.objects.get(member=b, current=True)
    new = services.correct_evaluation(
        actor=None, evaluation=old, rating=Rating.GOOD, reason="Kết luận 12-KL/ĐU ngày 10/01/2026"
    )
    assert new.corrects_id == old.pk and new.rating == Rating.GOOD
    assert MemberEvaluation.objects.filter(member=b).count() == 2
    assert MemberEvaluation.objects.get(member=b, current=True) == new
    with refused("rating", "đã được đính chính"):
        services.correct_evaluation(
            actor=None, evaluation=old, rating=Rating.GOOD, reason="Lần nữa"
        )


def test_a_discipline_counts_in_one_year_only(tree: Tree) -> None:
    """§1.6 case 6: the reprimand of March 2025 fails 2025; a 2026 round does not count it."""
    (a,) = members_of(tree.cell_a, 1)
    member_services.discipline_member(
        actor=None,
        member=a,
        decision=Decision(effective_on=dt.date(2025, 3, 12), number="03-QĐ/ĐU"),
        sanction=Sanction.REPRIMAND,
        authority="Đảng ủy xã An Bình",
        reason="Vi phạm quy định về những điều đảng viên không được làm",
    )
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(92, exceeding=40)}
    )
    assert row.proposed_rating == Rating.FAILED and row.discipline_event is not None
    next_round = to_cell_stage(open_for(tree.commune, year=2026))
    [row] = services.save_grid(
        actor=None,
        round_=next_round,
        cell=tree.cell_a,
        rows={a.pk: line(92, exceeding=40, override_reason="Khắc phục xong, có thành tích")},
    )
    assert row.proposed_rating == Rating.EXCELLENT


def test_a_member_admitted_in_august_is_not_rated_but_stays_on_the_list(tree: Tree) -> None:
    new = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=dt.date(2025, 8, 1),
        admitted_on=dt.date(2025, 8, 15),
        official_on=None,
    )
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={new.pk: line(90, exceeding=40)}
    )
    assert row.not_rated and row.proposed_rating == ""
