"""A secretary putting a member on the roll and recording their recognition, in a real browser
(screenshots under test-artifacts/member-form-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.members.models import EventKind, Member, MemberStatus
from dangbo.members.regulations import probation_end
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_secretary_admits_a_member_then_confirms_them_official(
    page: Page, live_server: object, tree: Tree
) -> None:
    # The commune's secretary: two cells to choose from, so the sponsor list follows the cell.
    make_user("bithu_xa", "Lê Văn Bí Thư Xã", tree.commune, Role.SECRETARY)
    MemberFactory.create(organization=tree.cell_a, full_name="Phan Văn Giới Thiệu")
    MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Ấp Hai")
    decided = today() - dt.timedelta(days=500)
    ceremony = decided + dt.timedelta(days=7)
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "bithu_xa")

    page.goto(f"{base}/dang-vien/")
    page.get_by_role("button", name="Thêm đảng viên").click()
    page.get_by_role("link", name="Kết nạp đảng viên mới").click()
    expect(page.get_by_role("heading", name="Kết nạp đảng viên mới")).to_be_visible()
    # A calendar button beside each day box (chromium has showPicker).
    expect(page.locator("[data-day-picker]").first).to_be_visible()
    shot(page, "member-form-admit-empty")

    page.locator("#id_organization").select_option(label="Chi bộ Ấp Một (Đảng bộ xã An Bình)")
    sponsor = page.locator("#id_sponsor_1")
    expect(sponsor.locator("option", has_text="Phan Văn Giới Thiệu")).to_have_count(1)
    expect(sponsor.locator("option", has_text="Võ Thị Ấp Hai")).to_have_count(0)

    # First without a name or birth date: the same form comes back, saying what is missing.
    page.get_by_label("Số quyết định kết nạp").fill("125-QĐ/ĐU")
    page.get_by_label("Ngày ký quyết định kết nạp").fill(format_date(decided))
    page.get_by_label("Ngày tổ chức lễ kết nạp (ngày vào Đảng)").fill(format_date(ceremony))
    page.get_by_role("button", name="Kết nạp").click()
    expect(page.get_by_text("Nhập họ và tên khai sinh.")).to_be_visible()
    assert not Member.objects.filter(status=MemberStatus.PROBATIONARY).exists()
    shot(page, "member-form-admit-errors")

    page.get_by_label("Họ và tên khai sinh").fill("Nguyễn Thị Kết Nạp")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.locator("#id_birth_date").fill("20/10/1998")
    page.get_by_label("Dân tộc").select_option(label="Kinh")
    page.locator("#id_sponsor_1").select_option(label="Phan Văn Giới Thiệu, sinh năm 1970")
    page.locator("#id_sponsor_2_name").fill("Đoàn Văn Thanh Niên")
    shot(page, "member-form-admit")
    page.get_by_role("button", name="Kết nạp").click()

    expect(page.get_by_text("Đã kết nạp Nguyễn Thị Kết Nạp vào Chi bộ Ấp Một")).to_be_visible()
    history = page.locator("#pane-history.show")  # the form sends the user back to the history
    expect(history).to_contain_text("Kết nạp (dự bị)")
    expect(history).to_contain_text("125-QĐ/ĐU")

    page.get_by_role("button", name="Cập nhật quá trình").click()
    shot(page, "member-form-menu")
    page.get_by_role("link", name="Công nhận đảng viên chính thức").click()
    official_on = probation_end(ceremony)
    expect(page.get_by_label("Ngày chính thức")).to_have_value(format_date(official_on))
    page.get_by_label("Số quyết định công nhận").fill("301-QĐ/ĐU")
    page.get_by_label("Ngày ký quyết định").fill(format_date(official_on + dt.timedelta(days=5)))
    shot(page, "member-form-confirm")
    page.get_by_role("button", name="Ghi vào quá trình").click()

    expect(page.get_by_text("Đã ghi «Công nhận đảng viên chính thức»")).to_be_visible()
    history = page.locator("#pane-history.show")
    expect(history).to_contain_text("Kết nạp (dự bị)")
    expect(history).to_contain_text("Công nhận đảng viên chính thức")
    expect(history.get_by_role("link", name="Đính chính: Kết nạp (dự bị)")).to_be_visible()
    shot(page, "member-form-profile-history")
    member = Member.objects.get(full_name="Nguyễn Thị Kết Nạp")
    assert member.status == MemberStatus.OFFICIAL
    assert list(member.events.values_list("kind", flat=True)) == [
        EventKind.ADMITTED,
        EventKind.CONFIRMED_OFFICIAL,
    ]

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{base}/dang-vien/{member.pk}/sua/")
    expect(page.get_by_role("heading", name="Sửa thông tin: Nguyễn Thị Kết Nạp")).to_be_visible()
    shot(page, "member-form-edit-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
