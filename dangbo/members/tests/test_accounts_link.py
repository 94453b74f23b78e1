"""Gắn tài khoản với hồ sơ: who may link (staff who may change the record or manage accounts
at the member's unit), which accounts (one with a grant where they work, not yet linked), and
that the linked account then reads exactly that record."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import refused

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_the_secretary_links_a_members_account_and_it_then_sees_that_record(
    tree: Tree, secretary_a: User, member_a: User
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    assert not scope(member_a, Member).exists()

    services.link_member_user(actor=secretary_a, member=member, user=member_a)

    assert list(scope(member_a, Member)) == [member]
    audit = AuditEvent.objects.get(action="member.link_user")
    assert audit.after == {"user": member_a.pk, "username": "member_a"}


def test_an_account_links_to_one_record_and_a_record_to_one_account(
    tree: Tree, secretary_a: User, member_a: User
) -> None:
    first = MemberFactory.create(organization=tree.cell_a)
    second = MemberFactory.create(organization=tree.cell_a)
    other_account = make_user("dv2", "Người Thứ Hai", tree.cell_a, Role.MEMBER)
    services.link_member_user(actor=secretary_a, member=first, user=member_a)

    with refused("user", "đã gắn với hồ sơ đảng viên khác"):
        services.link_member_user(actor=secretary_a, member=second, user=member_a)
    with refused("user", "gỡ tài khoản đó trước"):
        services.link_member_user(actor=secretary_a, member=first, user=other_account)
    with refused("user", "Hồ sơ đã gắn với tài khoản member_a"):
        services.link_member_user(actor=secretary_a, member=first, user=member_a)


def test_accounts_out_of_the_staffs_reach_cannot_be_linked(tree: Tree, secretary_a: User) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    elsewhere = make_user("dv_b", "Người Chi Bộ B", tree.cell_b, Role.MEMBER)
    no_grant = make_user("khong_quyen", "Không Quyền")

    for user in (elsewhere, no_grant):
        with refused("user", "Không tìm thấy tài khoản này"):
            services.link_member_user(actor=secretary_a, member=member, user=user)


def test_only_staff_who_edit_the_members_unit_link(
    tree: Tree, member_a: User, secretary_a: User
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    viewer = make_user("chixem", "Chỉ Xem", tree.root, Role.VIEWER)

    for actor in (secretary_b, viewer, member_a):
        with pytest.raises(PermissionDenied):
            services.link_member_user(actor=actor, member=member, user=member_a)
    assert Member.objects.get(pk=member.pk).user is None


def test_nobody_links_or_unlinks_their_own_account(tree: Tree, secretary_a: User) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("user", "Không tự gắn"):
        services.link_member_user(actor=secretary_a, member=member, user=secretary_a)
    services.link_member_user(actor=None, member=member, user=secretary_a)
    with refused("user", "Không tự gỡ"):
        services.unlink_member_user(actor=secretary_a, member=member)


def test_unlinking_takes_the_record_out_of_the_accounts_view(
    tree: Tree, secretary_a: User, member_a: User
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.link_member_user(actor=secretary_a, member=member, user=member_a)

    services.unlink_member_user(actor=secretary_a, member=member)

    assert not scope(member_a, Member).exists()
    assert AuditEvent.objects.filter(action="member.unlink_user").count() == 1
    with refused("user", "chưa gắn với tài khoản nào"):
        services.unlink_member_user(actor=secretary_a, member=member)


# --- The page -----------------------------------------------------------------------------------


def test_the_account_page_links_and_unlinks(
    tree: Tree, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)
    url = reverse("members:member-account", args=[member.pk])
    profile = client.get(reverse("members:member-detail", args=[member.pk])).content.decode()
    assert url in profile

    page = client.get(url)
    assert page.status_code == 200
    assert "member_a" in page.content.decode()  # suggested: a grant at the cell, no record

    assert client.post(url, {"user": "member_a"}).status_code == 302
    assert Member.objects.get(pk=member.pk).user == member_a
    assert "Gỡ tài khoản" in client.get(url).content.decode()

    assert client.post(url, {"unlink": "1"}).status_code == 302
    assert Member.objects.get(pk=member.pk).user is None


def test_the_account_page_refuses_unknown_accounts_without_telling_which_exist(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    make_user("dv_b", "Người Chi Bộ B", tree.cell_b, Role.MEMBER)
    url = reverse("members:member-account", args=[member.pk])
    client = client_for(secretary_a)

    unknown = client.post(url, {"user": "khong-co-ai"})
    elsewhere = client.post(url, {"user": "dv_b"})
    empty = client.post(url, {})

    assert unknown.status_code == elsewhere.status_code == empty.status_code == 400
    assert "Không tìm thấy tài khoản này" in unknown.content.decode()
    assert "Không tìm thấy tài khoản này" in elsewhere.content.decode()
    assert "Nhập tên đăng nhập." in empty.content.decode()


def test_the_account_page_is_for_staff_only(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.link_member_user(actor=None, member=member, user=member_a)
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    url = reverse("members:member-account", args=[member.pk])

    assert client_for(member_a).get(url).status_code == 403
    assert client_for(member_a).post(url, {"unlink": "1"}).status_code == 403
    assert client_for(secretary_b).get(url).status_code == 404
    assert Member.objects.get(pk=member.pk).user == member_a
    own_profile = client_for(member_a).get(reverse("members:member-detail", args=[member.pk]))
    assert url not in own_profile.content.decode()
