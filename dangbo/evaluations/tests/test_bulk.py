"""Applying the rules to the whole round, and the HTXSNV quota at every level of its tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import bulk, services
from dangbo.evaluations.models import MemberEvaluation, QuotaReading, Rating, RoundStage
from dangbo.evaluations.tests.helpers import line, members_of, open_for, refused, to_cell_stage
from dangbo.members import services as member_services
from dangbo.members.models import Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_a_discipline_recorded_after_the_grid_caps_the_line_when_rules_are_applied(
    tree: Tree,
) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={a.pk: line(85), b.pk: line(75)},
    )
    member_services.discipline_member(
        actor=None,
        member=a,
        decision=Decision(effective_on=dt.date(2025, 11, 3), number="07-QĐ/ĐU"),
        sanction=Sanction.REPRIMAND,
        authority="Đảng ủy xã An Bình",
        reason="Vi phạm quy định về những điều đảng viên không được làm",
    )
    applied = bulk.apply_rules(actor=None, round_=round_)
    assert (applied.lines, applied.changed, applied.above_rules) == (2, 1, 1)
    assert applied.above_rules_names == [f"{a.full_name}: HTTNV, quy định cho tối đa KHTNV"]
    row = MemberEvaluation.objects.get(member=a, current=True)
    assert row.rule_rating == Rating.FAILED and row.discipline_event is not None
    assert row.rule_reasons[-1] == "Bị thi hành kỷ luật ngày 03/11/2025 trong năm."
    # The cell's proposal is the cell's: it is flagged, never lowered behind its back.
    assert row.proposed_rating == Rating.GOOD
    assert MemberEvaluation.objects.get(member=b, current=True).rule_rating == Rating.GOOD
    event = AuditEvent.objects.get(action="evaluation.apply_rules")
    assert event.after["changed"] == 1
    # Applying again changes nothing.
    again = bulk.apply_rules(actor=None, round_=round_)
    assert (again.lines, again.changed, again.above_rules) == (2, 0, 1)


def test_rules_are_not_applied_to_a_published_round(tree: Tree) -> None:
    round_ = open_for(tree.commune)
    for stage in (RoundStage.CELL, RoundStage.COMMITTEE, RoundStage.PUBLISHED):
        services.advance_round(actor=None, round_=round_, stage=stage)
    with refused("round", "không áp dụng lại quy định"):
        bulk.apply_rules(actor=None, round_=round_)


def test_the_quota_is_counted_at_every_level(tree: Tree) -> None:
    """Cell A: 6 at HTTNV or better, 2 of them HTXSNV with reasons (cap ⌊6/6⌋ = 1 under A).
    Cell B: 5 at HTTNV or better, none HTXSNV, 1 HTNV. Commune: 11, 2 HTXSNV, cap ⌊11/6⌋ = 1."""
    cell_a = members_of(tree.cell_a, 6)
    cell_b = members_of(tree.cell_b, 6)
    round_ = to_cell_stage(open_for(tree.root, quota_reading=QuotaReading.GOOD_ONLY))
    reason = "Điển hình tiên tiến của tỉnh"
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={
            m.pk: line(95, exceeding=40, override_reason=reason) if i < 2 else line(80)
            for i, m in enumerate(cell_a)
        },
    )
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_b,
        rows={m.pk: line(80) if i < 5 else line(60) for i, m in enumerate(cell_b)},
    )
    lines = {q.organization.pk: q for q in bulk.quota_by_level(round_)}
    counts = {
        pk: (q.good_or_better, q.excellent, q.cap, q.over, q.with_reason) for pk, q in lines.items()
    }
    assert counts == {
        tree.root.pk: (11, 2, 1, 1, 2),
        tree.commune.pk: (11, 2, 1, 1, 2),
        tree.cell_a.pk: (6, 2, 1, 1, 2),
        tree.cell_b.pk: (5, 0, 0, 0, 0),
    }
    # Reading B counts the whole pool: ⌊11/5⌋ = 2 at the commune, ⌊6/5⌋ = 1 in cell A.
    round_.quota_reading = QuotaReading.GOOD_OR_BETTER
    round_.save(update_fields=["quota_reading"])
    caps = {q.organization.pk: q.cap for q in bulk.quota_by_level(round_)}
    assert caps == {tree.root.pk: 2, tree.commune.pk: 2, tree.cell_a.pk: 1, tree.cell_b.pk: 1}


def test_an_empty_round_has_no_quota_lines(tree: Tree) -> None:
    assert bulk.quota_by_level(open_for(tree.commune)) == []


def test_the_quota_page_and_applying_the_rules_from_it(
    tree: Tree, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    cell_a = members_of(tree.cell_a, 6)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={
            m.pk: line(95, exceeding=40, override_reason="Điển hình tiên tiến")
            if i < 2
            else line(80)
            for i, m in enumerate(cell_a)
        },
    )
    office = client_for(province_admin)
    assert f"/danh-gia/{round_.pk}/ty-le/" in office.get(f"/danh-gia/{round_.pk}/").content.decode()
    page = office.get(f"/danh-gia/{round_.pk}/ty-le/").content.decode()
    assert "Đảng bộ xã An Bình" in page and "Chi bộ Ấp Một" in page
    assert "Áp dụng lại quy định cho cả đợt" in page
    response = office.post(f"/danh-gia/{round_.pk}/ap-dung-quy-dinh/", follow=True)
    assert "Đã áp dụng QĐ 366-QĐ/TW" in response.content.decode()
    assert "cho 6 đảng viên: 0 trường hợp thay đổi" in response.content.decode()
    # The cell's secretary reads the round but may not apply rules to the whole commune, and
    # sees only its own cell's line of the table.
    secretary = client_for(secretary_a)
    assert secretary.post(f"/danh-gia/{round_.pk}/ap-dung-quy-dinh/").status_code == 403
    page = secretary.get(f"/danh-gia/{round_.pk}/ty-le/").content.decode()
    assert "Chi bộ Ấp Một" in page and "Đảng bộ xã An Bình</td>" not in page
    assert "Áp dụng lại quy định cho cả đợt" not in page
    assert AuditEvent.objects.filter(action="evaluation.apply_rules").count() == 1


def test_applying_the_rules_keeps_a_recent_admission_unrated(tree: Tree) -> None:
    """§1.6 case 7 through the whole-round path: equal scores, different admission dates."""
    new = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=dt.date(2025, 8, 1),
        admitted_on=dt.date(2025, 8, 15),
        official_on=None,
    )
    (old,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={new.pk: line(80), old.pk: line(80)}
    )
    MemberEvaluation.objects.update(rule_rating="", rule_reasons=[], not_rated=False)
    applied = bulk.apply_rules(actor=None, round_=round_)
    assert applied.changed == 2
    rows = {e.member_id: e for e in MemberEvaluation.objects.all()}
    assert rows[new.pk].not_rated and rows[new.pk].rule_rating == ""
    assert rows[new.pk].rule_reasons[0].startswith("Kết nạp ngày 15/08/2025")
    assert not rows[old.pk].not_rated and rows[old.pk].rule_rating == Rating.GOOD
