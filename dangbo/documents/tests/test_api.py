"""/api/v1/documents/: search, create (draft or issued by symbol), edit, issue, attach; scoped
like the pages; bad input is a 400 per field in Vietnamese, never a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.documents.models import DocStatus, Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.documents.tests.files import PROGRAM_TEXT, docx_bytes, upload

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
URL = "/api/v1/documents/"


def test_list_searches_and_is_scoped(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    DocumentFactory.create(issuer=tree.commune, title="Nghị quyết chuyển đổi số")
    DocumentFactory.create(
        issuer=tree.cell_b,
        title="Dự thảo chuyển đổi số Ấp Hai",
        status=DocStatus.DRAFT,
        number=None,
    )
    response = client_for(secretary_a).get(URL, {"q": "chuyen doi"})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Nghị quyết chuyển đổi số"]


def test_create_a_draft_edit_and_issue(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    response = client.post(
        URL,
        {"kind": "BC", "issuer": tree.cell_a.pk, "title": "Báo cáo quý", "body": "Nội dung"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft" and response.json()["symbol"] == ""
    response = client.patch(
        f"{URL}{pk}/", {"title": "Báo cáo quý III"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Báo cáo quý III"
    response = client.post(
        f"{URL}{pk}/issue/", {"issued_on": "20/11/2025"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["symbol"] == "01-BC/CB"
    again = client.post(
        f"{URL}{pk}/issue/", {"issued_on": "20/11/2025"}, content_type="application/json"
    )
    assert again.status_code == 400 and "issued_on" in again.json()
    response = client.patch(f"{URL}{pk}/", {"kind": "KH"}, content_type="application/json")
    assert response.status_code == 400 and "kind" in response.json()


def test_register_an_issued_document_by_symbol(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    body = {
        "kind": "CTr",
        "issuer": tree.cell_a.pk,
        "title": "Chương trình hành động",
        "symbol": "03-CTr/CB",
        "issued_on": "01/10/2025",
        "earlier": True,
    }
    client = client_for(secretary_a)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["symbol"] == "03-CTr/CB"
    duplicate = client.post(URL, body, content_type="application/json")
    assert duplicate.status_code == 400
    assert "đã dùng" in duplicate.json()["symbol"][0]


def test_attach_a_docx_as_body(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    doc = DocumentFactory.create(issuer=tree.cell_a, status=DocStatus.DRAFT, number=None, body="")
    client = client_for(secretary_a)
    response = client.post(
        f"{URL}{doc.pk}/attachments/",
        {"file": upload("ct.docx", docx_bytes(PROGRAM_TEXT.split("\n"))), "use_as_body": "true"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["text_extracted"] is True
    detail = client.get(f"{URL}{doc.pk}/").json()
    assert detail["body"] == PROGRAM_TEXT and len(detail["attachments"]) == 1
    bad = client.post(f"{URL}{doc.pk}/attachments/", {"file": upload("x.pdf", b"%PDF junk")})
    assert bad.status_code == 400 and "file" in bad.json()
    as_json = client.post(f"{URL}{doc.pk}/attachments/", {}, content_type="application/json")
    assert as_json.status_code == 400 and "file" in as_json.json()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"kind": "XX", "issuer": 1, "title": "a"},
        {"kind": "BC", "issuer": 999999999999999999, "title": "a"},
        {"kind": "BC", "issuer": "abc", "title": "\x00"},
        {"kind": "BC", "issuer": 1, "title": "a", "symbol": "rubbish", "issued_on": "1/1/1"},
        {"kind": "BC", "issuer": 1, "title": "a", "implements": -1},
        [],
    ],
)
def test_bad_bodies_are_400_never_500(
    tree: Tree, province_admin: User, client_for: ClientFor, body: object
) -> None:
    response = client_for(province_admin).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_cell_b_draft_is_404_and_commune_document_is_403_for_writes(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    draft = DocumentFactory.create(issuer=tree.cell_b, status=DocStatus.DRAFT, number=None)
    commune = DocumentFactory.create(issuer=tree.commune)
    client = client_for(secretary_a)
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert client.get(f"{URL}{commune.pk}/").status_code == 200
    response = client.patch(f"{URL}{commune.pk}/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    response = client.post(
        f"{URL}{draft.pk}/issue/", {"issued_on": "01/11/2025"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_bad_query_parameters_are_400(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    response = client_for(secretary_a).get(URL, {"year": "abc", "kind": "ZZ"})
    assert response.status_code == 400 and {"year", "kind"} <= set(response.json())
