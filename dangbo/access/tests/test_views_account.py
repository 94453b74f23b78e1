"""Login, lockout, second factor, own password, API token and the working-scope switcher."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from conftest import PASSWORD, Tree, make_user
from dangbo.access.models import Role
from dangbo.access.working import SESSION_KEY
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"
OTP = "/tai-khoan/xac-thuc/"


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = int(code_for(device))
    return f"{(right + 1) % 1_000_000:06d}"


# --- Login and lockout ------------------------------------------------------------------------


def test_login_page_is_vietnamese_and_posts_to_itself(db: None) -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tên đăng nhập" in body and "Mật khẩu" in body
    assert 'action="/tai-khoan/dang-nhap/"' in body
    assert "login-card" in body


def test_secretary_logs_in_with_the_right_password(secretary_a: User) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(secretary_a.pk)


def test_wrong_password_shows_a_vietnamese_message_and_does_not_log_in(
    secretary_a: User,
) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "secretary_a", "password": "sai-mat-khau-roi"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    secretary_a: User,
) -> None:
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "secretary_a", "password": "sai-mat-khau-roi"})
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần" in body
    assert "thử lại sau 1 giờ" in body
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock_the_account(secretary_a: User) -> None:
    client = Client()
    for _ in range(4):
        client.post(LOGIN, {"username": "secretary_a", "password": "sai-mat-khau-roi"})
    response = client.post(LOGIN, {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 302


# --- Second factor ------------------------------------------------------------------------------


def test_admin_without_a_verified_second_factor_is_sent_to_the_otp_page(
    province_admin: User,
) -> None:
    client = Client()
    client.force_login(province_admin)
    response = client.get("/to-chuc/")
    assert response.status_code == 302
    assert response["Location"] == reverse("access:otp")


def test_admin_without_a_verified_second_factor_gets_403_json_from_the_api(
    province_admin: User,
) -> None:
    client = Client()
    client.force_login(province_admin)
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 403
    assert "TOTP" in response.json()["detail"]


def test_new_admin_sets_up_totp_with_a_qr_code_and_a_real_code(tree: Tree) -> None:
    admin = make_user("commune_admin", "Đỗ Văn Quản", tree.commune, Role.ADMIN)
    client = Client()
    client.force_login(admin)

    page = client.get(OTP)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "data:" not in body
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    # The secret is shown in groups of four base32 characters.
    assert page.context["secret"].split(" ")[0].isalnum()
    assert len(page.context["secret"].split(" ")[0]) == 4
    # Reloading keeps the same secret: the phone may already hold it.
    assert client.get(OTP).context["secret"] == page.context["secret"]
    assert TOTPDevice.objects.filter(user=admin).count() == 1

    response = client.post(OTP, {"token": code_for(device), "next": "/nguoi-dung/"})
    assert response.status_code == 302
    assert response["Location"] == "/nguoi-dung/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.otp_confirm", actor=admin).exists()
    assert client.get("/nguoi-dung/").status_code == 200


def test_a_wrong_setup_code_is_refused_with_400_and_the_device_stays_unconfirmed(
    tree: Tree,
) -> None:
    admin = make_user("commune_admin", "Đỗ Văn Quản", tree.commune, Role.ADMIN)
    client = Client()
    client.force_login(admin)
    client.get(OTP)
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(OTP, {"token": wrong_code_for(device)})
    assert response.status_code == 400
    assert "Mã xác thực không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/to-chuc/")["Location"] == reverse("access:otp")


def test_admin_with_a_device_verifies_the_code_and_may_then_work(province_admin: User) -> None:
    client = Client()
    client.force_login(province_admin)
    page = client.get(OTP)
    assert "Nhập mã xác thực 6 số" in page.content.decode()
    assert "<svg" not in page.content.decode()
    device = TOTPDevice.objects.get(user=province_admin)
    response = client.post(OTP, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert AuditEvent.objects.filter(action="user.otp_verify", actor=province_admin).exists()
    assert client.get("/nguoi-dung/").status_code == 200


def test_codes_may_be_typed_with_a_space_in_the_middle(province_admin: User) -> None:
    client = Client()
    client.force_login(province_admin)
    code = code_for(TOTPDevice.objects.get(user=province_admin))
    response = client.post(OTP, {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_a_wrong_code_is_400_and_throttles_the_next_try(province_admin: User) -> None:
    client = Client()
    client.force_login(province_admin)
    device = TOTPDevice.objects.get(user=province_admin)
    with time_machine.travel(timezone.now(), tick=False):
        wrong = client.post(OTP, {"token": wrong_code_for(device)})
        assert wrong.status_code == 400
        assert "Mã xác thực không đúng" in wrong.content.decode()
        # The failure count was kept although the service refused the code.
        right = client.post(OTP, {"token": code_for(device)})
        assert right.status_code == 400
        assert "đợi" in right.content.decode()
    assert client.get("/to-chuc/")["Location"] == reverse("access:otp")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "Nhập mã 6 số đang hiện trong ứng dụng xác thực."),
        ("12345", "Mã xác thực gồm đúng 6 chữ số."),
        ("abcdef", "Mã xác thực gồm đúng 6 chữ số."),
        ("1234567", "Mã xác thực gồm đúng 6 chữ số."),
    ],
)
def test_malformed_codes_are_refused_with_a_vietnamese_message(
    province_admin: User, token: str, message: str
) -> None:
    client = Client()
    client.force_login(province_admin)
    response = client.post(OTP, {"token": token})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get("/to-chuc/")["Location"] == reverse("access:otp")


def test_otp_next_pointing_to_another_site_goes_home(province_admin: User) -> None:
    client = Client()
    client.force_login(province_admin)
    device = TOTPDevice.objects.get(user=province_admin)
    response = client.post(OTP, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_user_with_a_temporary_password_goes_to_the_password_page_after_the_code(
    province_admin: User,
) -> None:
    User.objects.filter(pk=province_admin.pk).update(must_change_password=True)
    client = Client()
    client.force_login(province_admin)
    device = TOTPDevice.objects.get(user=province_admin)
    response = client.post(OTP, {"token": code_for(device), "next": "/nhat-ky/"})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/mat-khau/?next=%2Fnhat-ky%2F"
    page = client.get(response["Location"])
    assert "mật khẩu tạm thời" in page.content.decode()


# --- Own password -------------------------------------------------------------------------------


def test_user_changes_own_password_and_stays_logged_in(
    secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    User.objects.filter(pk=secretary_a.pk).update(must_change_password=True)
    client = client_for(secretary_a)
    new = "mot-mat-khau-moi-dai-2026"
    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(new)
    assert not secretary_a.must_change_password
    assert AuditEvent.objects.filter(action="user.change_password", actor=secretary_a).exists()
    # update_session_auth_hash kept this session valid.
    assert client.get("/tai-khoan/api-token/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        (
            "sai-mat-khau-cu",
            "mot-mat-khau-moi-dai",
            "mot-mat-khau-moi-dai",
            "Mật khẩu hiện tại không đúng",
        ),
        (PASSWORD, "mot-mat-khau-moi-dai", "mot-mat-khau-khac-han", "không giống nhau"),
        (PASSWORD, "ngan-qua", "ngan-qua", "Mật khẩu quá ngắn"),
        (PASSWORD, "", "", "bắt buộc"),
    ],
)
def test_bad_password_changes_are_refused_with_400_and_change_nothing(
    secretary_a: User,
    client_for: Callable[[User], Client],
    old: str,
    new1: str,
    new2: str,
    message: str,
) -> None:
    client = client_for(secretary_a)
    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(PASSWORD)


# --- API token ----------------------------------------------------------------------------------


def test_token_is_issued_shown_once_rotated_and_revoked(
    secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(secretary_a)
    assert "chưa có khóa" in client.get("/tai-khoan/api-token/").content.decode()

    issued = client.post("/tai-khoan/api-token/")
    assert issued.status_code == 200
    key = Token.objects.get(user=secretary_a).key
    assert key in issued.content.decode()
    assert "no-store" in issued["Cache-Control"]
    # Shown once: the next visit says a token exists but does not show it.
    again = client.get("/tai-khoan/api-token/").content.decode()
    assert key not in again and "đang có khóa" in again
    event = AuditEvent.objects.get(action="user.token_issue", actor=secretary_a)
    assert key not in str(event.before) + str(event.after)

    client.post("/tai-khoan/api-token/")
    assert Token.objects.get(user=secretary_a).key != key

    revoked = client.post("/tai-khoan/api-token/thu-hoi/")
    assert revoked.status_code == 302
    assert not Token.objects.filter(user=secretary_a).exists()
    assert AuditEvent.objects.filter(action="user.token_revoke", actor=secretary_a).exists()


# --- Working scope ------------------------------------------------------------------------------


def test_scope_switch_stores_the_unit_and_follows_a_local_next(
    tree: Tree, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(secretary_a)
    response = client.post(
        "/pham-vi/chon/", {"organization": tree.cell_a.pk, "next": "/tai-khoan/api-token/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/api-token/"
    assert client.session[SESSION_KEY] == tree.cell_a.pk


def test_scope_switch_refuses_a_unit_outside_the_scope_with_404(
    tree: Tree, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(secretary_a)
    response = client.post("/pham-vi/chon/", {"organization": tree.cell_b.pk, "next": "/"})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("raw", ["", "abc", "-1", "99999999999999999999999", "1.5"])
def test_scope_switch_with_a_malformed_id_is_404(
    secretary_a: User, client_for: Callable[[User], Client], raw: str
) -> None:
    response = client_for(secretary_a).post("/pham-vi/chon/", {"organization": raw})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/to-chuc/", "javascript:alert(1)"]
)
def test_scope_switch_ignores_an_unsafe_next(
    tree: Tree, secretary_a: User, client_for: Callable[[User], Client], next_url: str
) -> None:
    response = client_for(secretary_a).post(
        "/pham-vi/chon/", {"organization": tree.cell_a.pk, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:tree")


def test_scope_switch_refuses_get(secretary_a: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(secretary_a).get("/pham-vi/chon/").status_code == 405


def test_scope_search_finds_units_without_diacritics_within_the_scope_only(
    tree: Tree, secretary_a: User, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    admin_body = client_for(province_admin).get("/pham-vi/tim/", {"q": "ap"}).content.decode()
    assert "Chi bộ Ấp Một" in admin_body and "Chi bộ Ấp Hai" in admin_body
    assert 'action="/pham-vi/chon/"' in admin_body

    body = (
        client_for(secretary_a)
        .get(
            "/pham-vi/tim/",
            {"q": "ap"},
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/nhat-ky/?x=1"},
        )
        .content.decode()
    )
    assert "Chi bộ Ấp Một" in body
    assert "thuộc Đảng bộ xã An Bình" in body  # same names in different communes stay apart
    assert "Chi bộ Ấp Hai" not in body
    assert 'value="/nhat-ky/?x=1"' in body


def test_scope_search_returns_at_most_fifteen_units(
    tree: Tree, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    from conftest import make_org
    from dangbo.orgs.models import OrgKind

    for i in range(20):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Khóm {i}", f"TN.AB.K{i}")
    response = client_for(province_admin).get("/pham-vi/tim/", {"q": "khom"})
    assert response.content.decode().count('name="organization"') == 15


def test_every_account_page_refuses_anonymous_users(db: None) -> None:
    client = Client()
    for url in [OTP, "/tai-khoan/mat-khau/", "/tai-khoan/api-token/", "/pham-vi/tim/?q=a"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_user_with_a_temporary_password_is_kept_on_the_password_page(
    client_for: Callable[[User], Client], secretary_a: User
) -> None:
    secretary_a.must_change_password = True
    secretary_a.save(update_fields=["must_change_password"])
    client = client_for(secretary_a)
    response = client.get("/to-chuc/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/mat-khau/?next=")
    api = client.get("/api/v1/organizations/")
    assert api.status_code == 403
    assert "đổi mật khẩu" in api.json()["detail"]
    assert client.get("/tai-khoan/mat-khau/").status_code == 200
