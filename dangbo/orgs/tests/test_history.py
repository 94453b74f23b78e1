"""Reading the tree as it stood on any date (DESIGN rule 3) and the reads pages build on."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.orgs import queries
from dangbo.orgs.models import Organization, OrgEventKind, OrgKind
from dangbo.orgs.services import (
    Decision,
    dissolve_organization,
    merge_organizations,
    move_organization,
    rename_organization,
)
from dangbo.orgs.tests.factories import OrganizationFactory


def on(day: dt.date) -> Decision:
    return Decision(effective_on=day, number="07-QĐ/TU")


def snapshot_of(org: Organization, day: dt.date) -> queries.OrgSnapshot | None:
    found = [s for s in queries.snapshots(Organization.objects.filter(pk=org.pk), day)]
    return found[0] if found else None


def test_a_unit_renamed_twice_shows_each_name_in_its_own_period(tree: Tree) -> None:
    rename_organization(
        actor=None, org=tree.cell_a, name="Chi bộ Khóm Một", decision=on(dt.date(2022, 1, 1))
    )
    rename_organization(
        actor=None, org=tree.cell_a, name="Chi bộ Khu phố Một", decision=on(dt.date(2024, 1, 1))
    )

    names = {
        day: getattr(snapshot_of(tree.cell_a, day), "name", None)
        for day in (
            dt.date(2021, 12, 31),
            dt.date(2022, 1, 1),
            dt.date(2023, 12, 31),
            dt.date(2024, 1, 1),
        )
    }
    assert names == {
        dt.date(2021, 12, 31): "Chi bộ Ấp Một",
        dt.date(2022, 1, 1): "Chi bộ Khóm Một",
        dt.date(2023, 12, 31): "Chi bộ Khóm Một",
        dt.date(2024, 1, 1): "Chi bộ Khu phố Một",
    }


def test_a_renamed_unit_keeps_its_old_short_name_in_the_past(tree: Tree) -> None:
    rename_organization(
        actor=None,
        org=tree.commune,
        name="Đảng bộ xã An Bình Mới",
        short_name="ĐB xã An Bình Mới",
        decision=on(dt.date(2025, 7, 1)),
    )
    rename_organization(
        actor=None,
        org=tree.commune,
        name="Đảng bộ phường An Bình",
        short_name="ĐB phường An Bình",
        decision=on(dt.date(2025, 9, 1)),
    )
    short_names = [
        getattr(snapshot_of(tree.commune, day), "short_name", None)
        for day in (dt.date(2025, 6, 30), dt.date(2025, 8, 1), dt.date(2025, 9, 1))
    ]
    assert short_names == ["", "ĐB xã An Bình Mới", "ĐB phường An Bình"]


def test_a_unit_that_moved_away_and_back_is_under_the_right_parent_in_each_period(
    tree: Tree,
) -> None:
    move_organization(
        actor=None, org=tree.cell_b, new_parent=tree.agencies, decision=on(dt.date(2022, 1, 1))
    )
    move_organization(
        actor=None, org=tree.cell_b, new_parent=tree.commune, decision=on(dt.date(2024, 1, 1))
    )

    def under(parent: Organization, day: dt.date) -> list[str]:
        return [s.name for s in queries.children_as_of(parent, day)]

    assert under(tree.commune, dt.date(2021, 6, 1)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert under(tree.agencies, dt.date(2021, 6, 1)) == []
    assert under(tree.commune, dt.date(2023, 6, 1)) == ["Chi bộ Ấp Một"]
    assert under(tree.agencies, dt.date(2023, 6, 1)) == ["Chi bộ Ấp Hai"]
    assert under(tree.commune, dt.date(2024, 6, 1)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert under(tree.agencies, dt.date(2024, 6, 1)) == []


def test_a_unit_exists_from_its_founding_day_until_the_day_before_it_ends(tree: Tree) -> None:
    dissolve_organization(actor=None, org=tree.cell_b, decision=on(dt.date(2025, 9, 1)))

    assert snapshot_of(tree.cell_b, dt.date(2019, 12, 31)) is None
    assert snapshot_of(tree.cell_b, dt.date(2020, 1, 1)) is not None
    assert snapshot_of(tree.cell_b, dt.date(2025, 8, 31)) is not None
    assert snapshot_of(tree.cell_b, dt.date(2025, 9, 1)) is None


def test_a_snapshot_keeps_todays_path_for_links_and_the_date_it_answers(tree: Tree) -> None:
    move_organization(
        actor=None, org=tree.cell_a, new_parent=tree.agencies, decision=on(dt.date(2024, 1, 1))
    )
    tree.cell_a.refresh_from_db()

    past = snapshot_of(tree.cell_a, dt.date(2023, 1, 1))

    assert past is not None
    assert (past.parent_id, past.path, past.as_of) == (
        tree.commune.pk,
        tree.cell_a.path,
        dt.date(2023, 1, 1),
    )
    assert past.kind_label == "Chi bộ trực thuộc"


def test_a_date_costs_a_fixed_number_of_queries_however_big_the_tree(
    tree: Tree, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(15):
        cell = OrganizationFactory.create(parent=tree.commune, kind=OrgKind.CELL)
        rename_organization(
            actor=None, org=cell, name=f"Chi bộ Khóm {n}", decision=on(dt.date(2023, 1, 1))
        )
        move_organization(
            actor=None, org=cell, new_parent=tree.agencies, decision=on(dt.date(2024, 1, 1))
        )

    with django_assert_max_num_queries(4):
        rows = queries.snapshots(Organization.objects.all(), dt.date(2022, 6, 1))
    with django_assert_max_num_queries(4):
        children = queries.children_as_of(tree.commune, dt.date(2022, 6, 1))

    assert len(rows) == 20
    assert len(children) == 17


def test_history_lists_events_about_the_unit_and_those_that_name_it_newest_first(
    tree: Tree,
) -> None:
    move_organization(
        actor=None, org=tree.cell_a, new_parent=tree.agencies, decision=on(dt.date(2023, 1, 1))
    )
    rename_organization(
        actor=None,
        org=tree.commune,
        name="Đảng bộ xã An Bình Mới",
        decision=on(dt.date(2024, 1, 1)),
    )
    merge_organizations(
        actor=None, sources=[tree.agencies], target=tree.commune, decision=on(dt.date(2025, 1, 1))
    )

    events = [(e.kind, e.organization_id) for e in queries.history(tree.commune)]

    assert events[0] in {
        (OrgEventKind.MERGED, tree.agencies.pk),
        (OrgEventKind.MERGED_FROM, tree.commune.pk),
    }
    assert (OrgEventKind.MOVED, tree.cell_a.pk) in events  # moved out in 2023, back in 2025
    assert (OrgEventKind.RENAMED, tree.commune.pk) in events
    assert (OrgEventKind.CREATED, tree.cell_b.pk) in events  # named it as its parent
    assert (OrgEventKind.RENAMED, tree.cell_b.pk) not in events
    dates = [e.effective_on for e in queries.history(tree.commune)]
    assert dates == sorted(dates, reverse=True)


def test_active_children_skip_ended_units_and_count_their_own_children(tree: Tree) -> None:
    OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng 1")
    OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng 2")
    extra = OrganizationFactory.create(parent=tree.commune, kind=OrgKind.CELL, name="Chi bộ Ấp Ba")
    dissolve_organization(actor=None, org=extra, decision=on(dt.date(2025, 1, 1)))

    children = queries.active_children(tree.commune)

    assert [c.name for c in children] == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert [c.active_child_count for c in children] == [0, 2]
    assert queries.subtree_counts(tree.root) == {
        OrgKind.UPPER: 2,
        OrgKind.CELL: 2,
        OrgKind.GROUP: 2,
    }


@pytest.mark.parametrize("typed", ["chi bo ap mot", "CHI BỘ ẤP MỘT", "mot ap", "tn.ab.1"])
def test_search_finds_a_unit_without_diacritics_case_or_word_order(tree: Tree, typed: str) -> None:
    found = queries.search(Organization.objects.all(), typed)

    assert [o.name for o in found] == ["Chi bộ Ấp Một"]


def test_search_matches_d_for_đ_and_puts_ended_units_last(tree: Tree) -> None:
    dissolved = OrganizationFactory.create(
        parent=tree.root, kind=OrgKind.UPPER, name="Đảng bộ xã Cũ"
    )
    dissolve_organization(actor=None, org=dissolved, decision=on(dt.date(2025, 1, 1)))

    found = [o.name for o in queries.search(Organization.objects.all(), "dang bo")]

    assert found[-1] == "Đảng bộ xã Cũ"
    assert set(found) == {
        "Đảng bộ tỉnh Thử Nghiệm",
        "Đảng bộ xã An Bình",
        "Đảng bộ các cơ quan Đảng tỉnh",
        "Đảng bộ xã Cũ",
    }


def test_search_for_nothing_but_spaces_finds_nothing(tree: Tree) -> None:
    assert queries.search(Organization.objects.all(), "   ") == []
