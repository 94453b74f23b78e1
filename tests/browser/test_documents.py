"""Printing from the browser: the phiếu đảng viên buttons on a profile, and the list of Huy
hiệu Đảng due at an occasion, with its downloads (screenshots under test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.core.models import Rule
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _veteran(tree: Tree, name: str, decided: dt.date, org: object = None) -> Member:
    return MemberFactory.create(
        organization=org or tree.cell_a,
        full_name=name,
        birth_date=decided.replace(year=decided.year - 24),
        decision_date=decided,
        admitted_on=decided + dt.timedelta(days=10),
        official_on=decided.replace(year=decided.year + 1) + dt.timedelta(days=10),
    )


def test_office_prints_a_summary_and_the_badges_list(
    page: Page, live_server: object, tree: Tree
) -> None:
    # The occasions as the regulation gives them, month-day (see test_documents.py).
    Rule.objects.filter(key="badge_occasions").update(value=["02-03", "05-19", "09-02", "11-07"])
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    member = _veteran(tree, "Nguyễn Thị Hồng Nhung", dt.date(1997, 8, 25))
    _veteran(tree, "Đặng Văn Năm Mươi", dt.date(1977, 3, 1))
    _veteran(tree, "Trương Thị Ấp Hai", dt.date(1986, 6, 1), tree.cell_b)
    base = str(live_server)
    log_in(page, base, "vanphong")

    page.goto(f"{base}/dang-vien/{member.pk}/")
    expect(page.get_by_role("link", name="In phiếu (PDF)")).to_be_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="In phiếu (PDF)").click()
    assert pdf.value.suggested_filename == "phieu-dang-vien-nguyen-thi-hong-nhung.pdf"
    with page.expect_download() as word:
        page.get_by_role("link", name="Tải DOCX").click()
    assert word.value.suggested_filename.endswith(".docx")
    shot(page, "documents-profile-buttons-1280")

    page.get_by_role("link", name="Huy hiệu Đảng đến hạn").click()
    expect(page.get_by_role("heading", name="Huy hiệu Đảng đến hạn")).to_be_visible()
    page.get_by_label("Đợt xét tặng").select_option("09-02")
    page.get_by_label("Năm").fill("2027")
    page.get_by_role("button", name="Xem danh sách").click()
    table = page.locator(".badges-table")
    expect(table).to_contain_text("Huy hiệu 50 năm tuổi Đảng")
    expect(table).to_contain_text("Nguyễn Thị Hồng Nhung")
    expect(table).to_contain_text("Trương Thị Ấp Hai")
    shot(page, "documents-badges-1280")
    with page.expect_download() as listed:
        page.get_by_role("link", name="In danh sách (PDF)").click()
    assert listed.value.suggested_filename == "huy-hieu-dang-dot-02-09-2027.pdf"

    page.get_by_label("Năm").fill("1800")
    page.get_by_role("button", name="Xem danh sách").click()
    expect(page.get_by_text("Năm phải từ 1960")).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{base}/dang-vien/huy-hieu/?dot=09-02&nam=2027")
    expect(page.locator(".badges-table")).to_contain_text("Nguyễn Thị Hồng Nhung")
    shot(page, "documents-badges-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
