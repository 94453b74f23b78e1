"""The fixed cast every test can use (DESIGN.md, Tests).

Đảng bộ tỉnh Thử Nghiệm (root)            province_admin: quản trị here, sees everything
├── Đảng bộ xã An Bình (commune)
│   ├── Chi bộ Ấp Một   (cell_a)           secretary_a: bí thư here; sees A, never B
│   └── Chi bộ Ấp Hai   (cell_b)           member_a: đảng viên in A; own records only
└── Đảng bộ các cơ quan Đảng tỉnh (agencies)
outsider: a user with no grant; sees nothing and gets 404 for every scoped object.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Organization, OrgKind

FOUNDED = dt.date(2020, 1, 1)
PASSWORD = "mat-khau-thu-nghiem-2025"


def pytest_configure(config: pytest.Config) -> None:
    # Playwright's sync API runs an event loop; Django's async-safety guard would refuse DB
    # access from browser tests' live server threads otherwise.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class Tree:
    root: Organization
    commune: Organization
    cell_a: Organization
    cell_b: Organization
    agencies: Organization


def make_org(
    parent: Organization | None, kind: str, name: str, code: str, founded: dt.date = FOUNDED
) -> Organization:
    return org_services.create_organization(
        actor=None,
        parent=parent,
        kind=kind,
        name=name,
        code=code,
        decision=org_services.Decision(effective_on=founded, number="01-QĐ/TU"),
    )


@pytest.fixture
def tree(db: None) -> Tree:
    root = make_org(None, OrgKind.PROVINCE, "Đảng bộ tỉnh Thử Nghiệm", "TN")
    commune = make_org(root, OrgKind.UPPER, "Đảng bộ xã An Bình", "TN.AB")
    cell_a = make_org(commune, OrgKind.CELL, "Chi bộ Ấp Một", "TN.AB.1")
    cell_b = make_org(commune, OrgKind.CELL, "Chi bộ Ấp Hai", "TN.AB.2")
    agencies = make_org(root, OrgKind.UPPER, "Đảng bộ các cơ quan Đảng tỉnh", "TN.CQD")
    return Tree(root, commune, cell_a, cell_b, agencies)


def make_user(
    username: str, full_name: str, org: Organization | None = None, role: str | None = None
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    if org is not None and role is not None:
        Grant.objects.create(user=user, organization=org, role=role, valid_from=FOUNDED)
    return user


@pytest.fixture
def province_admin(tree: Tree) -> User:
    """Quản trị at the root: sees and manages the whole tree, must pass TOTP."""
    user = make_user("province_admin", "Trần Quản Trị", tree.root, Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user


@pytest.fixture
def secretary_a(tree: Tree) -> User:
    """Bí thư of cell A: sees and edits A only; gets 404 for anything of cell B."""
    return make_user("secretary_a", "Lê Văn Bí Thư", tree.cell_a, Role.SECRETARY)


@pytest.fixture
def member_a(tree: Tree) -> User:
    """Đảng viên of cell A: sees cell A itself and their own records, nothing below or beside."""
    return make_user("member_a", "Phạm Thị Đảng Viên", tree.cell_a, Role.MEMBER)


@pytest.fixture
def outsider(tree: Tree) -> User:
    """Logged in but holds no grant: every scoped list is empty, every object 404."""
    return make_user("outsider", "Ngô Văn Ngoài")


def login(client: Client, user: User) -> Client:
    """Log `user` in; a quản trị also passes the second factor, as after entering a TOTP code."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """client_for(user) → a fresh test client logged in as that user."""
    return lambda user: login(Client(), user)


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded files (photos, import files) go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
