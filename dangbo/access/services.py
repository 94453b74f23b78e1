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
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from dangbo.access.models import Grant, Role
from dangbo.access.scoping import forget_grants
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import snapshot
from dangbo.core.text import nfc
from dangbo.orgs.models import Organization

GRANT_FIELDS = ("user", "organization", "role", "valid_from", "valid_to", "note")
USER_FIELDS = ("username", "full_name", "email", "phone", "is_active")


def _audit(
    actor: User | None,
    action: str,
    target: Grant | User,
    fields: tuple[str, ...],
    *,
    organization: Organization | None = None,
    before: dict | None = None,
) -> None:
    """Record `action` with the `fields` of `target` as they are now (and were, when given)."""
    record(
        actor=actor,
        action=action,
        target=target,
        organization=organization,
        before=before,
        after=snapshot(target, fields),
    )


def _check_password(password: str, user: User, field: str) -> None:
    """Django's password rules, reported on the form field that holds the new password."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _set_password(
    *,
    actor: User | None,
    user: User,
    password: str,
    must_change: bool,
    action: str,
    organization: Organization | None = None,
) -> None:
    user.set_password(password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])
    record(
        actor=actor,
        action=action,
        target=user,
        organization=organization,
        after={"must_change_password": must_change},
    )


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
        raise field_error("role", "Vai trò không hợp lệ.")
    organization.refresh_from_db()
    if organization.is_dissolved:
        raise field_error(
            "organization",
            f"{organization.name} đã chấm dứt hoạt động từ {format_date(organization.active_to)}: "
            "không thể phân quyền trên đơn vị này.",
        )
    if valid_to is not None and valid_to < valid_from:
        raise field_error("valid_to", "Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.")
    overlapping = Grant.objects.filter(user=user, organization=organization, role=role).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise field_error(
            "role", "Người dùng đã có vai trò này tại đơn vị này trong cùng thời gian."
        )
    grant = Grant.objects.create(
        user=user,
        organization=organization,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        note=nfc(note).strip(),
    )
    _audit(actor, "grant.add", grant, GRANT_FIELDS, organization=organization)
    forget_grants(user)
    return grant


@transaction.atomic
def end_grant(*, actor: User | None, grant: Grant, valid_to: date) -> Grant:
    if actor is not None and grant.user_id == actor.pk and grant.role == Role.ADMIN:
        # Ending one's own administrator grant could leave a unit with nobody to manage it.
        raise field_error(
            "valid_to",
            "Không thể tự kết thúc quyền quản trị của chính mình; "
            "hãy nhờ một quản trị khác thực hiện.",
        )
    if valid_to < grant.valid_from:
        raise field_error("valid_to", "Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.")
    if grant.valid_to is not None and grant.valid_to <= valid_to:
        raise field_error(
            "valid_to", f"Quyền này đã hết hiệu lực từ {format_date(grant.valid_to)}."
        )
    before = snapshot(grant, GRANT_FIELDS)
    grant.valid_to = valid_to
    grant.save(update_fields=["valid_to"])
    _audit(actor, "grant.end", grant, GRANT_FIELDS, organization=grant.organization, before=before)
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
        raise field_error("username", "Nhập tên đăng nhập.")
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", f"Tên đăng nhập «{username}» đã có người dùng.")
    temporary = password is None
    password = password or _temporary_password()
    user = User(
        username=username,
        full_name=nfc(full_name).strip(),
        email=email.strip(),
        phone=phone.strip(),
        must_change_password=temporary,
    )
    _check_password(password, user, "password")
    user.set_password(password)
    user.save()
    _audit(actor, "user.create", user, USER_FIELDS, organization=organization)
    return user, password


def _temporary_password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


@transaction.atomic
def reset_password(
    *, actor: User | None, user: User, organization: Organization | None = None
) -> str:
    """An administrator's reset: a new temporary password the user must change at login."""
    password = _temporary_password()
    _set_password(
        actor=actor,
        user=user,
        password=password,
        must_change=True,
        action="user.reset_password",
        organization=organization,
    )
    return password


@transaction.atomic
def change_password(*, actor: User, new_password: str) -> User:
    """The user's own change; `actor` is the user. The caller checks the old password."""
    _check_password(new_password, actor, "new_password1")
    _set_password(
        actor=actor,
        user=actor,
        password=new_password,
        must_change=False,
        action="user.change_password",
    )
    return actor


