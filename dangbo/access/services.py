"""Writes about users and their grants (DESIGN rule 1). Every one is audited.

User services live here rather than in `accounts` because audit sits above accounts in the
layers, and every write must be audited in its own transaction.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.access.models import Grant, Role
from dangbo.access.scoping import forget_grants
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.formats import format_date
from dangbo.core.jsonable import snapshot
from dangbo.core.text import nfc
from dangbo.orgs.models import Organization

GRANT_FIELDS = ("user", "organization", "role", "valid_from", "valid_to", "note")
USER_FIELDS = ("username", "full_name", "email", "phone", "is_active")


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


@transaction.atomic
def add_grant(
    *,
    actor: User | None,
    user: User,
    organization: Organization,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
) -> Grant:
    if role not in Role.values:
        raise _fail("role", "Vai trò không hợp lệ.")
    organization.refresh_from_db()
    if organization.is_dissolved:
        raise _fail(
            "organization",
            f"{organization.name} đã chấm dứt hoạt động từ {format_date(organization.active_to)}: "
            "không thể phân quyền trên đơn vị này.",
        )
    if valid_to is not None and valid_to < valid_from:
        raise _fail("valid_to", "Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.")
    overlapping = Grant.objects.filter(user=user, organization=organization, role=role).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise _fail("role", "Người dùng đã có vai trò này tại đơn vị này trong cùng thời gian.")
    grant = Grant.objects.create(
        user=user, organization=organization, role=role, valid_from=valid_from,
        valid_to=valid_to, note=nfc(note).strip(),
    )
    record(actor=actor, action="grant.add", target=grant, organization=organization,
           after=snapshot(grant, GRANT_FIELDS))
    forget_grants(user)
    return grant


@transaction.atomic
def end_grant(*, actor: User | None, grant: Grant, valid_to: date) -> Grant:
    if valid_to < grant.valid_from:
        raise _fail("valid_to", "Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.")
    if grant.valid_to is not None and grant.valid_to <= valid_to:
        raise _fail("valid_to", f"Quyền này đã hết hiệu lực từ {format_date(grant.valid_to)}.")
    before = snapshot(grant, GRANT_FIELDS)
    grant.valid_to = valid_to
    grant.save(update_fields=["valid_to"])
    record(actor=actor, action="grant.end", target=grant, organization=grant.organization,
           before=before, after=snapshot(grant, GRANT_FIELDS))
    forget_grants(grant.user)
    return grant


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str | None = None,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
) -> tuple[User, str]:
    """Create an account. Without a password, a temporary one is generated and returned, and
    the user must change it at first login. `organization` scopes the audit event."""
    username = username.strip().lower()
    if not username:
        raise _fail("username", "Nhập tên đăng nhập.")
    if User.objects.filter(username__iexact=username).exists():
        raise _fail("username", f"Tên đăng nhập «{username}» đã có người dùng.")
    temporary = password is None
    password = password or _temporary_password()
    user = User(username=username, full_name=nfc(full_name).strip(), email=email.strip(),
                phone=phone.strip(), must_change_password=temporary)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save()
    record(actor=actor, action="user.create", target=user, organization=organization,
           after=snapshot(user, USER_FIELDS))
    return user, password


def _temporary_password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


@transaction.atomic
def reset_password(*, actor: User | None, user: User,
                   organization: Organization | None = None) -> str:
    """An administrator's reset: a new temporary password the user must change at login."""
    password = _temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(actor=actor, action="user.reset_password", target=user, organization=organization,
           after={"must_change_password": True})
    return password


@transaction.atomic
def change_password(*, actor: User, new_password: str) -> User:
    """The user's own change; `actor` is the user. The caller checks the old password."""
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    record(actor=actor, action="user.change_password", target=actor,
           after={"must_change_password": False})
    return actor


@transaction.atomic
def set_user_active(*, actor: User | None, user: User, active: bool,
                    organization: Organization | None = None) -> User:
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(actor=actor, action="user.activate" if active else "user.deactivate", target=user,
           organization=organization, before=before, after=snapshot(user, USER_FIELDS))
    return user
