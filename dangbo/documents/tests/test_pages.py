"""The document pages through the test client: list with search and filters, detail, create
(draft with a .docx, or an issued document by its symbol), issue, edit, attach, download, tree.
Bad input answers 400 with the message beside the field, never 500."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents import services
from dangbo.documents.models import DocKind, DocStatus, Document
from dangbo.documents.tests.factories import AttachmentFactory, DocumentFactory
from dangbo.documents.tests.files import PROGRAM_TEXT, docx_bytes, upload

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
LIST = reverse("documents:document-list")
CREATE = reverse("documents:document-create")


def page_of(name: str, doc: Document) -> str:
    return reverse(f"documents:{name}", args=[doc.pk])


def test_list_searches_without_diacritics_and_filters(
    tree: Tree, province_admin: User, client_for: ClientFor, django_assert_max_num_queries: object
) -> None:
    DocumentFactory.create(issuer=tree.commune, title="Nghị quyết về chuyển đổi số", kind="NQ")
    DocumentFactory.create_batch(30, issuer=tree.commune)
    client = client_for(province_admin)
    # Constant, whatever the number of documents (PostgreSQL adds SAVEPOINT/SET LOCAL).
    with django_assert_max_num_queries(17):  # type: ignore[operator]
        response = client.get(LIST, {"q": "chuyen doi so"})
    assert response.status_code == 200
    assert "Nghị quyết về chuyển đổi số" in response.content.decode()
    assert "1 văn bản" in response.content.decode()
    response = client.get(LIST, {"loai": "NQ", "nam": "2025", "trang_thai": "issued"})
    assert "Nghị quyết về chuyển đổi số" in response.content.decode()
    response = client.get(LIST, {"page": "2"})
    assert "Trang 2 / 2" in response.content.decode()


def test_list_ignores_bad_filters(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    client = client_for(secretary_a)
    for params in ({"nam": "99999999999"}, {"co_quan": "x"}, {"loai": "<b>"}, {"q": "\x00'"}):
        assert client.get(LIST, params).status_code == 200


def test_detail_shows_symbol_date_body_attachments_and_implementations(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    resolution = DocumentFactory.create(
        issuer=tree.commune, kind="NQ", number=1, title="Nghị quyết Đại hội", body="Dòng 1\nDòng 2"
    )
    program = DocumentFactory.create(issuer=tree.cell_a, implements=resolution, title="CTr ấp")
    attachment = AttachmentFactory.create(document=resolution)
    html = client_for(secretary_a).get(page_of("document-detail", resolution)).content.decode()
    assert "Số 01-NQ/ĐU" in html and "20/11/2025" in html
    assert "Dòng 1<br>Dòng 2" in html
    assert attachment.name in html and program.title in html
    # The cell reads the commune's resolution but may not change it.
    assert page_of("document-edit", resolution) not in html


def test_create_a_draft_from_a_docx_then_issue_it_with_the_next_number(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "mode": "draft",
            "kind": DocKind.REPORT,
            "issuer": tree.cell_a.pk,
            "title": "Báo cáo sơ kết",
            "file": upload("bao-cao.docx", docx_bytes(PROGRAM_TEXT.split("\n"))),
        },
    )
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of("document-detail", doc)
    assert doc.body == PROGRAM_TEXT and doc.status == DocStatus.DRAFT
    issue_page = client.get(page_of("document-issue", doc)).content.decode()
    assert "01-BC/CB" in issue_page
    response = client.post(page_of("document-issue", doc), {"issued_on": "20/11/2025"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.symbol == "01-BC/CB" and doc.issued_on == dt.date(2025, 11, 20)


def test_a_program_with_text_goes_on_to_the_targets_review_or_its_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).post(
        CREATE,
        {
            "mode": "issued",
            "kind": DocKind.PROGRAM,
            "issuer": tree.cell_a.pk,
            "symbol": "01-CTr/CB",
            "issued_on": "01/10/2025",
            "title": "Chương trình hành động",
            "body": PROGRAM_TEXT,
        },
    )
    doc = Document.objects.get()
    assert doc.symbol == "01-CTr/CB" and doc.status == DocStatus.ISSUED
    try:
        expected = reverse("targets:proposal-review", args=[doc.pk])
    except NoReverseMatch:  # the review screen is not there yet
        expected = page_of("document-detail", doc)
    assert response.status_code == 302 and response["Location"] == expected


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"mode": "issued", "symbol": "", "issued_on": ""}, "Nhập số, ký hiệu"),
        ({"mode": "issued", "symbol": "abc", "issued_on": "01/10/2025"}, "không đúng mẫu"),
        ({"mode": "issued", "symbol": "01-KH/CB", "issued_on": "01/10/2025"}, "không khớp loại"),
        ({"mode": "issued", "symbol": "09-CTr/CB", "issued_on": "01/10/2025"}, "không liền số"),
        ({"mode": "draft", "file": upload("hong.pdf", b"%PDF broken")}, "bị hỏng"),
        ({"mode": "draft", "file": upload("x.exe", b"MZ")}, "Không nhận loại tệp"),
        ({"mode": "draft", "issued_on": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"mode": "other"}, "lựa chọn"),
    ],
)
def test_bad_input_is_a_400_with_a_vietnamese_message_and_nothing_written(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    data: dict[str, object],
    field_message: str,
) -> None:
    body = {"kind": DocKind.PROGRAM, "issuer": tree.cell_a.pk, "title": "Chương trình", **data}
    response = client_for(secretary_a).post(CREATE, body)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Document.objects.exists()


def test_secretary_cannot_create_for_a_sibling_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    body = {"mode": "draft", "kind": "BC", "issuer": tree.cell_b.pk, "title": "Báo cáo"}
    assert client_for(secretary_a).post(CREATE, body).status_code == 400
    assert not Document.objects.exists()


def test_edit_attach_replace_and_download_are_scoped_and_audited(
    tree: Tree, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    old = DocumentFactory.create(issuer=tree.cell_a, number=1, title="Kế hoạch cũ")
    new = DocumentFactory.create(issuer=tree.cell_a, number=2, title="Kế hoạch mới")
    response = client.post(
        page_of("document-edit", old), {"title": "Kế hoạch cũ (sửa)", "body": "Nội dung mới"}
    )
    assert response.status_code == 302
    response = client.post(
        page_of("document-attach", old), {"file": upload("phu-luc.txt", "Phụ lục".encode())}
    )
    assert response.status_code == 302
    attachment = old.attachments.get()
    response = client.post(page_of("document-replace", old), {"replaced_by": new.pk})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == DocStatus.REPLACED and old.replaced_by == new
    download = client_for(member_a).get(
        reverse("documents:attachment-download", args=[attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "Phụ lục".encode()  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="document.download").count() == 1
    # A member reads but does not write.
    assert client_for(member_a).get(page_of("document-edit", old)).status_code == 403


def test_cell_b_documents_are_not_found_for_cell_a(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    draft = DocumentFactory.create(issuer=tree.cell_b, status=DocStatus.DRAFT, number=None)
    attachment = AttachmentFactory.create(document=draft)
    client = client_for(secretary_a)
    for name in ("document-detail", "document-edit", "document-issue", "document-attach"):
        assert client.get(page_of(name, draft)).status_code == 404
    assert (
        client.get(reverse("documents:attachment-download", args=[attachment.pk])).status_code
        == 404
    )


def test_tree_shows_resolution_program_plan(
    tree: Tree, secretary_a: User, client_for: ClientFor, django_assert_max_num_queries: object
) -> None:
    resolution = DocumentFactory.create(issuer=tree.commune, kind="NQ", title="NQ Đại hội xã")
    program = DocumentFactory.create(issuer=tree.commune, implements=resolution, title="CTr xã")
    DocumentFactory.create(issuer=tree.cell_a, kind="KH", implements=program, title="KH Ấp Một")
    DocumentFactory.create(
        issuer=tree.cell_b,
        kind="KH",
        implements=program,
        title="KH Ấp Hai",
        status=DocStatus.DRAFT,
        number=None,
    )
    client = client_for(secretary_a)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        html = client.get(
            reverse("documents:document-tree"), {"don_vi": tree.cell_a.pk}
        ).content.decode()
    assert "NQ Đại hội xã" in html and "CTr xã" in html and "KH Ấp Một" in html
    assert "KH Ấp Hai" not in html


def test_issue_refuses_a_taken_number_on_the_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    first = services.create_document(actor=None, kind="BC", issuer=tree.cell_a, title="Một")
    services.issue_document(actor=None, document=first, issued_on=dt.date(2025, 11, 1))
    second = services.create_document(actor=None, kind="BC", issuer=tree.cell_a, title="Hai")
    response = client_for(secretary_a).post(
        page_of("document-issue", second), {"issued_on": "02/11/2025", "number": "1"}
    )
    assert response.status_code == 400 and "đã dùng" in response.content.decode()
