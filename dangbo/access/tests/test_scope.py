"""scope(), get_or_404(), units_for(), can(): the one gate for reading scoped data (rule 2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.access.models import Grant, Role
from dangbo.access.policy import Action
from dangbo.access.scoping import can, forget_grants, get_or_404, require, scope, units_for
from dangbo.access.tests.factories import AuditEventFactory, GrantFactory, UserFactory
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.orgs.models import Committee, Organization, OrgKind
from dangbo.orgs.tests.factories import CommitteeFactory, OrganizationFactory


def names(queryset: object) -> set[str]:
    return {str(o) for o in queryset}  # type: ignore[attr-defined]


def fresh(user: User) -> User:
    """The same user without cached grants, as in a new request."""
    return User.objects.get(pk=user.pk)


def test_scope_costs_at_most_two_queries_however_many_grants_the_user_has(
    tree: Tree, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    user = UserFactory.create()
    roles = [Role.SECRETARY, Role.VIEWER, Role.OFFICE, Role.MEMBER, Role.INSPECTION]
    for n in range(30):
        parent = [tree.commune, tree.agencies, tree.cell_a][n % 3]
        unit = OrganizationFactory.create(parent=parent)
        GrantFactory.create(user=user, organization=unit, role=roles[n % len(roles)])
    user = fresh(user)

    with django_assert_max_num_queries(2):
        visible = list(scope(user, Organization))

    assert len(visible) == 30
    assert tree.root not in visible and tree.cell_b not in visible


def test_scope_reuses_the_grants_it_read_for_the_rest_of_the_request(
    tree: Tree, secretary_a: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = fresh(secretary_a)
    list(scope(user, Organization))

    with django_assert_num_queries(1):
        list(scope(user, Committee))
    with django_assert_num_queries(0):
        assert can(user, Action.EDIT, tree.cell_a)


def test_a_grant_that_has_not_started_yet_gives_nothing(tree: Tree) -> None:
    user = UserFactory.create()
    GrantFactory.create(
        user=user, organization=tree.commune, role=Role.VIEWER, valid_from=dt.date(2030, 1, 1)
    )

    with time_machine.travel(dt.datetime(2029, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        assert list(scope(fresh(user), Organization)) == []
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        assert names(scope(fresh(user), Organization)) == {
            "Đảng bộ xã An Bình",
            "Chi bộ Ấp Một",
            "Chi bộ Ấp Hai",
        }


def test_a_grant_that_has_ended_gives_nothing_from_the_next_day(tree: Tree) -> None:
    user = UserFactory.create()
    GrantFactory.create(
        user=user,
        organization=tree.cell_a,
        role=Role.SECRETARY,
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )

    # 31/12/2024 23:30 in Hà Nội is still the last valid day; 00:30 on 01/01/2025 is not.
    with time_machine.travel(dt.datetime(2024, 12, 31, 16, 30, tzinfo=dt.UTC), tick=False):
        assert names(scope(fresh(user), Organization)) == {"Chi bộ Ấp Một"}
    with time_machine.travel(dt.datetime(2024, 12, 31, 17, 30, tzinfo=dt.UTC), tick=False):
        assert list(scope(fresh(user), Organization)) == []
        assert not can(fresh(user), Action.VIEW, tree.cell_a)


def test_an_inactive_account_sees_nothing_whatever_its_grants(
    tree: Tree, province_admin: User
) -> None:
    province_admin.is_active = False

    assert list(scope(province_admin, Organization)) == []


def test_an_anonymous_user_sees_nothing(tree: Tree) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(scope(AnonymousUser(), Organization)) == []
    assert list(scope(None, Organization)) == []


def test_an_office_grant_at_a_commune_covers_its_subtree_only(tree: Tree) -> None:
    user = UserFactory.create()
    GrantFactory.create(user=user, organization=tree.commune, role=Role.OFFICE)
    group = OrganizationFactory.create(parent=tree.cell_b, name="Tổ đảng số 2")

    assert names(scope(user, Organization)) == {
        "Đảng bộ xã An Bình",
        "Chi bộ Ấp Một",
        "Chi bộ Ấp Hai",
        group.name,
    }
    assert can(user, Action.STRUCTURE, tree.cell_b)
    assert not can(user, Action.VIEW, tree.root)
    assert not can(user, Action.VIEW, tree.agencies)


def test_a_secretary_sees_her_cell_and_below_never_the_sibling_cell(
    tree: Tree, secretary_a: User
) -> None:
    group = OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng số 1")
    mine = CommitteeFactory.create(organization=tree.cell_a)
    CommitteeFactory.create(organization=tree.cell_b)

    assert names(scope(secretary_a, Organization)) == {"Chi bộ Ấp Một", group.name}
    assert list(scope(secretary_a, Committee)) == [mine]


def test_a_member_sees_only_the_node_of_the_grant(tree: Tree, member_a: User) -> None:
    OrganizationFactory.create(parent=tree.cell_a, name="Tổ đảng số 1")
    mine = CommitteeFactory.create(organization=tree.cell_a)

    assert names(scope(member_a, Organization)) == {"Chi bộ Ấp Một"}
    assert list(scope(member_a, Committee)) == [mine]
    assert not can(member_a, Action.EDIT, tree.cell_a)


def test_an_outsider_sees_nothing(tree: Tree, outsider: User) -> None:
    assert list(scope(outsider, Organization)) == []
    assert list(units_for(outsider)) == []


def test_scope_with_an_action_keeps_only_units_where_the_role_allows_it(
    tree: Tree, secretary_a: User, province_admin: User
) -> None:
    assert names(scope(secretary_a, Organization, Action.EDIT)) == {"Chi bộ Ấp Một"}
    assert list(scope(secretary_a, Organization, Action.STRUCTURE)) == []
    assert scope(province_admin, Organization, Action.STRUCTURE).count() == 5


def test_reading_the_audit_log_needs_the_audit_permission_not_just_view(
    tree: Tree, secretary_a: User, member_a: User
) -> None:
    AuditEventFactory.create(organization=tree.cell_a)
    inspector = UserFactory.create()
    GrantFactory.create(user=inspector, organization=tree.cell_a, role=Role.INSPECTION)

    # Both may view cell A, yet neither may read who changed what there, nor from where.
    assert list(scope(secretary_a, AuditEvent)) == []
    assert list(scope(member_a, AuditEvent)) == []
    assert scope(inspector, AuditEvent).exists()
    assert not scope(inspector, AuditEvent).exclude(org_path__startswith=tree.cell_a.path)


def test_seeing_who_holds_grants_needs_the_grants_permission(
    tree: Tree, secretary_a: User, province_admin: User
) -> None:
    assert list(scope(secretary_a, Grant)) == []
    assert scope(province_admin, Grant).count() == 2


def test_get_or_404_returns_a_visible_object(tree: Tree, secretary_a: User) -> None:
    assert get_or_404(secretary_a, Organization, pk=tree.cell_a.pk) == tree.cell_a
    assert get_or_404(secretary_a, Organization, Action.EDIT, pk=tree.cell_a.pk) == tree.cell_a


def test_get_or_404_hides_what_the_user_may_not_see(tree: Tree, secretary_a: User) -> None:
    for hidden in (tree.cell_b, tree.commune, tree.root):
        with pytest.raises(Http404):
            get_or_404(secretary_a, Organization, pk=hidden.pk)
    with pytest.raises(Http404):
        get_or_404(secretary_a, Organization, pk=10**9)


def test_get_or_404_refuses_an_action_on_what_the_user_may_only_see(
    tree: Tree, secretary_a: User, member_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        get_or_404(secretary_a, Organization, Action.STRUCTURE, pk=tree.cell_a.pk)
    with pytest.raises(PermissionDenied):
        get_or_404(member_a, Organization, Action.EDIT, pk=tree.cell_a.pk)


def test_get_or_404_hides_rather_than_refuses_an_action_outside_the_scope(
    tree: Tree, secretary_a: User
) -> None:
    # 403 would tell her that cell B exists; it must look like nothing is there.
    with pytest.raises(Http404):
        get_or_404(secretary_a, Organization, Action.EDIT, pk=tree.cell_b.pk)


def test_units_for_lists_the_units_an_action_may_be_taken_on(
    tree: Tree, secretary_a: User, province_admin: User
) -> None:
    office = UserFactory.create()
    GrantFactory.create(user=office, organization=tree.commune, role=Role.OFFICE)
    GrantFactory.create(user=office, organization=tree.agencies, role=Role.VIEWER)

    assert names(units_for(secretary_a)) == {"Chi bộ Ấp Một"}
    assert list(units_for(secretary_a, Action.STRUCTURE)) == []
    assert names(units_for(office, Action.STRUCTURE)) == {
        "Đảng bộ xã An Bình",
        "Chi bộ Ấp Một",
        "Chi bộ Ấp Hai",
    }
    assert names(units_for(office)) == {
        "Đảng bộ xã An Bình",
        "Chi bộ Ấp Một",
        "Chi bộ Ấp Hai",
        "Đảng bộ các cơ quan Đảng tỉnh",
    }
    assert units_for(province_admin, Action.GRANTS).count() == 5


def test_require_raises_permission_denied_outside_the_grants(tree: Tree, secretary_a: User) -> None:
    require(secretary_a, Action.EDIT, tree.cell_a)
    with pytest.raises(PermissionDenied):
        require(secretary_a, Action.EDIT, tree.cell_b)


def test_a_grant_at_a_unit_does_not_cover_a_sibling_whose_path_shares_its_prefix(
    tree: Tree,
) -> None:
    # Sibling paths differ only in their last fixed-width step; with a dozen siblings the steps
    # run past 9 into letters, and no sibling may pass for being below the granted one.
    cells = [OrganizationFactory.create(parent=tree.commune, kind=OrgKind.CELL) for _ in range(12)]
    user = UserFactory.create()
    GrantFactory.create(user=user, organization=cells[0], role=Role.SECRETARY)
    below = OrganizationFactory.create(parent=cells[0])

    assert names(scope(user, Organization)) == {cells[0].name, below.name}


def test_forgetting_grants_makes_the_next_read_see_a_new_grant(tree: Tree) -> None:
    user = UserFactory.create()
    assert list(scope(user, Organization)) == []
    Grant.objects.create(
        user=user, organization=tree.cell_a, role=Role.VIEWER, valid_from=dt.date(2020, 1, 1)
    )

    assert list(scope(user, Organization)) == []  # cached for this request
    forget_grants(user)
    assert names(scope(user, Organization)) == {"Chi bộ Ấp Một"}
