"""The first quản trị of a fresh installation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.verify import verify_chain
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_create_admin_builds_the_root_and_an_admin_with_a_temporary_password() -> None:
    out = StringIO()
    call_command(
        "create_admin",
        username="quantri",
        full_name="Nguyễn Văn Quản",
        org_code="cm",
        org_name="Đảng bộ tỉnh Cà Mau",
        founded="01/01/1997",
        stdout=out,
    )
    root = Organization.objects.get(code="CM")
    user = User.objects.get(username="quantri")
    assert Grant.objects.filter(user=user, organization=root, role=Role.ADMIN).exists()
    assert user.must_change_password
    assert "Mật khẩu tạm" in out.getvalue()
    assert verify_chain().intact


def test_create_admin_refuses_a_bad_founding_date_and_writes_nothing() -> None:
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command(
            "create_admin",
            username="quantri",
            full_name="Nguyễn Văn Quản",
            org_code="CM",
            org_name="Đảng bộ tỉnh Cà Mau",
            founded="31/02/1997",
        )
    assert not Organization.objects.exists()
    assert not User.objects.exists()


def test_create_admin_refuses_a_unit_that_is_not_a_root(tree: object) -> None:
    with pytest.raises(CommandError, match="không phải tổ chức gốc"):
        call_command("create_admin", username="x", full_name="X", org_code="TN.AB")
    assert not User.objects.filter(username="x").exists()
