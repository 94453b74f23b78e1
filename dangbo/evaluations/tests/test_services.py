"""The round from opening to correction, and every refusal of the issue's bad-input list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import Tree
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import review_text, services
from dangbo.evaluations.grid_input import GridError, grid_from_post
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    QuotaReading,
    Rating,
    RoundStage,
    SelfReviewForm,
)
from dangbo.evaluations.services import GridInput
from dangbo.evaluations.tests.helpers import line, members_of, open_for, refused, to_cell_stage
from dangbo.members import services as member_services
from dangbo.members.models import Member, Sanction
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


# Maternity leave (§1.5) on the grid.


def test_maternity_leave_is_saved_and_explained_never_counted_as_sick_leave(tree: Tree) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = to_cell_stage(open_for(tree.commune))
    saved = services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={
            a.pk: line(82, maternity_leave_days=180),
            b.pk: line(82, sick_leave_days=100, maternity_leave_days=180),
        },
    )
    assert [row.proposed_rating for row in saved] == [Rating.GOOD, Rating.SATISFACTORY]
    assert saved[0].maternity_leave_days == 180 and saved[0].sick_leave_days == 0
    assert saved[0].rule_reasons == [
        "82 điểm: mức HTTNV.",
        "Nghỉ thai sản 180 ngày: xếp loại theo kết quả thời gian làm việc thực tế.",
    ]
    assert "Nghỉ ốm 100 ngày" in saved[1].rule_reasons[-1]
    assert MemberEvaluation.objects.get(member=a).maternity_leave_days == 180


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (line(80, maternity_leave_days=400), "nghỉ thai sản phải từ 0 đến 366"),
        (line(80, maternity_leave_days=-1), "nghỉ thai sản phải từ 0 đến 366"),
        (
            line(80, sick_leave_days=200, maternity_leave_days=200),
            "nghỉ ốm và nghỉ thai sản cộng lại (400) không được quá 366",
        ),
    ],
)
def test_bad_maternity_days_are_refused(tree: Tree, bad: GridInput, words: str) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    with refused("rows", words):
        services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: bad})


def test_the_posted_grid_reads_maternity_days_and_refuses_bad_ones() -> None:
    rows = grid_from_post({"m7": "1", "s7": "80", "ts7": "120", "o7": ""}, {7: "Lê Thị Hoa"})
    assert rows[7].maternity_leave_days == 120 and rows[7].sick_leave_days == 0
    assert grid_from_post({"m7": "1"}, {}).get(7) == GridInput(tasks_on_time=False)
    for raw, words in (("12,5", "nhập số nguyên"), ("mười", "không phải là số")):
        with pytest.raises(GridError, match=words):
            grid_from_post({"m7": "1", "ts7": raw}, {7: "Lê Thị Hoa"})
    # An absurd count is capped here and refused by the service's range check.
    assert grid_from_post({"m7": "1", "ts7": "99999999"}, {})[7].maternity_leave_days == 10_000


# The member's bản tự kiểm điểm.

PARTS = {
    "uu_diem": "Chấp hành tốt chủ trương, đường lối của Đảng.",
    "han_che": "Có lúc chậm báo cáo.\nNguyên nhân: khối lượng công việc lớn.",
    "khac_phuc": "",
    "giai_trinh": "",
    "trach_nhiem": "",
    "phuong_huong": "Sắp xếp công việc khoa học hơn.",
}
POINTS = {"chung": Decimal("27.5"), "nhiem_vu": Decimal(60)}


def self_review(member: Member, round_: EvaluationRound, **kwargs: object) -> MemberEvaluation:
    args: dict[str, object] = {
        "sections": PARTS,
        "form": SelfReviewForm.STAFF,
        "criteria": POINTS,
        "self_rating": Rating.GOOD,
    }
    args.update(kwargs)
    return services.submit_self_review(
        actor=None,
        round_=round_,
        member=member,
        **args,  # type: ignore[arg-type]
    )


def test_a_member_hands_in_the_parts_and_points_of_their_review(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = open_for(tree.commune)
    row = self_review(a, round_)
    assert row.self_score == Decimal("87.5") and row.self_rating == Rating.GOOD
    assert row.self_review_form == SelfReviewForm.STAFF
    assert row.self_criteria == {"chung": 27.5, "nhiem_vu": 60}
    assert row.self_review.startswith("I. Ưu điểm, kết quả đạt được\nChấp hành tốt")
    assert "III." not in row.self_review  # an empty part is left out
    assert review_text.split_sections(row.self_review) == PARTS
    event = AuditEvent.objects.get(action="evaluation.self_review")
    assert set(event.after["criteria"]) == {"chung", "nhiem_vu"} and event.after["form"] == "2b"
    # Handing in again replaces it; a total typed equal to the sum is accepted.
    again = self_review(
        a, round_, criteria={"chung": Decimal(30), "nhiem_vu": Decimal("62.25")}, self_score=None
    )
    assert again.pk == row.pk and again.self_score == Decimal("92.25")
    assert MemberEvaluation.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"form": ""}, "form", "Chọn mẫu bản tự kiểm điểm"),
        ({"form": "2d"}, "form", "không hợp lệ"),
        ({"criteria": {**POINTS, "khac": Decimal(1)}}, "criteria", "«khac» không có"),
        ({"criteria": {"chung": Decimal(31), "nhiem_vu": Decimal(60)}}, "points_chung", "0 đến 30"),
        ({"criteria": {"chung": Decimal(-1), "nhiem_vu": Decimal(60)}}, "points_chung", "0 đến 30"),
        ({"criteria": {"chung": Decimal("NaN"), "nhiem_vu": Decimal(1)}}, "points_chung", "0 đến"),
        ({"criteria": {"chung": Decimal(20)}}, "points_nhiem_vu", "Tự chấm điểm nhóm"),
        (
            {"criteria": {"chung": Decimal("20.125"), "nhiem_vu": Decimal(60)}},
            "points_chung",
            "hai chữ số thập phân",
        ),
        ({"self_score": Decimal(95)}, "self_score", "tổng điểm các nhóm"),
        ({"sections": {**PARTS, "uu_diem": "  "}}, "uu_diem", "Viết phần «I. Ưu điểm"),
        ({"sections": {**PARTS, "phuong_huong": ""}}, "phuong_huong", "Phương hướng"),
        ({"sections": {**PARTS, "loi_hua": "x"}}, "text", "không có phần «loi_hua»"),
        ({"sections": {**PARTS, "uu_diem": "x" * 20_001}}, "text", "dài quá 20.000"),
        ({"self_rating": ""}, "self_rating", "Tự nhận mức xếp loại"),
        ({"self_rating": "xuat-sac"}, "self_rating", "bốn mức"),
    ],
)
def test_a_bad_self_review_is_refused(
    tree: Tree, kwargs: dict[str, object], field: str, words: str
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = open_for(tree.commune)
    with refused(field, words):
        self_review(a, round_, **kwargs)


def test_under_qd_124_the_member_gives_a_level_and_no_points(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = open_for(tree.commune, year=2024)
    with refused("points_chinh_tri", "không chấm điểm nhóm «Tư tưởng chính trị»"):
        self_review(a, round_, criteria={"chinh_tri": Decimal(20)})
    with refused("criteria", "«chung» không có trong quy định áp dụng năm 2024"):
        self_review(a, round_)
    with refused("self_score", "không chấm điểm: chỉ tự nhận mức"):
        self_review(a, round_, criteria={}, self_score=Decimal(80))
    row = self_review(a, round_, criteria=None, form=SelfReviewForm.OUTSIDE)
    assert row.self_score is None and row.self_criteria == {}
    assert row.self_rating == Rating.GOOD and row.self_review_form == SelfReviewForm.OUTSIDE


def test_one_text_still_works_and_the_grid_keeps_what_the_member_handed_in(tree: Tree) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = open_for(tree.commune)
    with refused("text", "Viết bản tự kiểm điểm"):
        services.submit_self_review(
            actor=None, round_=round_, member=a, text="  ", form="2b", criteria=POINTS
        )
    row = services.submit_self_review(
        actor=None,
        round_=round_,
        member=a,
        text="Ưu điểm: gương mẫu.",
        form="2a",
        criteria=POINTS,
        self_rating=Rating.EXCELLENT,
    )
    assert row.self_review == "Ưu điểm: gương mẫu." and row.self_score == Decimal("87.5")
    assert review_text.split_sections(row.self_review)["uu_diem"] == "Ưu điểm: gương mẫu."
    to_cell_stage(round_)
    # The secretary's grid sends no self score for a, and 70 for b who handed in nothing.
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={a.pk: line(85), b.pk: line(80, self_score=Decimal(70), self_rating=Rating.GOOD)},
    )
    kept = MemberEvaluation.objects.get(member=a)
    assert kept.self_score == Decimal("87.5") and kept.self_rating == Rating.EXCELLENT
    assert kept.self_criteria == {"chung": 27.5, "nhiem_vu": 60} and kept.score == Decimal(85)
    typed = MemberEvaluation.objects.get(member=b)
    assert typed.self_score == Decimal(70) and typed.self_rating == Rating.GOOD
    # Past the self-review stage nothing can be handed in.
    with refused("round", "đảng viên tự kiểm điểm không sửa được"):
        self_review(a, round_)


def test_the_parts_join_under_their_headings_and_split_back() -> None:
    text = review_text.join_sections(
        {"uu_diem": " Tốt.\x00 ", "han_che": "II. Hạn chế, khuyết điểm và nguyên nhân\nChậm."}
    )
    # A heading typed inside a part is dropped, so the text always splits back the same way.
    assert (
        text
        == "I. Ưu điểm, kết quả đạt được\nTốt.\n\nII. Hạn chế, khuyết điểm và nguyên nhân\nChậm."
    )
    parts = review_text.split_sections(text)
    assert parts["uu_diem"] == "Tốt." and parts["han_che"] == "Chậm." and parts["khac_phuc"] == ""
    assert review_text.split_sections("Viết tự do\r\nhai dòng")["uu_diem"] == "Viết tự do\nhai dòng"
    assert review_text.join_sections({}) == ""


def test_the_cells_vote_is_kept_and_checked(tree: Tree) -> None:
    a, b, _ = members_of(tree.cell_a, 3)
    round_ = to_cell_stage(open_for(tree.commune))
    [row] = services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={a.pk: line(82, votes_for=2, votes_cast=3)},
    )
    assert (row.votes_for, row.votes_cast) == (2, 3)
    for votes, words in (
        ({"votes_for": 2}, "ví dụ 15/16"),
        ({"votes_for": 1, "votes_cast": 4}, "phải từ 1 đến 3"),
        ({"votes_for": 3, "votes_cast": 2}, "không được lớn hơn số biểu quyết"),
        ({"votes_for": 0, "votes_cast": 0}, "phải từ 1 đến 3"),
    ):
        with refused("rows", words):
            services.save_grid(
                actor=None, round_=round_, cell=tree.cell_a, rows={b.pk: line(80, **votes)}
            )
    assert MemberEvaluation.objects.get(member=a).votes_for == 2