@transaction.atomic
def set_user_active(
    *, actor: User | None, user: User, active: bool, organization: Organization | None = None
) -> User:
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "user.activate" if active else "user.deactivate"
    _audit(actor, action, user, USER_FIELDS, organization=organization, before=before)
    return user


# --- Second factor (TOTP) and API tokens: the user's own security settings ------------------
# Added for the account pages (dangbo/access/views). The device and token models belong to
# django-otp and DRF; these services are the only code that writes them.

WRONG_CODE_MESSAGE = (
    "Mã xác thực không đúng hoặc đã hết hạn. Nhập mã 6 số đang hiện trong ứng dụng xác thực."
)


def _otp_throttled(device: TOTPDevice) -> str:
    """The message to show while django-otp refuses to check codes after wrong guesses."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    locked_until = (data or {}).get("locked_until")
    if locked_until is not None:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return f"Bạn đã nhập sai nhiều lần. Vui lòng đợi {seconds} giây rồi thử lại."
    return "Tạm thời không thể xác thực. Vui lòng thử lại sau."


def _check_code(
    actor: User, device: TOTPDevice, token: str, *, confirmed: bool, invalid_device: str
) -> None:
    """Refuse a device that is not the actor's own or not `confirmed` as expected, a device
    django-otp is throttling, and a wrong code (django-otp counts that failure itself)."""
    if device.user_id != actor.pk or device.confirmed != confirmed:
        raise field_error("token", invalid_device)
    if message := _otp_throttled(device):
        raise field_error("token", message)
    if not device.verify_token(token.strip()):
        raise field_error("token", WRONG_CODE_MESSAGE)


@transaction.atomic
def start_totp_setup(*, actor: User) -> TOTPDevice:
    """The device the user is setting up. An unconfirmed one is reused, so reloading the page
    does not change a secret the user may already have scanned into their phone."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=actor, name="Ứng dụng xác thực", confirmed=False)
    record(
        actor=actor,
        action="user.otp_setup",
        target=actor,
        after={"device": device.persistent_id, "confirmed": False},
    )
    return device


def confirm_totp(*, actor: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new device with the first code it shows.

    Deliberately not one transaction: django-otp saves the failure count inside verify_token,
    and rolling that back with the ValidationError would let anyone guess codes at full speed.
    """
    _check_code(
        actor,
        device,
        token,
        confirmed=False,
        invalid_device="Thiết bị xác thực không hợp lệ. Hãy tải lại trang và làm lại.",
    )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(
            actor=actor,
            action="user.otp_confirm",
            target=actor,
            after={"device": device.persistent_id, "confirmed": True},
        )
    return device


def verify_totp(*, actor: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check the second factor after the password. Not one transaction, as in confirm_totp.
    The caller then marks the session verified (django_otp.login)."""
    _check_code(
        actor, device, token, confirmed=True, invalid_device="Thiết bị xác thực không hợp lệ."
    )
    with transaction.atomic():
        record(
            actor=actor,
            action="user.otp_verify",
            target=actor,
            after={"device": device.persistent_id},
        )
    return device


@transaction.atomic
def issue_api_token(*, actor: User) -> str:
    """Create the user's API token, replacing any previous one (which stops working at once).
    The value is returned to be shown once; the audit trail never holds it."""
    replaced = Token.objects.filter(user=actor).delete()[0] > 0
    token = Token.objects.create(user=actor)
    record(
        actor=actor,
        action="user.token_issue",
        target=actor,
        before={"token": replaced},
        after={"token": True},
    )
    return token.key


@transaction.atomic
def revoke_api_token(*, actor: User) -> bool:
    """Delete the user's API token. False when there was none; nothing is recorded then."""
    deleted = Token.objects.filter(user=actor).delete()[0] > 0
    if deleted:
        record(
            actor=actor,
            action="user.token_revoke",
            target=actor,
            before={"token": True},
            after={"token": False},
        )
    return deleted


@transaction.atomic
def create_user_with_grant(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organization: Organization,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    password: str | None = None,
    email: str = "",
    phone: str = "",
) -> tuple[User, str]:
    """A new account and its first grant, together or not at all: an account without a grant
    is invisible to every manager, so nobody could ever fix or deactivate it."""
    user, password = create_user(
        actor=actor,
        username=username,
        full_name=full_name,
        password=password,
        email=email,
        phone=phone,
        organization=organization,
    )
    add_grant(
        actor=actor,
        user=user,
        organization=organization,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return user, password
