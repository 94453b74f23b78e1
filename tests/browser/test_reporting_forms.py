"""A cell's secretary fills in the commune's reporting form (the value shows as the figures are
typed; a rate above 100% is refused) and sends it; the commune's office approves it from its
queue and sees the heat table turn green (screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.indicators.models import Submission, SubmissionState
from dangbo.indicators.tests.reporting_helpers import make_form
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_secretary_sends_the_report_and_the_commune_approves_it(
    page: Page, live_server: object, tree: Tree, secretary_a: object, browser: object
) -> None:
    s = make_form(tree)
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "secretary_a")
    page.get_by_role("link", name="Biểu mẫu báo cáo").first.click()
    expect(page.locator("table.to-fill")).to_contain_text("Quý III/2026")
    shot(page, "reporting-form-list")
    page.get_by_role("link", name="Nhập báo cáo").first.click()
    page.locator("#numerator_ty-le-chi-bo-144").fill("2")
    page.locator("#denominator_ty-le-chi-bo-144").fill("1")
    page.locator("#numerator_mo-hinh-moi-chi-bo").fill("1,5")
    page.locator("#denominator_mo-hinh-moi-chi-bo").fill("1")
    expect(page.locator(".live-value").first).to_contain_text("1,5 mô hình/chi bộ")
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    expect(page.get_by_text("không được lớn hơn tổng số chi bộ")).to_be_visible()
    shot(page, "reporting-fill-refused")
    page.locator("#numerator_ty-le-chi-bo-144").fill("1")
    expect(page.locator(".live-value").nth(1)).to_contain_text("100%")
    shot(page, "reporting-fill")
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()
    expect(page.get_by_text("Đã gửi báo cáo Quý III/2026 của Chi bộ Ấp Một")).to_be_visible()
    shot(page, "reporting-sent")

    reviewer = page.context.browser.new_context(  # type: ignore[union-attr]
        viewport={"width": 1366, "height": 900}, locale="vi-VN"
    ).new_page()
    log_in(reviewer, base, s.reviewer.username)
    reviewer.goto(f"{base}/chi-so/bieu-mau/cho-duyet/")
    expect(reviewer.locator("table.review-queue")).to_contain_text("Chi bộ Ấp Một")
    shot(reviewer, "reporting-queue")
    reviewer.get_by_role("link", name="Chi bộ Ấp Một").click()
    reviewer.get_by_role("button", name="Duyệt và khóa").click()
    expect(reviewer.get_by_text("Đã duyệt và khóa báo cáo của Chi bộ Ấp Một")).to_be_visible()
    reviewer.goto(f"{base}/chi-so/bieu-mau/{s.form.pk}/")
    expect(reviewer.locator("table.heat-table")).to_contain_text("Đã duyệt")
    shot(reviewer, "reporting-heat")
    assert Submission.objects.get().state == SubmissionState.APPROVED
    reviewer.context.close()
