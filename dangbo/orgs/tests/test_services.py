"""Tree services: create, rename, move, merge, split, dissolve (DESIGN rules 1, 3 and 6).

A change must leave the tree right today, an OrgEvent that lets any past date be answered, and
an AuditEvent naming who did it and where; bad input must change nothing at all.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.core.formats import parse_date
from dangbo.orgs import queries
from dangbo.orgs.models import ALLOWED_CHILDREN, Organization, OrgEvent, OrgEventKind, OrgKind
from dangbo.orgs.services import (
    Decision,
    NewUnit,
    create_organization,
    dissolve_organization,
    merge_organizations,
    move_organization,
    rename_organization,
    split_organization,
)
from dangbo.orgs.tests.factories import OrganizationFactory, refused


def on(day: dt.date, number: str = "15-QĐ/TU") -> Decision:
    return Decision(effective_on=day, number=number, decided_on=day)


def parent_of(org: Organization) -> Organization | None:
    org.refresh_from_db()
    return Organization.objects.get_parent(org, update=True)


def last_audit(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, f"no audit event {action}"
    return event


def names_on(day: dt.date) -> dict[str, int | None]:
    """Every unit that existed on `day`: name → parent id, as queries.snapshots answers."""
    return {s.name: s.parent_id for s in queries.snapshots(Organization.objects.all(), day)}


def children_on(parent: Organization, day: dt.date) -> list[str]:
    return [s.name for s in queries.children_as_of(parent, day)]


def found_cell(tree: Tree, actor: User, **changes: Any) -> Organization:
    """Chi bộ Ấp Bốn (TN.AB.4) founded under the commune on 01/03/2024, but for `changes`."""
    arguments: dict[str, Any] = {
        "actor": actor,
        "parent": tree.commune,
        "kind": OrgKind.CELL,
        "name": "Chi bộ Ấp Bốn",
        "code": "TN.AB.4",
        "decision": on(dt.date(2024, 3, 1)),
    }
    return create_organization(**{**arguments, **changes})


# Two communes to split An Bình into; tests that split it say where its two cells go.
EAST_AND_WEST = [
    NewUnit("Đảng bộ xã Đông", "TN.D", OrgKind.UPPER),
    NewUnit("Đảng bộ xã Tây", "TN.T", OrgKind.UPPER),
]


@pytest.fixture
def actor(province_admin: User) -> User:
    return province_admin


@pytest.fixture
def second_commune(tree: Tree) -> Organization:
    """Đảng bộ xã An Hòa with one cell, beside An Bình, for merges."""
    commune = OrganizationFactory.create(
        parent=tree.root, kind=OrgKind.UPPER, name="Đảng bộ xã An Hòa", code="TN.AH"
    )
    OrganizationFactory.create(
        parent=commune, kind=OrgKind.CELL, name="Chi bộ Ấp Ba", code="TN.AH.3"
    )
    return commune


# --- create -----------------------------------------------------------------------------------


def test_creating_a_unit_puts_it_under_its_parent_and_records_history_and_audit(
    tree: Tree, actor: User
) -> None:
    cell = found_cell(tree, actor, name="  Chi bộ Ấp Bốn ", code="tn.ab.4")

    assert parent_of(cell) == tree.commune
    assert cell.path.startswith(tree.commune.path) and cell.depth == tree.commune.depth + 1
    assert (cell.name, cell.code, cell.active_from) == (
        "Chi bộ Ấp Bốn",
        "TN.AB.4",
        dt.date(2024, 3, 1),
    )
    event = OrgEvent.objects.get(organization=cell)
    assert (event.kind, event.new_parent, event.new_name, event.decision_number) == (
        OrgEventKind.CREATED,
        tree.commune,
        "Chi bộ Ấp Bốn",
        "15-QĐ/TU",
    )
    assert event.recorded_by == actor
    audit = last_audit("org.create")
    assert (audit.actor, audit.org_path, audit.organization_id) == (actor, cell.path, cell.pk)
    assert audit.after["name"] == "Chi bộ Ấp Bốn" and audit.after["code"] == "TN.AB.4"


def test_a_new_unit_does_not_exist_before_its_founding_date(tree: Tree, actor: User) -> None:
    found_cell(tree, actor)

    assert "Chi bộ Ấp Bốn" not in names_on(dt.date(2024, 2, 29))
    assert names_on(dt.date(2024, 3, 1))["Chi bộ Ấp Bốn"] == tree.commune.pk
    assert "Chi bộ Ấp Bốn" in children_on(tree.commune, dt.date(2024, 3, 1))


def test_names_typed_in_decomposed_unicode_are_stored_composed(tree: Tree, actor: User) -> None:
    decomposed = unicodedata.normalize("NFD", "Chi bộ Ấp Bốn")
    cell = found_cell(tree, actor, name=decomposed)

    cell.refresh_from_db()
    assert cell.name == unicodedata.normalize("NFC", "Chi bộ Ấp Bốn")


def test_a_cell_cannot_stand_directly_under_the_province(tree: Tree, actor: User) -> None:
    assert refused(
        create_organization,
        actor=actor,
        parent=tree.root,
        kind=OrgKind.CELL,
        name="Chi bộ lạc",
        code="TN.LAC",
        decision=on(dt.date(2024, 3, 1)),
    ) == {"parent": ["Chi bộ trực thuộc không thể trực thuộc đảng bộ tỉnh."]}


def test_a_code_already_used_by_another_unit_is_refused_whatever_its_case(
    tree: Tree, actor: User
) -> None:
    assert refused(found_cell, tree, actor, code="tn.ab.1") == {
        "code": ["Mã «TN.AB.1» đã được dùng cho tổ chức khác."]
    }


def test_a_unit_cannot_be_founded_in_the_future(tree: Tree, actor: User) -> None:
    assert refused(found_cell, tree, actor, decision=on(today() + dt.timedelta(days=1))) == {
        "effective_on": ["Ngày thành lập không được sau ngày hôm nay."]
    }


def test_a_unit_cannot_be_founded_under_a_parent_dissolved_since_it_was_loaded(
    tree: Tree, actor: User
) -> None:
    stale_cell_b = Organization.objects.get(pk=tree.cell_b.pk)
    dissolve_organization(actor=actor, org=tree.cell_b, decision=on(dt.date(2024, 1, 1)))

    assert refused(
        create_organization,
        actor=actor,
        parent=stale_cell_b,
        kind=OrgKind.GROUP,
        name="Tổ đảng 1",
        code="TN.AB.2.1",
        decision=on(dt.date(2024, 3, 1)),
    ) == {"parent": ["Chi bộ Ấp Hai đã chấm dứt hoạt động từ 01/01/2024."]}


# --- rename -----------------------------------------------------------------------------------


def test_renaming_keeps_the_old_name_for_dates_before_the_decision(tree: Tree, actor: User) -> None:
    rename_organization(
        actor=actor, org=tree.cell_a, name="Chi bộ Khóm Một", decision=on(dt.date(2025, 3, 1))
    )

    tree.cell_a.refresh_from_db()
    assert tree.cell_a.name == "Chi bộ Khóm Một"
    event = OrgEvent.objects.get(organization=tree.cell_a, kind=OrgEventKind.RENAMED)
    assert (event.old_name, event.new_name, event.effective_on) == (
        "Chi bộ Ấp Một",
        "Chi bộ Khóm Một",
        dt.date(2025, 3, 1),
    )
    audit = last_audit("org.rename")
    assert (audit.actor, audit.org_path) == (actor, tree.cell_a.path)
    assert (audit.before, audit.after) == ({"name": "Chi bộ Ấp Một"}, {"name": "Chi bộ Khóm Một"})
    assert children_on(tree.commune, dt.date(2025, 2, 28)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert children_on(tree.commune, dt.date(2025, 3, 1)) == ["Chi bộ Ấp Hai", "Chi bộ Khóm Một"]


def test_renaming_to_the_same_name_is_refused(tree: Tree, actor: User) -> None:
    assert refused(
        rename_organization,
        actor=actor,
        org=tree.cell_a,
        name=" Chi bộ Ấp Một ",
        decision=on(dt.date(2025, 3, 1)),
    ) == {"name": ["Tên mới trùng với tên hiện tại."]}


def test_a_rename_cannot_take_effect_in_the_future(tree: Tree, actor: User) -> None:
    assert refused(
        rename_organization,
        actor=actor,
        org=tree.cell_a,
        name="Chi bộ Khóm Một",
        decision=on(today() + dt.timedelta(days=1)),
    ) == {"effective_on": ["Ngày hiệu lực không được sau ngày hôm nay."]}


def test_a_change_cannot_be_dated_before_the_units_latest_event(tree: Tree, actor: User) -> None:
    rename_organization(
        actor=actor, org=tree.cell_a, name="Chi bộ Khóm Một", decision=on(dt.date(2025, 3, 1))
    )

    assert refused(
        move_organization,
        actor=actor,
        org=tree.cell_a,
        new_parent=tree.agencies,
        decision=on(dt.date(2025, 2, 1)),
    ) == {
        "effective_on": [
            "Lịch sử của Chi bộ Khóm Một đã có sự kiện ngày 01/03/2025; "
            "sự kiện mới không được ghi lùi ngày trước đó."
        ]
    }


def test_a_change_cannot_be_dated_before_the_unit_was_founded(tree: Tree, actor: User) -> None:
    assert refused(
        rename_organization,
        actor=actor,
        org=tree.cell_a,
        name="Chi bộ Khóm Một",
        decision=on(dt.date(2019, 12, 31)),
    ) == {"effective_on": ["Ngày hiệu lực trước ngày thành lập của Chi bộ Ấp Một (01/01/2020)."]}


# --- move -------------------------------------------------------------------------------------


def test_moving_a_unit_takes_its_subtree_and_keeps_the_old_parent_in_history(
    tree: Tree, actor: User
) -> None:
    group = OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng số 1")

    move_organization(
        actor=actor, org=tree.cell_a, new_parent=tree.agencies, decision=on(dt.date(2025, 5, 1))
    )

    assert parent_of(tree.cell_a) == tree.agencies
    assert parent_of(group) == tree.cell_a
    assert group.path.startswith(tree.agencies.path)
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    event = OrgEvent.objects.get(organization=tree.cell_a, kind=OrgEventKind.MOVED)
    assert (event.old_parent, event.new_parent) == (tree.commune, tree.agencies)
    audit = last_audit("org.move")
    assert (audit.actor, audit.org_path) == (actor, tree.cell_a.path)
    assert (audit.before, audit.after) == (
        {"parent": tree.commune.pk},
        {"parent": tree.agencies.pk},
    )
    assert children_on(tree.commune, dt.date(2025, 4, 30)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert children_on(tree.agencies, dt.date(2025, 4, 30)) == []
    assert children_on(tree.commune, dt.date(2025, 5, 1)) == ["Chi bộ Ấp Hai"]
    assert children_on(tree.agencies, dt.date(2025, 5, 1)) == ["Chi bộ Ấp Một"]
    # The group stayed under its cell all along, wherever the cell stood.
    assert names_on(dt.date(2025, 4, 30))["Tổ đảng số 1"] == tree.cell_a.pk


def test_a_rename_then_a_move_are_answered_for_every_date_in_between(
    tree: Tree, actor: User
) -> None:
    rename_organization(
        actor=actor, org=tree.cell_a, name="Chi bộ Khóm Một", decision=on(dt.date(2025, 2, 1))
    )
    move_organization(
        actor=actor, org=tree.cell_a, new_parent=tree.agencies, decision=on(dt.date(2025, 4, 1))
    )

    cell = tree.cell_a.pk
    before = {s.id: s for s in queries.snapshots(Organization.objects.all(), dt.date(2025, 1, 15))}
    between = {s.id: s for s in queries.snapshots(Organization.objects.all(), dt.date(2025, 3, 1))}
    after = {s.id: s for s in queries.snapshots(Organization.objects.all(), dt.date(2025, 4, 1))}
    assert (before[cell].name, before[cell].parent_id) == ("Chi bộ Ấp Một", tree.commune.pk)
    assert (between[cell].name, between[cell].parent_id) == ("Chi bộ Khóm Một", tree.commune.pk)
    assert (after[cell].name, after[cell].parent_id) == ("Chi bộ Khóm Một", tree.agencies.pk)


@pytest.mark.parametrize("new_parent", ["commune", "cell_a"], ids=["itself", "descendant"])
def test_a_unit_cannot_be_moved_under_itself_or_its_own_descendant(
    tree: Tree, actor: User, new_parent: str
) -> None:
    assert refused(
        move_organization,
        actor=actor,
        org=tree.commune,
        new_parent=getattr(tree, new_parent),
        decision=on(dt.date(2025, 5, 1)),
    ) == {"new_parent": ["Không thể chuyển một tổ chức vào chính nó hoặc đơn vị cấp dưới của nó."]}


def test_moving_a_unit_under_its_current_parent_is_refused(tree: Tree, actor: User) -> None:
    assert refused(
        move_organization,
        actor=actor,
        org=tree.cell_a,
        new_parent=tree.commune,
        decision=on(dt.date(2025, 5, 1)),
    ) == {"new_parent": ["Chi bộ Ấp Một đã trực thuộc Đảng bộ xã An Bình."]}


def test_a_unit_cannot_be_moved_under_a_kind_that_may_not_hold_it(tree: Tree, actor: User) -> None:
    assert refused(
        move_organization,
        actor=actor,
        org=tree.cell_a,
        new_parent=tree.root,
        decision=on(dt.date(2025, 5, 1)),
    ) == {"new_parent": ["Chi bộ trực thuộc không thể trực thuộc đảng bộ tỉnh."]}


def test_a_move_cannot_take_effect_before_the_new_parent_was_founded(
    tree: Tree, actor: User
) -> None:
    new_commune = OrganizationFactory.create(
        parent=tree.root, kind=OrgKind.UPPER, name="Đảng bộ xã Mới", active_from=dt.date(2025, 7, 1)
    )

    assert refused(
        move_organization,
        actor=actor,
        org=tree.cell_a,
        new_parent=new_commune,
        decision=on(dt.date(2025, 6, 1)),
    ) == {"effective_on": ["Ngày hiệu lực trước ngày thành lập của Đảng bộ xã Mới (01/07/2025)."]}


def test_a_dissolved_unit_cannot_receive_units(tree: Tree, actor: User) -> None:
    dissolve_organization(actor=actor, org=tree.cell_b, decision=on(dt.date(2025, 1, 1)))
    group = OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng số 1")

    assert refused(
        move_organization,
        actor=actor,
        org=group,
        new_parent=tree.cell_b,
        decision=on(dt.date(2025, 5, 1)),
    ) == {"new_parent": ["Chi bộ Ấp Hai đã chấm dứt hoạt động từ 01/01/2025."]}


# --- merge ------------------------------------------------------------------------------------


def test_merging_two_communes_into_a_new_one_moves_their_cells_and_ends_them(
    tree: Tree, actor: User, second_commune: Organization
) -> None:
    merged_day = dt.date(2025, 7, 1)
    new = create_organization(
        actor=actor,
        parent=tree.root,
        kind=OrgKind.UPPER,
        name="Đảng bộ xã An Bình Hòa",
        code="TN.ABH",
        decision=on(merged_day),
    )

    merge_organizations(
        actor=actor,
        sources=[tree.commune, second_commune],
        target=new,
        decision=on(merged_day, "120-QĐ/TU"),
    )

    for old in (tree.commune, second_commune):
        old.refresh_from_db()
        assert (old.active_to, old.merged_into) == (merged_day, new)
        merged = OrgEvent.objects.get(organization=old, kind=OrgEventKind.MERGED)
        assert (merged.counterpart, merged.decision_number) == (new, "120-QĐ/TU")
        audit = AuditEvent.objects.get(action="org.merge", organization_id=old.pk)
        assert (audit.actor, audit.org_path) == (actor, old.path)
        assert audit.after == {"active_to": "2025-07-01", "merged_into": new.pk}
    assert set(
        OrgEvent.objects.filter(organization=new, kind=OrgEventKind.MERGED_FROM).values_list(
            "counterpart", flat=True
        )
    ) == {tree.commune.pk, second_commune.pk}
    cells = Organization.objects.filter(kind=OrgKind.CELL)
    assert {parent_of(c) for c in cells} == {new}
    assert set(
        OrgEvent.objects.filter(kind=OrgEventKind.MOVED, new_parent=new).values_list(
            "old_parent", flat=True
        )
    ) == {tree.commune.pk, second_commune.pk}
    # Each cell that changed parent has its own audit event, under its new place in the tree.
    for cell in cells:
        moved = AuditEvent.objects.get(action="org.move", organization_id=cell.pk)
        assert (moved.actor, moved.org_path, moved.after) == (actor, cell.path, {"parent": new.pk})
    assert Organization.objects.find_problems() == ([], [], [], [], [])

    # 30/06/2025: the old communes stand with their cells; the new one does not exist yet.
    day_before = names_on(dt.date(2025, 6, 30))
    assert {"Đảng bộ xã An Bình", "Đảng bộ xã An Hòa"} <= day_before.keys()
    assert "Đảng bộ xã An Bình Hòa" not in day_before
    assert children_on(tree.commune, dt.date(2025, 6, 30)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert children_on(second_commune, dt.date(2025, 6, 30)) == ["Chi bộ Ấp Ba"]
    # 02/07/2025: the cells are under the new commune, the old ones are gone.
    day_after = names_on(dt.date(2025, 7, 2))
    assert "Đảng bộ xã An Bình" not in day_after and "Đảng bộ xã An Hòa" not in day_after
    assert children_on(new, dt.date(2025, 7, 2)) == [
        "Chi bộ Ấp Ba",
        "Chi bộ Ấp Hai",
        "Chi bộ Ấp Một",
    ]
    assert children_on(tree.commune, dt.date(2025, 7, 2)) == []


def test_nothing_can_be_merged_into_a_dissolved_unit(tree: Tree, actor: User) -> None:
    dissolve_organization(actor=actor, org=tree.cell_b, decision=on(dt.date(2025, 1, 1)))

    assert refused(
        merge_organizations,
        actor=actor,
        sources=[tree.cell_a],
        target=tree.cell_b,
        decision=on(dt.date(2025, 5, 1)),
    ) == {"target": ["Không thể hợp nhất vào Chi bộ Ấp Hai: đơn vị này đã chấm dứt hoạt động."]}


def test_a_unit_cannot_be_merged_into_its_own_descendant(tree: Tree, actor: User) -> None:
    assert refused(
        merge_organizations,
        actor=actor,
        sources=[tree.commune],
        target=tree.cell_a,
        decision=on(dt.date(2025, 5, 1)),
    ) == {
        "target": ["Chi bộ Ấp Một đang trực thuộc Đảng bộ xã An Bình: không thể hợp nhất vào đó."]
    }


def test_a_merge_cannot_take_effect_before_the_target_was_founded(
    tree: Tree, actor: User, second_commune: Organization
) -> None:
    new = OrganizationFactory.create(
        parent=tree.root, kind=OrgKind.UPPER, name="Đảng bộ xã Mới", active_from=dt.date(2025, 7, 1)
    )

    assert refused(
        merge_organizations,
        actor=actor,
        sources=[tree.commune, second_commune],
        target=new,
        decision=on(dt.date(2025, 6, 1)),
    ) == {"effective_on": ["Ngày hiệu lực trước ngày thành lập của Đảng bộ xã Mới (01/07/2025)."]}


def test_a_merge_cannot_be_dated_before_a_moved_units_latest_event(
    tree: Tree, actor: User, second_commune: Organization
) -> None:
    rename_organization(
        actor=actor, org=tree.cell_a, name="Chi bộ Khóm Một", decision=on(dt.date(2025, 8, 1))
    )

    assert refused(
        merge_organizations,
        actor=actor,
        sources=[tree.commune],
        target=second_commune,
        decision=on(dt.date(2025, 7, 1)),
    ) == {
        "effective_on": [
            "Lịch sử của Chi bộ Khóm Một đã có sự kiện ngày 01/08/2025; "
            "sự kiện mới không được ghi lùi ngày trước đó."
        ]
    }


def test_the_same_unit_cannot_be_merged_twice_in_one_decision(
    tree: Tree, actor: User, second_commune: Organization
) -> None:
    assert refused(
        merge_organizations,
        actor=actor,
        sources=[tree.commune, tree.commune],
        target=second_commune,
        decision=on(dt.date(2025, 7, 1)),
    ) == {"sources": ["Mỗi tổ chức chỉ được chọn một lần."]}


# --- split ------------------------------------------------------------------------------------


def test_splitting_a_commune_shares_its_cells_between_the_new_units(
    tree: Tree, actor: User
) -> None:
    split_day = dt.date(2025, 7, 1)
    east, west = split_organization(
        actor=actor,
        org=tree.commune,
        new_units=[
            NewUnit("Đảng bộ xã An Bình Đông", "TN.ABD", OrgKind.UPPER),
            NewUnit("Đảng bộ xã An Bình Tây", "TN.ABT", OrgKind.UPPER),
        ],
        child_destinations={tree.cell_a.pk: 0, tree.cell_b.pk: 1},
        decision=on(split_day),
    )

    assert parent_of(east) == tree.root and parent_of(west) == tree.root
    assert parent_of(tree.cell_a) == east and parent_of(tree.cell_b) == west
    tree.commune.refresh_from_db()
    assert tree.commune.active_to == split_day
    assert OrgEvent.objects.filter(organization=tree.commune, kind=OrgEventKind.SPLIT).count() == 1
    assert set(
        OrgEvent.objects.filter(kind=OrgEventKind.CREATED, counterpart=tree.commune).values_list(
            "organization", flat=True
        )
    ) == {east.pk, west.pk}
    audit = last_audit("org.split")
    assert (audit.actor, audit.org_path, audit.after) == (
        actor,
        tree.commune.path,
        {"active_to": "2025-07-01"},
    )
    assert (
        AuditEvent.objects.filter(
            action="org.create", organization_id__in=[east.pk, west.pk], actor=actor
        ).count()
        == 2
    )
    assert {
        (e.organization_id, e.before["parent"], e.after["parent"])
        for e in AuditEvent.objects.filter(action="org.move", actor=actor)
    } == {(tree.cell_a.pk, tree.commune.pk, east.pk), (tree.cell_b.pk, tree.commune.pk, west.pk)}
    assert children_on(tree.commune, dt.date(2025, 6, 30)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert children_on(east, dt.date(2025, 7, 1)) == ["Chi bộ Ấp Một"]
    assert children_on(west, dt.date(2025, 7, 1)) == ["Chi bộ Ấp Hai"]
    assert "Đảng bộ xã An Bình" not in names_on(dt.date(2025, 7, 1))
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_a_split_must_say_where_every_active_child_goes(tree: Tree, actor: User) -> None:
    assert refused(
        split_organization,
        actor=actor,
        org=tree.commune,
        new_units=EAST_AND_WEST,
        child_destinations={tree.cell_a.pk: 0},
        decision=on(dt.date(2025, 7, 1)),
    ) == {"new_units": ["Chọn đơn vị mới tiếp nhận Chi bộ Ấp Hai."]}


def test_a_split_into_units_that_may_not_hold_the_children_changes_nothing(
    tree: Tree, actor: User
) -> None:
    # The new units are created before the children are checked against them: the whole
    # transaction must still roll back.
    assert refused(
        split_organization,
        actor=actor,
        org=tree.commune,
        new_units=[
            NewUnit("Chi bộ Đông", "TN.D", OrgKind.GRASSROOTS_CELL),
            NewUnit("Chi bộ Tây", "TN.T", OrgKind.GRASSROOTS_CELL),
        ],
        child_destinations={tree.cell_a.pk: 0, tree.cell_b.pk: 1},
        decision=on(dt.date(2025, 7, 1)),
    ) == {"new_units": ["Chi bộ trực thuộc không thể trực thuộc chi bộ cơ sở."]}


def test_a_split_cannot_be_dated_before_a_moved_units_latest_event(tree: Tree, actor: User) -> None:
    rename_organization(
        actor=actor, org=tree.cell_b, name="Chi bộ Khóm Hai", decision=on(dt.date(2025, 8, 1))
    )

    assert refused(
        split_organization,
        actor=actor,
        org=tree.commune,
        new_units=EAST_AND_WEST,
        child_destinations={tree.cell_a.pk: 0, tree.cell_b.pk: 1},
        decision=on(dt.date(2025, 7, 1)),
    ) == {
        "effective_on": [
            "Lịch sử của Chi bộ Khóm Hai đã có sự kiện ngày 01/08/2025; "
            "sự kiện mới không được ghi lùi ngày trước đó."
        ]
    }


# --- dissolve ---------------------------------------------------------------------------------


def test_dissolving_a_unit_ends_it_but_keeps_it_in_the_past(tree: Tree, actor: User) -> None:
    dissolve_organization(actor=actor, org=tree.cell_b, decision=on(dt.date(2025, 9, 1)))

    tree.cell_b.refresh_from_db()
    assert tree.cell_b.active_to == dt.date(2025, 9, 1)
    assert Organization.objects.filter(pk=tree.cell_b.pk).exists()
    assert OrgEvent.objects.filter(organization=tree.cell_b, kind=OrgEventKind.DISSOLVED).exists()
    audit = last_audit("org.dissolve")
    assert (audit.actor, audit.org_path, audit.after) == (
        actor,
        tree.cell_b.path,
        {"active_to": "2025-09-01"},
    )
    assert children_on(tree.commune, dt.date(2025, 8, 31)) == ["Chi bộ Ấp Hai", "Chi bộ Ấp Một"]
    assert children_on(tree.commune, dt.date(2025, 9, 1)) == ["Chi bộ Ấp Một"]


def test_a_unit_with_active_children_cannot_be_dissolved(tree: Tree, actor: User) -> None:
    assert refused(
        dissolve_organization, actor=actor, org=tree.commune, decision=on(dt.date(2025, 9, 1))
    ) == {
        "effective_on": [
            "Đảng bộ xã An Bình còn 2 đơn vị trực thuộc đang hoạt động "
            "(Chi bộ Ấp Một, Chi bộ Ấp Hai): chuyển hoặc giải thể các đơn vị đó trước, "
            "hoặc dùng hợp nhất."
        ]
    }


def test_a_dissolution_cannot_take_effect_in_the_future(tree: Tree, actor: User) -> None:
    assert refused(
        dissolve_organization,
        actor=actor,
        org=tree.cell_b,
        decision=on(today() + dt.timedelta(days=1)),
    ) == {"effective_on": ["Ngày hiệu lực không được sau ngày hôm nay."]}


def test_a_unit_cannot_be_dissolved_twice(tree: Tree, actor: User) -> None:
    dissolve_organization(actor=actor, org=tree.cell_b, decision=on(dt.date(2025, 9, 1)))

    assert refused(
        dissolve_organization, actor=actor, org=tree.cell_b, decision=on(dt.date(2025, 10, 1))
    ) == {"effective_on": ["Chi bộ Ấp Hai đã chấm dứt hoạt động từ 01/09/2025."]}


# --- dates typed by people --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2025-13-45", "abc", "31/02/2025"])
def test_an_impossible_or_unreadable_date_is_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert str(exc.value) == f"Ngày không hợp lệ: «{text}». Nhập theo dạng dd/mm/yyyy."


# --- property: any sequence of creates, moves and renames keeps the tree and its history ---

NAMES = ["Chi bộ Ấp Một", "Đảng bộ xã Tân Phú", "Chi bộ Khóm 3", "Tổ đảng số 1", "Đảng bộ phường Ả"]
KINDS = [kind.value for kind in OrgKind]
INDEX = st.integers(min_value=0, max_value=40)
DAYS = st.integers(min_value=0, max_value=40)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), INDEX, st.sampled_from(KINDS), st.sampled_from(NAMES), DAYS),
        st.tuples(st.just("rename"), INDEX, st.sampled_from(NAMES), DAYS),
        st.tuples(st.just("move"), INDEX, INDEX, DAYS),
    ),
    min_size=1,
    max_size=15,
)


class TreeModel:
    """What the tree should be, kept in plain Python beside the database."""

    def __init__(self) -> None:
        self.order: list[int] = []
        self.parent: dict[int, int | None] = {}
        self.name: dict[int, str] = {}
        self.kind: dict[int, str] = {}

    def add(self, org: Organization, parent: int | None) -> None:
        self.order.append(org.pk)
        self.parent[org.pk], self.name[org.pk], self.kind[org.pk] = parent, org.name, org.kind

    def pick(self, index: int) -> int:
        return self.order[index % len(self.order)]

    def is_below(self, node: int, ancestor: int) -> bool:
        current: int | None = node
        while current is not None:
            if current == ancestor:
                return True
            current = self.parent[current]
        return False

    def state(self) -> dict[int, tuple[str, int | None]]:
        return {pk: (self.name[pk], self.parent[pk]) for pk in self.order}


def snapshot_state(day: dt.date) -> dict[int, tuple[str, int | None]]:
    return {s.id: (s.name, s.parent_id) for s in queries.snapshots(Organization.objects.all(), day)}


class TreeHistoryPropertyTests(HypothesisTestCase):
    @hypothesis_settings(max_examples=25, deadline=None)
    @given(operations=OPERATIONS)
    def test_any_sequence_of_creates_moves_and_renames_keeps_tree_and_history_consistent(
        self, operations: list[tuple[Any, ...]]
    ) -> None:
        model = TreeModel()
        codes = iter(range(1, 10_000))
        root = OrganizationFactory.create(parent=None, name="Đảng bộ tỉnh Thử", code="P")
        model.add(root, None)
        for name in ("Đảng bộ xã Một", "Đảng bộ xã Hai"):
            model.add(
                OrganizationFactory.create(
                    parent=root, kind=OrgKind.UPPER, name=name, code=f"U{next(codes)}"
                ),
                root.pk,
            )
        model.add(
            OrganizationFactory.create(
                parent=Organization.objects.get(pk=model.order[1]),
                kind=OrgKind.CELL,
                name="Chi bộ 1",
                code=f"C{next(codes)}",
            ),
            model.order[1],
        )

        # The starting tree was founded on 01/01/2020; the operations come from 2021, in order.
        day = dt.date(2021, 1, 1)
        states = {dt.date(2020, 12, 31): model.state()}
        for operation in operations:
            day += dt.timedelta(days=operation[-1])
            self._apply(model, operation, day, codes)
            states[day] = model.state()

        assert Organization.objects.find_problems() == ([], [], [], [], [])
        current = {
            org.pk: (org.name, getattr(Organization.objects.get_parent(org), "pk", None))
            for org in Organization.objects.all()
        }
        assert current == model.state()
        assert snapshot_state(today()) == current
        # Every past date on which something happened reads back as the tree stood that evening.
        for past, state in states.items():
            assert snapshot_state(past) == state
        for past in {min(states), max(states)}:
            for pk in states[past]:
                parent = Organization.objects.get(pk=pk)
                expected = {c for c, (_, p) in states[past].items() if p == pk}
                assert {s.id for s in queries.children_as_of(parent, past)} == expected

    def _apply(
        self, model: TreeModel, operation: tuple[Any, ...], day: dt.date, codes: Iterator[int]
    ) -> None:
        verb = operation[0]
        decision = Decision(effective_on=day)
        if verb == "create":
            _, index, kind, name, _ = operation
            parent = model.pick(index)
            valid = kind in ALLOWED_CHILDREN[OrgKind(model.kind[parent])]
            self._expect(
                valid,
                lambda: model.add(
                    create_organization(
                        actor=None,
                        parent=Organization.objects.get(pk=parent),
                        kind=kind,
                        name=name,
                        code=f"N{next(codes)}",
                        decision=decision,
                    ),
                    parent,
                ),
            )
        elif verb == "rename":
            _, index, name, _ = operation
            pk = model.pick(index)

            def rename() -> None:
                rename_organization(
                    actor=None, org=Organization.objects.get(pk=pk), name=name, decision=decision
                )
                model.name[pk] = name

            self._expect(model.name[pk] != name, rename)
        else:
            _, index, target_index, _ = operation
            pk, target = model.pick(index), model.pick(target_index)
            valid = (
                not model.is_below(target, pk)
                and model.parent[pk] != target
                and model.kind[pk] in ALLOWED_CHILDREN[OrgKind(model.kind[target])]
            )

            def move() -> None:
                move_organization(
                    actor=None,
                    org=Organization.objects.get(pk=pk),
                    new_parent=Organization.objects.get(pk=target),
                    decision=decision,
                )
                model.parent[pk] = target

            self._expect(valid, move)

    def _expect(self, valid: bool, write: Callable[[], object]) -> None:
        """The service must accept exactly what the model calls valid, and a refusal must
        leave every row as it was."""
        before = snapshot_state(today())
        try:
            write()
        except ValidationError:
            assert not valid, "the service refused a valid change"
            assert snapshot_state(today()) == before
        else:
            assert valid, "the service accepted an invalid change"
