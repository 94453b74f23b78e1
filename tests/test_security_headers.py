"""Every page carries the security headers; forms refuse a missing CSRF token."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from conftest import PASSWORD, Tree
from dangbo.access.working import SESSION_KEY
from dangbo.accounts.models import User


def test_pages_send_csp_without_inline_script_and_the_other_security_headers(
    client_for: Callable[[User], Client], secretary_a: User
) -> None:
    response = client_for(secretary_a).get("/to-chuc/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode().replace(" ", "")


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(
    secretary_a: User, tree: Tree
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    response = client.post("/pham-vi/chon/", {"organization": tree.cell_a.pk, "next": "/"})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_session_cookie_is_http_only_and_expires(secretary_a: User) -> None:
    client = Client()
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "secretary_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) == 8 * 3600
