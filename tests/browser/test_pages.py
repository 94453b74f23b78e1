"""A person clicking through the main pages in a real browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from conftest import PASSWORD, Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.orgs import services
from dangbo.orgs.models import OrgKind
from tests.browser.conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture
def office(tree: Tree) -> User:
    return make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)


def test_office_user_browses_tree_opens_unit_switches_scope_and_reads_audit_log(
    page: Page, live_server: object, tree: Tree, office: User
) -> None:
    base = str(live_server)
    log_in(page, base, "vanphong")
    # The dashboard opens first; the tree is one click away in the sidebar.
    expect(page).to_have_url(re.compile(r"/tong-quan/"))
    page.locator("#sidebar").get_by_role("link", name="Cây tổ chức", exact=True).click()
    expect(page.get_by_role("heading", name="Cây tổ chức")).to_be_visible()
    expect(page.locator(".tree").get_by_text("Đảng bộ tỉnh Thử Nghiệm")).to_be_visible()

    page.get_by_label("Mở hoặc thu gọn các đơn vị trực thuộc Đảng bộ xã An Bình").click()
    expect(page.locator(".tree").get_by_role("link", name="Chi bộ Ấp Một")).to_be_visible()

    page.locator("#org-search").fill("ap mot")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Chi bộ Ấp Một")).to_be_visible()
    shot(page, "tree")

    results.get_by_role("link", name="Chi bộ Ấp Một").click()
    expect(page.get_by_role("heading", name="Chi bộ Ấp Một")).to_be_visible()
    expect(page.get_by_text("Lịch sử")).to_be_visible()
    shot(page, "org-detail")

    page.locator("#scope-switcher").click()
    page.locator("#scope-search").fill("an binh")
    page.locator("#scope-results").get_by_role("button", name="Đảng bộ xã An Bình").click()
    expect(page.locator("#scope-switcher")).to_contain_text("An Bình")

    page.get_by_role("link", name="Nhật ký hệ thống").click()
    expect(page.get_by_role("heading", name="Nhật ký hệ thống")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Chi bộ Ấp Một")
    shot(page, "audit-log")


def test_admin_must_enter_a_totp_code_before_the_dashboard(
    page: Page, live_server: object, tree: Tree, province_admin: User
) -> None:
    base = str(live_server)
    log_in(page, base, "province_admin")
    assert "/tai-khoan/xac-thuc/" in page.url
    expect(page.get_by_text("Nhập mã xác thực")).to_be_visible()
    page.goto(f"{base}/to-chuc/")
    expect(page.get_by_text("Nhập mã xác thực")).to_be_visible()  # still held at the OTP page

    device = TOTPDevice.objects.get(user=province_admin)
    page.locator("input[name=token]").fill(f"{totp(device.bin_key):06d}")
    page.locator("form").filter(has=page.locator("input[name=token]")).locator(
        "button[type=submit]"
    ).click()
    expect(page).to_have_url(re.compile(r"/tong-quan/"))
    expect(page.get_by_role("heading", name="Đảng bộ tỉnh Thử Nghiệm")).to_be_visible()


def test_tree_as_of_a_date_shows_units_before_the_merge(
    page: Page, live_server: object, tree: Tree, office: User
) -> None:
    merged = dt.date(2025, 7, 1)
    decision = services.Decision(effective_on=merged, number="1234-QĐ/TU")
    new = services.create_organization(
        actor=None,
        parent=tree.root,
        kind=OrgKind.UPPER,
        name="Đảng bộ xã An Bình Mới",
        code="TN.ABM",
        decision=decision,
    )
    services.merge_organizations(actor=None, sources=[tree.commune], target=new, decision=decision)

    base = str(live_server)
    log_in(page, base, "vanphong")
    page.goto(f"{base}/to-chuc/lich-su/?ngay=30/06/2025")
    tree_box = page.locator(".tree")
    expect(tree_box.get_by_text("Đảng bộ xã An Bình", exact=True)).to_be_visible()
    expect(tree_box.get_by_text("Đảng bộ xã An Bình Mới")).to_have_count(0)
    shot(page, "tree-history")

    page.goto(f"{base}/to-chuc/lich-su/?ngay=02/07/2025")
    expect(page.locator(".tree").get_by_text("Đảng bộ xã An Bình Mới")).to_be_visible()


def test_phone_width_keeps_the_tree_usable_and_the_menu_reachable(
    browser: object, live_server: object, tree: Tree, office: User
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    phone = context.new_page()
    base = str(live_server)
    log_in(phone, base, "vanphong")
    expect(phone).to_have_url(re.compile(r"/tong-quan/"))
    phone.goto(f"{base}/to-chuc/")
    expect(phone.get_by_role("heading", name="Cây tổ chức")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"trang rộng {width}px, tràn màn hình điện thoại"
    shot(phone, "tree-phone")
    phone.get_by_label("Mở danh mục").click()
    expect(
        phone.locator("#sidebar").get_by_role("link", name="Cây tổ chức", exact=True)
    ).to_be_visible()
    phone.wait_for_timeout(500)  # let the offcanvas finish sliding in
    shot(phone, "menu-phone")
    context.close()


def test_swagger_ui_renders_offline_under_the_content_security_policy(
    page: Page, live_server: object, tree: Tree, office: User
) -> None:
    base = str(live_server)
    log_in(page, base, "vanphong")
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(base) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{base}/api/docs/")
    expect(page.get_by_text("Đảng bộ số API")).to_be_visible()
    # Swagger UI draws the operations near the viewport only: the first one shows it works.
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/").first).to_be_visible()
    assert not outside, f"requests left the server: {outside}"
    shot(page, "api-docs")
