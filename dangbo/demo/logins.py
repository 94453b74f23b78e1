"""The demo logins: one per role of the cast, created and granted through the services."""

from __future__ import annotations

import base64
import os
import random
from dataclasses import dataclass

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.access import services as access_services
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.demo.names import person_name
from dangbo.demo.plans import NEW_STRUCTURE
from dangbo.orgs.models import Organization

# The documented demo password (README, seed_demo's output); never used outside the demo.
DEFAULT_PASSWORD = "demo-dangbo-2025"  # noqa: S105
PASSWORD_ENV = "DANGBO_DEMO_PASSWORD"  # noqa: S105 (the variable's name, not a password)

# (login, role, what the tester should try with it)
CAST: tuple[tuple[str, str], ...] = (
    ("quantri", Role.ADMIN),
    ("vanphong", Role.OFFICE),
    ("capuy", Role.COMMITTEE),
    ("kiemtra", Role.INSPECTION),
    ("chixem", Role.VIEWER),
    ("bithu", Role.SECRETARY),
    ("dangvien", Role.MEMBER),
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    unit: str
    full_name: str


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


def create_logins(*, rng: random.Random, password: str, root: Organization) -> dict[str, User]:
    """The accounts, without grants yet (the units they work in come later)."""
    users = {}
    for username, _ in CAST:
        user, _ = access_services.create_user(
            actor=None,
            username=username,
            full_name=person_name(rng),
            password=password,
            organization=root,
        )
        users[username] = user
    return users


def current_code(device: TOTPDevice) -> str:
    """The 6-digit code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _unit_label(unit: Organization) -> str:
    """A cell's name alone is ambiguous ("Chi bộ khóm 1"): add the đảng bộ it belongs to."""
    if unit.depth <= 2:
        return unit.name
    parent = Organization.objects.get_parent(unit)
    return f"{unit.name} ({parent.name})" if parent else unit.name


def grant_logins(
    *, users: dict[str, User], units: dict[str, Organization], password: str
) -> tuple[list[Login], str, str]:
    """Grant each login its role, and give quantri a confirmed TOTP device.

    Returns the table rows, the device's base32 secret and its otpauth:// URL."""
    logins = []
    for username, role in CAST:
        unit = units[role]
        access_services.add_grant(
            actor=None,
            user=users[username],
            organization=unit,
            role=role,
            valid_from=NEW_STRUCTURE,
            note="Tài khoản dùng thử (dữ liệu mẫu).",
        )
        logins.append(
            Login(
                username,
                password,
                str(Role(role).label),
                _unit_label(unit),
                users[username].full_name,
            )
        )
    admin = users["quantri"]
    device = access_services.start_totp_setup(actor=admin)
    access_services.confirm_totp(actor=admin, device=device, token=current_code(device))
    device.refresh_from_db()
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return logins, secret, device.config_url
