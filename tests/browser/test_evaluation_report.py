"""The office opens a round's report from the round page, reads the tables and the targets,
drills down into a commune, downloads the Word file, and a secretary sees their cell only
(screenshots under test-artifacts/)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.evaluations.tests.report_data import build
from dangbo.targets.tests.factories import TargetFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_office_reads_the_report_drills_down_and_downloads_it(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    cast = build(tree)
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    doc = DocumentFactory.create(issuer=tree.commune)
    TargetFactory.create(
        document=doc,
        subject="đảng viên",
        metric="hoàn thành tốt nhiệm vụ trở lên",
        value=Decimal(90),
        period="annual",
        deadline=None,
        source_text="Hằng năm, 90% đảng viên hoàn thành tốt nhiệm vụ trở lên.",
    )
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "vanphong")
    page.goto(f"{base}/danh-gia/{cast.round.pk}/")
    page.get_by_role("link", name="Báo cáo tổng hợp kết quả").click()
    expect(page.locator("#report-title")).to_have_text(
        "Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025"
    )
    members = page.locator("#report-members")
    expect(members.locator("tfoot")).to_contain_text("77,8 %")
    shot(page, "evaluation-report-root")

    members.get_by_role("link", name="Đảng bộ xã An Bình").click()
    expect(page.locator("#report-members tbody tr")).to_have_count(2)
    expect(page.locator("#report-members")).to_contain_text("87,5 %")
    expect(page.locator("#report-targets")).to_contain_text("Không đạt")
    expect(page.locator("#report-unclassified")).to_contain_text(cast.missing.full_name)
    expect(page.locator("#report-exempt")).to_contain_text(cast.exempt.full_name)
    shot(page, "evaluation-report-commune")

    with page.expect_download() as info:
        page.locator("#report-docx").click()
    assert info.value.suggested_filename == "bao-cao-xep-loai-2025-tnab.docx"

    # The member statistics show the ratings of the year too.
    page.goto(f"{base}/dang-vien/thong-ke/?org={tree.commune.pk}&as_of=31/12/2025")
    expect(page.locator("#bang-xep-loai")).to_contain_text("Xếp loại chất lượng đảng viên năm 2025")
    page.locator("#bang-xep-loai").scroll_into_view_if_needed()
    page.locator("#bang-xep-loai").screenshot(path="test-artifacts/evaluation-statistics.png")

    page.context.clear_cookies()
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/bao-cao/danh-gia/{cast.round.pk}/")
    expect(page.locator("#report-members tbody")).to_contain_text("Chi bộ Ấp Một")
    expect(page.locator("#report-members tbody")).not_to_contain_text("Chi bộ Ấp Hai")
    shot(page, "evaluation-report-secretary")
