"""A cell secretary runs a study campaign in the browser: creates a session on the commune's
resolution, ticks who attended on a phone-sized screen and saves the sheet at once, then reads
the coverage page with those who have not studied yet."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_secretary_records_a_study_session_and_reads_the_coverage(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("bithu", "Lê Văn Bí Thư", tree.cell_a, Role.SECRETARY)
    document = DocumentFactory.create(
        issuer=tree.commune, kind="NQ", title="Nghị quyết về chuyển đổi số"
    )
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        MemberFactory.create(organization=tree.cell_a, full_name=name)
    base = str(live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "bithu")

    page.goto(f"{base}/hoc-tap/them/?van_ban={document.pk}")
    page.get_by_label("Đơn vị tổ chức").select_option(str(tree.cell_a.pk))
    page.get_by_label("Ngày học tập").fill("10/12/2025")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa ấp Một")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".attendance-sheet")).to_be_visible()
    page.get_by_label("Nguyễn Văn An").check()
    page.get_by_label("Lê Văn Cường").check()
    shot(page, "study-sheet-390")
    page.get_by_role("button", name="Lưu danh sách").first.click()
    expect(page.get_by_text("Đã lưu danh sách: 2 đảng viên có mặt.")).to_be_visible()

    page.goto(f"{base}/hoc-tap/van-ban/{document.pk}/?ngay=31/12/2025")
    expect(page.locator(".study-coverage tfoot")).to_contain_text("66,7%")
    expect(page.locator(".not-studied")).to_contain_text("Trần Thị Bình")
    expect(page.locator(".not-studied")).not_to_contain_text("Nguyễn Văn An")
    shot(page, "study-coverage-390")
