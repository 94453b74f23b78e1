"""Grant services: who may do what, where and when; every change audited, bad input refused in
Vietnamese with nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree
from dangbo.access.models import Grant, Role
from dangbo.access.scoping import can, scope
from dangbo.access.services import add_grant, create_user, create_user_with_grant, end_grant
from dangbo.access.tests.factories import GrantFactory, UserFactory
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.orgs.models import Organization
from dangbo.orgs.tests.factories import dissolve

APRIL_1 = dt.date(2025, 4, 1)


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


@contextmanager
def nothing_changes() -> Iterator[None]:
    def state() -> tuple[object, ...]:
        return (
            list(Grant.objects.order_by("pk").values_list("pk", "valid_from", "valid_to")),
            User.objects.count(),
            AuditEvent.objects.count(),
        )

    before = state()
    yield
    assert state() == before


def refused(call: Callable[..., object], /, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """The field messages with which a service refuses the call, after checking that no grant,
    user or audit event changed."""
    with nothing_changes(), pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    return errors(exc)


def grant_viewer(actor: User, user: User, organization: Organization, **changes: Any) -> Grant:
    """`add_grant` of the viewer role from 01/04/2025, but for `changes`."""
    arguments: dict[str, Any] = {"role": Role.VIEWER, "valid_from": APRIL_1, **changes}
    return add_grant(actor=actor, user=user, organization=organization, **arguments)


def test_a_grant_is_added_audited_and_seen_at_once_by_the_user(
    tree: Tree, province_admin: User
) -> None:
    user = UserFactory.create()
    assert not can(user, "view", tree.cell_b)  # reads and caches the grants

    grant = add_grant(
        actor=province_admin,
        user=user,
        organization=tree.cell_b,
        role=Role.SECRETARY,
        valid_from=dt.date(2025, 1, 1),
        note="  Theo QĐ 12 ",
    )

    assert (grant.role, grant.note) == (Role.SECRETARY, "Theo QĐ 12")
    assert can(user, "edit", tree.cell_b)  # the service dropped the cached grants
    event = AuditEvent.objects.get(action="grant.add")
    assert (event.actor, event.org_path, event.organization_id) == (
        province_admin,
        tree.cell_b.path,
        tree.cell_b.pk,
    )
    assert event.after == {
        "user": user.pk,
        "organization": tree.cell_b.pk,
        "role": "secretary",
        "valid_from": "2025-01-01",
        "valid_to": None,
        "note": "Theo QĐ 12",
    }


def test_no_grant_can_be_given_on_a_dissolved_unit(tree: Tree, province_admin: User) -> None:
    dissolve(tree.cell_b, dt.date(2025, 3, 1))
    user = UserFactory.create()

    assert refused(grant_viewer, province_admin, user, tree.cell_b) == {
        "organization": [
            "Chi bộ Ấp Hai đã chấm dứt hoạt động từ 01/03/2025: "
            "không thể phân quyền trên đơn vị này."
        ]
    }


def test_a_grant_on_a_unit_dissolved_since_it_was_loaded_is_refused(
    tree: Tree, province_admin: User
) -> None:
    stale = Organization.objects.get(pk=tree.cell_b.pk)
    dissolve(tree.cell_b, dt.date(2025, 3, 1))

    user = UserFactory.create()

    assert refused(grant_viewer, province_admin, user, stale)


def test_a_grant_cannot_end_before_it_starts(tree: Tree, province_admin: User) -> None:
    user = UserFactory.create()

    assert refused(
        grant_viewer, province_admin, user, tree.cell_a, valid_to=dt.date(2025, 3, 31)
    ) == {"valid_to": ["Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi."]}


def test_a_one_day_grant_is_allowed(tree: Tree, province_admin: User) -> None:
    grant = add_grant(
        actor=province_admin,
        user=UserFactory.create(),
        organization=tree.cell_a,
        role=Role.VIEWER,
        valid_from=dt.date(2025, 4, 1),
        valid_to=dt.date(2025, 4, 1),
    )

    assert grant.is_valid_on(dt.date(2025, 4, 1)) and not grant.is_valid_on(dt.date(2025, 4, 2))


def test_an_unknown_role_is_refused(tree: Tree, province_admin: User) -> None:
    user = UserFactory.create()

    assert refused(
        add_grant,
        actor=province_admin,
        user=user,
        organization=tree.cell_a,
        role="superuser",
        valid_from=dt.date(2025, 4, 1),
    ) == {"role": ["Vai trò không hợp lệ."]}


def test_the_same_role_at_the_same_unit_cannot_overlap_in_time(
    tree: Tree, province_admin: User, secretary_a: User
) -> None:
    assert refused(
        add_grant,
        actor=province_admin,
        user=secretary_a,
        organization=tree.cell_a,
        role=Role.SECRETARY,
        valid_from=dt.date(2026, 1, 1),
    ) == {"role": ["Người dùng đã có vai trò này tại đơn vị này trong cùng thời gian."]}


def test_the_same_role_may_be_granted_again_after_the_old_grant_ended(
    tree: Tree, province_admin: User
) -> None:
    user = UserFactory.create()
    GrantFactory.create(
        user=user,
        organization=tree.cell_a,
        role=Role.VIEWER,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )

    again = add_grant(
        actor=province_admin,
        user=user,
        organization=tree.cell_a,
        role=Role.VIEWER,
        valid_from=dt.date(2023, 1, 1),
    )

    assert again.pk is not None


def test_ending_a_grant_takes_effect_after_its_last_day_and_is_audited(
    tree: Tree, province_admin: User, secretary_a: User
) -> None:
    grant = Grant.objects.get(user=secretary_a)

    end_grant(actor=province_admin, grant=grant, valid_to=dt.date(2025, 6, 30))

    grant.refresh_from_db()
    assert grant.valid_to == dt.date(2025, 6, 30)
    assert list(scope(User.objects.get(pk=secretary_a.pk), Organization)) == []
    event = AuditEvent.objects.get(action="grant.end")
    assert (event.actor, event.org_path) == (province_admin, tree.cell_a.path)
    assert (event.before["valid_to"], event.after["valid_to"]) == (None, "2025-06-30")


def test_a_grant_cannot_be_ended_before_it_started(
    tree: Tree, province_admin: User, secretary_a: User
) -> None:
    grant = Grant.objects.get(user=secretary_a)

    assert refused(
        end_grant, actor=province_admin, grant=grant, valid_to=dt.date(2019, 12, 31)
    ) == {"valid_to": ["Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi."]}


def test_an_ended_grant_cannot_be_extended_by_ending_it_later(
    tree: Tree, province_admin: User
) -> None:
    grant = GrantFactory.create(
        organization=tree.cell_a, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2022, 12, 31)
    )

    assert refused(end_grant, actor=province_admin, grant=grant, valid_to=dt.date(2023, 6, 30)) == {
        "valid_to": ["Quyền này đã hết hiệu lực từ 31/12/2022."]
    }


def test_a_user_is_created_with_a_temporary_password_to_change(
    tree: Tree, province_admin: User
) -> None:
    user, password = create_user(
        actor=province_admin,
        username=" Nguyen.An ",
        full_name="Nguyễn Văn An",
        organization=tree.cell_a,
    )

    assert (user.username, user.must_change_password) == ("nguyen.an", True)
    assert user.check_password(password)
    event = AuditEvent.objects.get(action="user.create")
    assert event.org_path == tree.cell_a.path
    assert password not in str(event.after)


def test_a_taken_user_name_is_refused_whatever_its_case(
    province_admin: User, secretary_a: User
) -> None:
    assert refused(
        create_user, actor=province_admin, username="SECRETARY_A", full_name="Người trùng tên"
    ) == {"username": ["Tên đăng nhập «secretary_a» đã có người dùng."]}


def test_a_weak_password_is_refused_in_vietnamese_under_the_password_field(
    tree: Tree, province_admin: User
) -> None:
    with nothing_changes(), pytest.raises(ValidationError) as exc:
        create_user(
            actor=province_admin, username="nguoi.moi", full_name="Người Mới", password="12345"
        )
    messages = errors(exc)["password"]
    assert messages and all(m and "ascii" not in m.lower() for m in messages)
    assert any("mật khẩu" in m.lower() for m in messages)


def test_an_account_and_its_grant_are_created_together_or_not_at_all(
    tree: Tree, province_admin: User
) -> None:
    dissolve(tree.cell_b, dt.date(2025, 3, 1))

    with nothing_changes(), pytest.raises(ValidationError) as exc:
        create_user_with_grant(
            actor=province_admin,
            username="nguoi.moi",
            full_name="Người Mới",
            organization=tree.cell_b,
            role=Role.VIEWER,
            valid_from=dt.date(2025, 4, 1),
        )
    assert "organization" in errors(exc)
    assert not User.objects.filter(username="nguoi.moi").exists()


def test_an_admin_cannot_end_their_own_admin_grant_through_the_service(
    province_admin: User,
) -> None:
    grant = Grant.objects.get(user=province_admin, role=Role.ADMIN)
    with pytest.raises(ValidationError) as caught:
        end_grant(actor=province_admin, grant=grant, valid_to=dt.date.today())
    assert "chính mình" in caught.value.message_dict["valid_to"][0]
    grant.refresh_from_db()
    assert grant.valid_to is None
