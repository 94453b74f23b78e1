"""Friendly Vietnamese error pages for people, JSON for the API."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client, RequestFactory

from conftest import Tree
from dangbo.access.views_errors import server_error
from dangbo.accounts.models import User


def test_unknown_page_gets_the_vietnamese_404_page(
    client_for: Callable[[User], Client], secretary_a: User
) -> None:
    response = client_for(secretary_a).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_forbidden_action_gets_the_vietnamese_403_page(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    response = client_for(secretary_a).get(f"/to-chuc/{tree.cell_a.pk}/doi-ten/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_server_error_page_is_vietnamese_and_needs_no_database_or_context() -> None:
    response = server_error(RequestFactory().get("/to-chuc/"))
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in response.content.decode()


def test_api_errors_are_json_in_vietnamese(
    client_for: Callable[[User], Client], secretary_a: User, tree: Tree
) -> None:
    client = client_for(secretary_a)
    missing = client.get(f"/api/v1/organizations/{tree.cell_b.pk}/")
    assert missing.status_code == 404
    assert "Không tìm thấy" in missing.json()["detail"]
    anonymous = Client().get("/api/v1/organizations/")
    assert anonymous.status_code in {401, 403}
    assert "chưa đăng nhập" in anonymous.json()["detail"]


def test_swagger_ui_loads_only_local_assets(
    client_for: Callable[[User], Client], secretary_a: User
) -> None:
    client = client_for(secretary_a)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "Swagger UI page references no assets"
    for source in sources:
        assert not source.startswith(("http:", "https:", "//")), source
    assert "<script>" not in html.replace(" ", ""), "inline script breaks the CSP"
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
