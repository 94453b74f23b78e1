"""Gắn tài khoản với hồ sơ: the login through which a member reads their own record (the
"Đảng viên" role sees only records linked to its own account, docs/permissions.md).

Linking decides who reads a whole record, so it is kept to staff who may change the member's
record (Cập nhật hồ sơ) or manage accounts (Quản lý người dùng) at the member's unit, and to
accounts that hold a grant somewhere those staff work: a secretary cannot probe the names of
accounts elsewhere in the province, nor hand a record to a stranger's account."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from dangbo.access.models import Grant, valid_on
from dangbo.access.policy import Action
from dangbo.access.scoping import can, units_for
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.members.models import Member
from dangbo.members.services.base import audit

LINK_ACTIONS = (Action.EDIT, Action.GRANTS)
USER_NOT_FOUND = "Không tìm thấy tài khoản này trong phạm vi đơn vị bạn quản lý."


def may_link(actor: User | None, member: Member) -> bool:
    """Whether `actor` may link or unlink accounts on this member's record."""
    if actor is None:  # management commands and imports run as the system
        return True
    return any(can(actor, action, member.organization) for action in LINK_ACTIONS)


def reachable_users(actor: User) -> Q:
    """Accounts `actor` may link: those holding a grant valid today at a unit where the actor
    may change records or manage accounts."""
    units = units_for(actor, Action.EDIT) | units_for(actor, Action.GRANTS)
    holders = Grant.objects.filter(valid_on(today()), organization__in=units).values("user_id")
    return Q(pk__in=holders)


def _check_actor(actor: User | None, member: Member) -> None:
    if not may_link(actor, member):
        raise PermissionDenied("Bạn không có quyền gắn tài khoản cho hồ sơ này.")


@transaction.atomic
def link_member_user(*, actor: User | None, member: Member, user: User) -> Member:
    """Link `user` to `member`: from now on that account reads this record as its own. One
    account per record and one record per account; changing it means unlinking first."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    _check_actor(actor, member)
    if actor is not None:
        if not User.objects.filter(reachable_users(actor), pk=user.pk).exists():
            raise field_error("user", USER_NOT_FOUND)
        if user.pk == actor.pk:
            raise field_error("user", "Không tự gắn tài khoản của mình: nhờ người quản lý khác.")
    if member.user_id == user.pk:
        raise field_error("user", f"Hồ sơ đã gắn với tài khoản {user.username}.")
    if member.user is not None:
        raise field_error(
            "user",
            f"Hồ sơ đang gắn với tài khoản {member.user.username}: gỡ tài khoản đó trước.",
        )
    if Member.objects.filter(user=user).exists():
        raise field_error("user", f"Tài khoản {user.username} đã gắn với hồ sơ đảng viên khác.")
    member.user = user
    member.save(update_fields=["user"])
    audit(
        actor,
        "member.link_user",
        member,
        member,
        before={"user": None},
        after={"user": user.pk, "username": user.username},
    )
    return member


@transaction.atomic
def unlink_member_user(*, actor: User | None, member: Member) -> Member:
    """The account no longer reads this record (a shared login, a person who left…)."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    _check_actor(actor, member)
    old = member.user
    if old is None:
        raise field_error("user", "Hồ sơ chưa gắn với tài khoản nào.")
    if actor is not None and old.pk == actor.pk:
        raise field_error("user", "Không tự gỡ tài khoản của mình: nhờ người quản lý khác.")
    member.user = None
    member.save(update_fields=["user"])
    audit(
        actor,
        "member.unlink_user",
        member,
        member,
        before={"user": old.pk, "username": old.username},
        after={"user": None},
    )
    return member
