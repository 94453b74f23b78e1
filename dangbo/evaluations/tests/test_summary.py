"""The summary tables of a round counted by hand (report_data.py), rolled up over the tree in
a fixed number of statements, and the members not classified with why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_org
from dangbo.evaluations.models import MemberEvaluation, OrganizationEvaluation, Rating
from dangbo.evaluations.summary import (
    Counts,
    Reason,
    Visible,
    percent_text,
    summary,
    unclassified,
)
from dangbo.evaluations.tests.report_data import build
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def everything() -> Visible:
    return Visible(
        Organization.objects.all(),
        Member.objects.all(),
        MemberEvaluation.objects.all(),
        OrganizationEvaluation.objects.all(),
    )


def figures(counts: Counts) -> tuple[int, ...]:
    r = counts.ratings
    return (
        counts.roll,
        counts.rated,
        r[Rating.EXCELLENT],
        r[Rating.GOOD],
        r[Rating.SATISFACTORY],
        r[Rating.FAILED],
        counts.not_rated,
        counts.pending,
        counts.missing,
        counts.exempt,
    )


def test_percentages_read_the_vietnamese_way() -> None:
    assert percent_text(87.5) == "87,5 %"
    assert percent_text(100.0) == "100 %"
    assert percent_text(200 / 3) == "66,7 %"
    assert percent_text(None) == "—"


def test_the_commune_table_has_one_row_per_cell_and_the_hand_counted_total(tree: Tree) -> None:
    cast = build(tree)
    result = summary(everything(), cast.round, tree.commune)
    rows = {row.organization.name: row for row in result.members.rows}
    assert list(rows) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert figures(rows["Chi bộ Ấp Một"].counts) == (9, 8, 1, 6, 1, 0, 0, 0, 1, 0)
    assert [c[2] for c in rows["Chi bộ Ấp Một"].counts.cells] == [
        "12,5 %",
        "75 %",
        "12,5 %",
        "0 %",
    ]
    assert percent_text(rows["Chi bộ Ấp Một"].counts.good_or_better) == "87,5 %"
    assert figures(rows["Chi bộ Ấp Hai"].counts) == (3, 1, 0, 0, 0, 1, 1, 1, 0, 1)
    assert figures(result.members.total) == (12, 9, 1, 6, 1, 1, 1, 1, 1, 1)
    assert [c[2] for c in result.members.total.cells] == ["11,1 %", "66,7 %", "11,1 %", "11,1 %"]
    assert result.members.total.unrated == 2
    orgs = {row.organization.name: row.counts for row in result.organizations.rows}
    assert figures(orgs["Chi bộ Ấp Một"])[:6] == (1, 1, 0, 1, 0, 0)
    assert figures(result.organizations.total)[:6] == (2, 2, 1, 1, 0, 0)
    assert [c[2] for c in result.organizations.total.cells] == ["50 %", "50 %", "0 %", "0 %"]


def test_the_root_rolls_the_subtrees_up_in_five_statements(
    tree: Tree, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    cast = build(tree)
    # A deeper subtree under the agencies: still the same number of statements.
    grassroots = make_org(tree.agencies, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ Sở Một", "TN.S1")
    deep = make_org(grassroots, OrgKind.CELL, "Chi bộ Phòng Một", "TN.S1.1")
    MemberFactory.create(organization=deep)
    with django_assert_num_queries(5):
        result = summary(everything(), cast.round, tree.root)
    rows = {row.organization.name: row for row in result.members.rows}
    assert figures(rows["Đảng bộ xã An Bình"].counts) == (12, 9, 1, 6, 1, 1, 1, 1, 1, 1)
    assert figures(rows["Đảng bộ các cơ quan Đảng tỉnh"].counts) == (1, 0, 0, 0, 0, 0, 0, 0, 1, 0)
    assert rows["Đảng bộ xã An Bình"].has_children
    assert figures(result.members.total)[:2] == (13, 9)
    orgs = {row.organization.name: row.counts for row in result.organizations.rows}
    # The commune, its two cells; the agencies, the grassroots committee, its cell.
    assert figures(orgs["Đảng bộ xã An Bình"])[:6] == (3, 3, 1, 1, 1, 0)
    assert figures(orgs["Đảng bộ các cơ quan Đảng tỉnh"])[:2] == (3, 0)
    assert figures(result.organizations.total)[:2] == (6, 3)


def test_a_cell_shows_its_own_members(tree: Tree) -> None:
    cast = build(tree)
    result = summary(everything(), cast.round, tree.cell_a)
    assert [row.own for row in result.members.rows] == [True]
    assert figures(result.members.total)[:2] == (9, 8)
    assert result.organizations.rows == [] and result.organizations.total.roll == 0


def test_a_correction_counts_once_with_its_new_rating(tree: Tree) -> None:
    cast = build(tree)
    old = MemberEvaluation.objects.get(member=cast.failed)
    old.current = False
    old.save()
    MemberEvaluation.objects.create(
        round=cast.round,
        member=cast.failed,
        organization=tree.cell_b,
        proposed_rating=Rating.SATISFACTORY,
        corrects=old,
    )
    total = summary(everything(), cast.round, tree.commune).members.total
    assert total.ratings[Rating.FAILED] == 0 and total.ratings[Rating.SATISFACTORY] == 2


def test_members_not_classified_say_why(tree: Tree) -> None:
    cast = build(tree)
    found = unclassified(everything(), cast.round, tree.commune)
    reasons = {row.member: row for row in found.rows}
    assert set(reasons) == {cast.missing, cast.young, cast.pending, cast.exempt}
    assert reasons[cast.missing].reason == Reason.MISSING
    assert reasons[cast.pending].reason == Reason.PENDING
    assert reasons[cast.young].reason == Reason.YOUNG
    assert "Kết nạp ngày 15/08/2025, chưa đủ 6 tháng" in reasons[cast.young].reason_text
    assert [r.member for r in found.exempt] == [cast.exempt]
    assert "Miễn công tác và sinh hoạt" in reasons[cast.exempt].reason_text
    assert len(found.to_rate) == 3 and found.more == 0


def test_a_unit_outside_the_round_is_refused(tree: Tree) -> None:
    cast = build(tree)
    cast.round.organization = tree.commune
    with pytest.raises(ValidationError) as info:
        summary(everything(), cast.round, tree.agencies)
    assert "không thuộc phạm vi đợt đánh giá năm 2025" in " ".join(info.value.messages)


def test_counts_only_what_the_caller_may_see(tree: Tree) -> None:
    cast = build(tree)
    visible = Visible(
        Organization.objects.filter(path__startswith=tree.cell_a.path),
        Member.objects.filter(organization=tree.cell_a),
        MemberEvaluation.objects.filter(organization=tree.cell_a),
        OrganizationEvaluation.objects.filter(organization=tree.cell_a),
    )
    result = summary(visible, cast.round, tree.commune)
    assert [row.organization for row in result.members.rows] == [tree.cell_a]
    assert figures(result.members.total)[:2] == (9, 8)
    assert {r.member for r in unclassified(visible, cast.round, tree.commune).rows} == {
        cast.missing
    }
