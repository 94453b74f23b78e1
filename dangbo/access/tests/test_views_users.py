"""Users and grants pages: who sees whom, creating accounts, adding and ending grants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import FOUNDED, PASSWORD, Tree, make_user
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


@pytest.fixture
def commune_admin(tree: Tree) -> User:
    """Quản trị of the commune: manages users granted at the commune and its cells only."""
    user = make_user("commune_admin", "Đỗ Văn Quản", tree.commune, Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user


@pytest.fixture
def agencies_user(tree: Tree) -> User:
    """Holds a grant at the agencies committee only: invisible to the commune's managers."""
    return make_user("agencies_office", "Vũ Thị Cơ Quan", tree.agencies, Role.OFFICE)


def grant_form(org: Organization, **overrides: Any) -> dict[str, Any]:
    data = {
        "organization": org.pk,
        "role": Role.VIEWER,
        "valid_from": "01/02/2025",
        "valid_to": "",
        "note": "",
    }
    data.update(overrides)
    return data


# --- List ---------------------------------------------------------------------------------------


def test_secretary_without_grants_action_gets_403_on_the_user_pages(
    tree: Tree, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get("/nguoi-dung/").status_code == 403
    assert client.get("/nguoi-dung/them/").status_code == 403
    assert client.get(f"/nguoi-dung/{member_a.pk}/").status_code == 404


def test_commune_admin_lists_only_users_granted_under_the_commune(
    tree: Tree,
    commune_admin: User,
    secretary_a: User,
    member_a: User,
    province_admin: User,
    agencies_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    response = client_for(commune_admin).get("/nguoi-dung/")
    assert response.status_code == 200
    listed = {u.username for u in response.context["users"]}
    assert listed == {"commune_admin", "secretary_a", "member_a"}
    body = response.content.decode()
    assert "Bí thư chi bộ" in body and "Chi bộ Ấp Một" in body


def test_province_admin_lists_everyone_with_a_grant_but_not_users_without_one(
    tree: Tree,
    province_admin: User,
    secretary_a: User,
    agencies_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    response = client_for(province_admin).get("/nguoi-dung/")
    listed = {u.username for u in response.context["users"]}
    assert {"province_admin", "secretary_a", "agencies_office"} <= listed
    assert "outsider" not in listed


def test_user_search_ignores_diacritics_and_case(
    tree: Tree, province_admin: User, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(province_admin)
    found = client.get("/nguoi-dung/", {"q": "le van bi"}).context["users"]
    assert [u.username for u in found] == ["secretary_a"]
    found = client.get("/nguoi-dung/", {"q": "MEMBER_A"}).context["users"]
    assert [u.username for u in found] == ["member_a"]


def test_user_list_pages_by_fifty_in_a_bounded_number_of_queries(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(60):
        make_user(f"nguoidung{i:02d}", f"Nguyễn Văn Số {i:02d}", tree.cell_b, Role.VIEWER)
    client = client_for(province_admin)
    client.get("/nguoi-dung/")  # warm the session and caches
    with django_assert_max_num_queries(10):
        first = client.get("/nguoi-dung/")
    assert len(first.context["users"]) == 50
    second = client.get("/nguoi-dung/", {"page": 2})
    assert len(second.context["users"]) == 11
    assert client.get("/nguoi-dung/", {"page": "abc"}).status_code == 200


# --- Create -------------------------------------------------------------------------------------


def test_commune_admin_creates_a_user_with_a_first_grant_and_sees_the_temporary_password(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).post(
        "/nguoi-dung/them/",
        {
            "username": "Bithu_B",
            "full_name": "Hoàng Thị Bí Thư",
            "email": "",
            "phone": "",
            "password": "",
            **grant_form(tree.cell_b, role=Role.SECRETARY),
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="bithu_b")
    assert user.must_change_password
    password = response.context["password"]
    assert user.check_password(password)
    assert password in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    grant = Grant.objects.get(user=user)
    assert (grant.organization, grant.role, grant.valid_from) == (
        tree.cell_b,
        Role.SECRETARY,
        dt.date(2025, 2, 1),
    )
    assert AuditEvent.objects.filter(action="user.create", org_path=tree.cell_b.path).exists()


def test_creating_a_user_with_a_chosen_password_goes_to_the_user_page(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).post(
        "/nguoi-dung/them/",
        {
            "username": "bithu_b",
            "full_name": "Hoàng Thị Bí Thư",
            "password": "mot-mat-khau-du-dai-2026",
            **grant_form(tree.cell_b),
        },
    )
    user = User.objects.get(username="bithu_b")
    assert response.status_code == 302
    assert response["Location"] == f"/nguoi-dung/{user.pk}/"
    assert not user.must_change_password


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organization": "agencies"}, "nằm ngoài phạm vi"),
        ({"organization": "999999"}, "nằm ngoài phạm vi"),
        ({"role": "superuser"}, "Vai trò không hợp lệ"),
        ({"valid_from": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"valid_to": "01/01/2025"}, "Ngày hết hiệu lực phải từ ngày bắt đầu"),
        ({"username": "secretary_a"}, "đã có người dùng"),
        ({"username": "tên có dấu"}, "Tên đăng nhập chỉ gồm"),
        ({"password": "ngan"}, "Mật khẩu quá ngắn"),
        ({"full_name": ""}, "Nhập họ và tên"),
    ],
)
def test_bad_new_user_input_is_400_and_creates_nothing(
    tree: Tree,
    commune_admin: User,
    secretary_a: User,
    client_for: ClientFor,
    overrides: dict[str, str],
    message: str,
) -> None:
    data = {
        "username": "nguoi_moi",
        "full_name": "Người Mới",
        "password": "",
        **grant_form(tree.cell_b),
    }
    if overrides.get("organization") == "agencies":
        overrides = {"organization": str(tree.agencies.pk)}
    data.update(overrides)
    users_before, events_before = User.objects.count(), AuditEvent.objects.count()
    response = client_for(commune_admin).post("/nguoi-dung/them/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before


def test_a_user_is_not_created_when_the_first_grant_is_on_a_dissolved_unit(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    Organization.objects.filter(pk=tree.cell_b.pk).update(active_to=dt.date(2024, 6, 30))
    response = client_for(commune_admin).post(
        "/nguoi-dung/them/",
        {"username": "nguoi_moi", "full_name": "Người Mới", **grant_form(tree.cell_b)},
    )
    assert response.status_code == 400
    assert "đã chấm dứt hoạt động" in response.content.decode()
    assert not User.objects.filter(username="nguoi_moi").exists()


# --- Detail -------------------------------------------------------------------------------------


def test_user_detail_shows_only_grants_the_viewer_may_see(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    Grant.objects.create(
        user=secretary_a, organization=tree.agencies, role=Role.VIEWER, valid_from=FOUNDED
    )
    response = client_for(commune_admin).get(f"/nguoi-dung/{secretary_a.pk}/")
    assert response.status_code == 200
    shown = [row["grant"].organization for row in response.context["rows"]]
    assert shown == [tree.cell_a]
    # The account also answers to the agencies: only a manager of both may reset or lock it.
    assert not response.context["manages_account"]


def test_users_with_no_grant_in_the_viewers_subtree_are_404(
    tree: Tree,
    commune_admin: User,
    province_admin: User,
    agencies_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    client = client_for(commune_admin)
    for user in (province_admin, agencies_user, outsider):
        assert client.get(f"/nguoi-dung/{user.pk}/").status_code == 404
    assert client.get("/nguoi-dung/999999/").status_code == 404


# --- Grants -------------------------------------------------------------------------------------


def test_commune_admin_adds_a_grant(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).post(
        f"/nguoi-dung/{secretary_a.pk}/phan-quyen/them/",
        grant_form(tree.cell_b, role=Role.VIEWER, note="QĐ 12-QĐ/ĐU"),
    )
    assert response.status_code == 302
    grant = Grant.objects.get(user=secretary_a, organization=tree.cell_b)
    assert (grant.role, grant.note, grant.valid_to) == (Role.VIEWER, "QĐ 12-QĐ/ĐU", None)
    event = AuditEvent.objects.get(action="grant.add", object_id=str(grant.pk))
    assert event.actor == commune_admin


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("valid_to_before_from", "Ngày hết hiệu lực phải từ ngày bắt đầu"),
        ("dissolved", "đã chấm dứt hoạt động"),
        ("unknown_role", "Vai trò không hợp lệ"),
        ("outside_scope", "nằm ngoài phạm vi"),
        ("bad_date", "Ngày không hợp lệ"),
        ("no_unit", "Chọn đơn vị"),
        ("overlap", "đã có vai trò này"),
    ],
)
def test_bad_grant_input_is_400_with_a_message_and_changes_nothing(
    tree: Tree,
    commune_admin: User,
    secretary_a: User,
    client_for: ClientFor,
    case: str,
    message: str,
) -> None:
    data = grant_form(tree.cell_b)
    if case == "valid_to_before_from":
        data["valid_to"] = "31/01/2025"
    elif case == "dissolved":
        Organization.objects.filter(pk=tree.cell_b.pk).update(active_to=dt.date(2024, 6, 30))
    elif case == "unknown_role":
        data["role"] = "god"
    elif case == "outside_scope":
        data["organization"] = tree.agencies.pk
    elif case == "bad_date":
        data["valid_from"] = "2025/13/45"
    elif case == "no_unit":
        data["organization"] = ""
    elif case == "overlap":
        data.update(organization=tree.cell_a.pk, role=Role.SECRETARY)
    grants_before, events_before = Grant.objects.count(), AuditEvent.objects.count()
    response = client_for(commune_admin).post(
        f"/nguoi-dung/{secretary_a.pk}/phan-quyen/them/", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Grant.objects.count() == grants_before
    assert AuditEvent.objects.count() == events_before


def test_commune_admin_ends_a_grant(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    grant = Grant.objects.get(user=secretary_a)
    response = client_for(commune_admin).post(
        f"/phan-quyen/{grant.pk}/ket-thuc/", {"valid_to": "15/03/2025"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.valid_to == dt.date(2025, 3, 15)
    assert AuditEvent.objects.filter(action="grant.end", object_id=str(grant.pk)).exists()


@pytest.mark.parametrize(
    ("valid_to", "message"),
    [
        ("31/12/2019", "Ngày hết hiệu lực phải từ ngày bắt đầu"),
        ("hôm qua", "Ngày không hợp lệ"),
        ("", "Nhập ngày"),
    ],
)
def test_bad_grant_end_is_400_and_changes_nothing(
    tree: Tree,
    commune_admin: User,
    secretary_a: User,
    client_for: ClientFor,
    valid_to: str,
    message: str,
) -> None:
    grant = Grant.objects.get(user=secretary_a)
    response = client_for(commune_admin).post(
        f"/phan-quyen/{grant.pk}/ket-thuc/", {"valid_to": valid_to}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    grant.refresh_from_db()
    assert grant.valid_to is None


def test_ending_a_grant_outside_the_scope_is_404(
    tree: Tree,
    commune_admin: User,
    agencies_user: User,
    secretary_a: User,
    member_a: User,
    client_for: ClientFor,
) -> None:
    outside = Grant.objects.get(user=agencies_user)
    assert (
        client_for(commune_admin)
        .post(f"/phan-quyen/{outside.pk}/ket-thuc/", {"valid_to": "15/03/2025"})
        .status_code
        == 404
    )
    # A secretary cannot even see grants (the GRANTS action is needed to see them).
    inside = Grant.objects.get(user=member_a)
    assert (
        client_for(secretary_a)
        .post(f"/phan-quyen/{inside.pk}/ket-thuc/", {"valid_to": "15/03/2025"})
        .status_code
        == 404
    )
    outside.refresh_from_db()
    inside.refresh_from_db()
    assert outside.valid_to is None and inside.valid_to is None


def test_an_admin_cannot_end_their_own_admin_grant(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    grant = Grant.objects.get(user=commune_admin)
    response = client_for(commune_admin).post(
        f"/phan-quyen/{grant.pk}/ket-thuc/", {"valid_to": today().strftime("%d/%m/%Y")}
    )
    assert response.status_code == 400
    grant.refresh_from_db()
    assert grant.valid_to is None


# --- Account actions ----------------------------------------------------------------------------


def test_commune_admin_resets_a_password_shown_once(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).post(f"/nguoi-dung/{secretary_a.pk}/dat-lai-mat-khau/")
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(password) and not secretary_a.check_password(PASSWORD)
    assert secretary_a.must_change_password
    event = AuditEvent.objects.get(action="user.reset_password")
    assert event.org_path == tree.cell_a.path
    assert password not in str(event.after)


def test_reset_and_lock_need_every_current_grant_of_the_user_in_scope(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    Grant.objects.create(
        user=secretary_a, organization=tree.agencies, role=Role.VIEWER, valid_from=FOUNDED
    )
    client = client_for(commune_admin)
    assert client.post(f"/nguoi-dung/{secretary_a.pk}/dat-lai-mat-khau/").status_code == 403
    assert (
        client.post(f"/nguoi-dung/{secretary_a.pk}/kich-hoat/", {"active": "0"}).status_code == 403
    )
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(PASSWORD) and secretary_a.is_active


def test_an_admin_cannot_reset_or_lock_their_own_account_here(
    commune_admin: User, client_for: ClientFor
) -> None:
    client = client_for(commune_admin)
    assert client.post(f"/nguoi-dung/{commune_admin.pk}/dat-lai-mat-khau/").status_code == 400
    assert (
        client.post(f"/nguoi-dung/{commune_admin.pk}/kich-hoat/", {"active": "0"}).status_code
        == 400
    )
    commune_admin.refresh_from_db()
    assert commune_admin.is_active and commune_admin.check_password(PASSWORD)


def test_commune_admin_locks_and_unlocks_an_account(
    tree: Tree, commune_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(commune_admin)
    assert (
        client.post(f"/nguoi-dung/{secretary_a.pk}/kich-hoat/", {"active": "0"}).status_code == 302
    )
    secretary_a.refresh_from_db()
    assert not secretary_a.is_active
    assert (
        Client()
        .post("/tai-khoan/dang-nhap/", {"username": "secretary_a", "password": PASSWORD})
        .status_code
        == 200
    )
    client.post(f"/nguoi-dung/{secretary_a.pk}/kich-hoat/", {"active": "1"})
    secretary_a.refresh_from_db()
    assert secretary_a.is_active
    actions = list(
        AuditEvent.objects.filter(
            object_type="accounts.user", object_id=str(secretary_a.pk)
        ).values_list("action", flat=True)
    )
    assert actions == ["user.activate", "user.deactivate"]


def test_an_unknown_activation_value_is_400(
    secretary_a: User, commune_admin: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).post(
        f"/nguoi-dung/{secretary_a.pk}/kich-hoat/", {"active": "maybe"}
    )
    assert response.status_code == 400
    secretary_a.refresh_from_db()
    assert secretary_a.is_active


def test_unit_picker_offers_only_units_the_user_may_manage(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    client = client_for(commune_admin)
    body = client.get(
        "/pham-vi/don-vi/", {"action": "grants", "field": "organization", "unit_q": "chi bo"}
    ).content.decode()
    assert "Chi bộ Ấp Một" in body and "Chi bộ Ấp Hai" in body
    assert "cơ quan" not in body
    assert client.get("/pham-vi/don-vi/", {"action": "delete"}).status_code == 400


def test_unit_picker_keeps_the_checked_unit_first_while_searching(
    tree: Tree, commune_admin: User, client_for: ClientFor
) -> None:
    response = client_for(commune_admin).get(
        "/pham-vi/don-vi/",
        {
            "action": "grants",
            "field": "organization",
            "organization": tree.cell_a.pk,
            "unit_q": "ap hai",
        },
    )
    choices = response.context["picker"]["choices"]
    assert choices == [tree.cell_a, tree.cell_b]
    assert response.context["picker"]["checked_id"] == tree.cell_a.pk
    assert f'value="{tree.cell_a.pk}" checked' in response.content.decode()
