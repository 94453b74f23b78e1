"""/api/v1/grants/ and /api/v1/users/me/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import FOUNDED, Tree, make_user
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.orgs import services
from dangbo.orgs.services import Decision

from .helpers import API, post, post_refused

NO_USER = "Không tìm thấy người dùng đang hoạt động có mã số này trong phạm vi bạn quản lý."


def test_admin_lists_grants_with_filters(
    admin_api: Client, province_admin: User, secretary_a: User, member_a: User, tree: Tree
) -> None:
    Grant.objects.create(
        user=member_a,
        organization=tree.cell_a,
        role=Role.VIEWER,
        valid_from=FOUNDED,
        valid_to=date(2021, 1, 1),
    )

    def users(**params: str | int) -> list[str]:
        response = admin_api.get(f"{API}/grants/", params)
        assert response.status_code == 200
        return [g["user_username"] for g in response.json()["results"]]

    assert sorted(users()) == ["member_a", "member_a", "province_admin", "secretary_a"]
    assert users(organization=tree.root.pk) == ["province_admin"]
    assert users(role="secretary") == ["secretary_a"]
    assert users(user=member_a.pk, active=1) == ["member_a"]
    assert len(users(user=member_a.pk)) == 2
    grant = admin_api.get(f"{API}/grants/", {"role": "secretary"}).json()["results"][0]
    assert (grant["organization_name"], grant["role_label"], grant["is_active"]) == (
        "Chi bộ Ấp Một",
        "Bí thư chi bộ",
        True,
    )


def test_admin_grants_a_role_and_it_is_audited(
    admin_api: Client, province_admin: User, tree: Tree
) -> None:
    newcomer = make_user("newcomer", "Đỗ Văn Mới", tree.agencies, Role.VIEWER)
    response = post(
        admin_api,
        f"{API}/grants/",
        {
            "user": newcomer.pk,
            "organization": tree.cell_b.pk,
            "role": "secretary",
            "valid_from": "01/01/2025",
            "note": "Bí thư mới",
        },
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["user"], response.json()["valid_from"]) == (newcomer.pk, "2025-01-01")
    assert AuditEvent.objects.filter(action="grant.add", actor=province_admin).exists()
    assert Grant.objects.filter(user=newcomer, organization=tree.cell_b).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"valid_from": "01/06/2025", "valid_to": "01/01/2025"},
            "valid_to",
            "Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.",
        ),
        ({"role": "boss"}, "role", "«boss» không phải là lựa chọn hợp lệ."),
        ({"user": 999999}, "user", NO_USER),
        (
            {"valid_from": "2025/01/01"},
            "valid_from",
            "Ngày không hợp lệ: «2025/01/01». Nhập theo dạng dd/mm/yyyy.",
        ),
        (
            {"organization": 999999},
            "organization",
            "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem.",
        ),
    ],
)
def test_bad_grants_are_400_and_change_nothing(
    admin_api: Client, member_a: User, tree: Tree, change: dict, field: str, message: str
) -> None:
    body = {
        "user": member_a.pk,
        "organization": tree.cell_b.pk,
        "role": "viewer",
        "valid_from": "01/01/2025",
        **change,
    }
    response = post_refused(admin_api, f"{API}/grants/", body)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_grant_on_a_dissolved_unit_is_400(admin_api: Client, member_a: User, tree: Tree) -> None:
    services.dissolve_organization(
        actor=None, org=tree.cell_b, decision=Decision(effective_on=date(2024, 1, 1))
    )
    response = post_refused(
        admin_api,
        f"{API}/grants/",
        {
            "user": member_a.pk,
            "organization": tree.cell_b.pk,
            "role": "viewer",
            "valid_from": "01/01/2025",
        },
    )
    assert response.status_code == 400
    assert "không thể phân quyền" in response.json()["organization"][0]


def test_overlapping_grant_is_400(admin_api: Client, secretary_a: User, tree: Tree) -> None:
    response = post_refused(
        admin_api,
        f"{API}/grants/",
        {
            "user": secretary_a.pk,
            "organization": tree.cell_a.pk,
            "role": "secretary",
            "valid_from": "01/01/2025",
        },
    )
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


def test_admin_ends_a_grant_and_the_user_loses_access(
    admin_api: Client, client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    grant = Grant.objects.get(user=secretary_a)
    yesterday = today() - timedelta(days=1)
    response = post(
        admin_api, f"{API}/grants/{grant.pk}/end/", {"valid_to": yesterday.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["valid_to"], response.json()["is_active"]) == (
        yesterday.isoformat(),
        False,
    )
    secretary = client_for(secretary_a)
    assert secretary.get(f"{API}/organizations/").json()["count"] == 0
    again = post_refused(admin_api, f"{API}/grants/{grant.pk}/end/", {})
    assert again.status_code == 400
    assert "đã hết hiệu lực" in again.json()["valid_to"][0]


def test_ending_a_grant_before_it_started_is_400(
    admin_api: Client, secretary_a: User, tree: Tree
) -> None:
    grant = Grant.objects.get(user=secretary_a)
    response = post_refused(admin_api, f"{API}/grants/{grant.pk}/end/", {"valid_to": "01/01/2019"})
    assert response.status_code == 400
    assert list(response.json()) == ["valid_to"]


def test_me_lists_my_active_grants_and_what_they_allow(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    Grant.objects.create(
        user=secretary_a,
        organization=tree.cell_b,
        role=Role.VIEWER,
        valid_from=FOUNDED,
        valid_to=date(2021, 1, 1),
    )
    me = client_for(secretary_a).get(f"{API}/users/me/").json()
    assert (me["username"], me["full_name"], me["otp_verified"]) == (
        "secretary_a",
        "Lê Văn Bí Thư",
        False,
    )
    assert [(g["organization_name"], g["role"], g["actions"]) for g in me["grants"]] == [
        ("Chi bộ Ấp Một", "secretary", ["view", "edit"])
    ]


def test_admin_me_shows_the_second_factor_passed(admin_api: Client) -> None:
    me = admin_api.get(f"{API}/users/me/").json()
    assert me["otp_verified"] is True
    assert me["grants"][0]["role_label"] == "Quản trị"


def test_users_are_not_listed(admin_api: Client) -> None:
    assert admin_api.get(f"{API}/users/").status_code == 404


def test_a_user_outside_the_managers_scope_cannot_be_granted(
    client_for: Callable[[User], Client], tree: Tree
) -> None:
    commune_admin = make_user("commune_admin", "Hồ Văn Xã", tree.commune, Role.ADMIN)
    TOTPDevice.objects.create(user=commune_admin, name="Điện thoại", confirmed=True)
    province_officer = make_user("officer", "Cán Bộ Tỉnh", tree.agencies, Role.OFFICE)
    no_grant = make_user("no_grant", "Chưa Có Quyền")
    api = client_for(commune_admin)
    for user in (province_officer, no_grant):
        response = post_refused(
            api,
            f"{API}/grants/",
            {
                "user": user.pk,
                "organization": tree.cell_a.pk,
                "role": "viewer",
                "valid_from": "01/01/2025",
            },
        )
        assert response.json() == {"user": [NO_USER]}


def test_an_admin_cannot_end_their_own_admin_grant(admin_api: Client, province_admin: User) -> None:
    grant = Grant.objects.get(user=province_admin, role=Role.ADMIN)
    response = post_refused(admin_api, f"{API}/grants/{grant.pk}/end/", {})
    assert response.status_code == 400
    assert "chính mình" in response.json()["valid_to"][0]
