"""A cell secretary uploads her program of action as a .docx through the browser, sees its
text on the detail page, issues it and finds it again by searching without diacritics
(screenshots under test-artifacts/: documents-create, documents-detail, documents-list)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import FilePayload, Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.documents.models import Document
from dangbo.documents.tests.files import docx_bytes
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PARAGRAPHS = [
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Thực hiện Nghị quyết Đại hội Chi bộ Ấp Một nhiệm kỳ 2025 - 2030",
    "I. MỤC TIÊU",
    "Phấn đấu hằng năm kết nạp ít nhất 02 đảng viên mới.",
]


def test_secretary_uploads_a_docx_sees_its_text_issues_it_and_finds_it(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/van-ban/")
    page.get_by_role("link", name="Thêm văn bản").click()
    expect(page.get_by_role("heading", name="Thêm văn bản")).to_be_visible()
    page.get_by_label("Loại văn bản").select_option("BC")
    page.get_by_label("Trích yếu").fill("Báo cáo kết quả thực hiện chương trình hành động")
    program: FilePayload = {
        "name": "chuong-trinh-ap-mot.docx",
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": docx_bytes(PARAGRAPHS),
    }
    page.get_by_label("Tệp văn bản").set_input_files(files=[program])
    shot(page, "documents-create")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã lưu dự thảo văn bản.")).to_be_visible()
    body = page.locator(".document-body")
    expect(body).to_contain_text("Phấn đấu hằng năm kết nạp ít nhất 02 đảng viên mới.")
    expect(page.get_by_role("link", name="chuong-trinh-ap-mot.docx")).to_be_visible()

    page.get_by_role("link", name="Ban hành (cấp số)").click()
    expect(page.locator(".next-symbol")).to_have_text("01-BC/CB")
    page.get_by_label("Ngày ban hành").fill("20/11/2025")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Đã ban hành văn bản số 01-BC/CB.")).to_be_visible()
    expect(page.get_by_text("Số 01-BC/CB", exact=True)).to_be_visible()
    expect(page.get_by_text("ngày 20/11/2025")).to_be_visible()
    shot(page, "documents-detail")

    page.goto(f"{base}/van-ban/")
    page.get_by_label("Tìm trong trích yếu, số ký hiệu, nội dung").fill("ket nap dang vien")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".document-list tbody tr")).to_have_count(1)
    expect(page.locator(".document-list")).to_contain_text("01-BC/CB")
    shot(page, "documents-list")
    assert Document.objects.get().symbol == "01-BC/CB"


def test_a_program_upload_goes_on_to_its_review_or_detail(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    base = str(live_server)
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/van-ban/them/")
    page.get_by_label("Văn bản đã ban hành (nhập số ký hiệu)").check()
    page.get_by_label("Loại văn bản").select_option("CTr")
    page.get_by_label("Số, ký hiệu").fill("01-CTr/CB")
    page.get_by_label("Ngày ban hành").fill("01/10/2025")
    page.get_by_label("Trích yếu").fill("Chương trình hành động thực hiện Nghị quyết")
    page.get_by_label("Nội dung").fill("\n".join(PARAGRAPHS))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    doc = Document.objects.get()
    try:
        expected = reverse("targets:proposal-review", args=[doc.pk])
    except NoReverseMatch:
        expected = reverse("documents:document-detail", args=[doc.pk])
    assert page.url.endswith(expected)
