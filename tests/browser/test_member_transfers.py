"""Chuyển sinh hoạt đảng in a real browser: the secretary of cell A issues a letter from a
member's profile to cell B (outside her scope), the secretary of cell B receives it; then the
work list. Screenshots under test-artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.workdays import add_months
from dangbo.members import services
from dangbo.members.models import Member, TransferStatus
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_secretary_sends_a_member_and_the_other_cell_receives_them(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    make_user("secretary_b", "Vũ Thị Bí Thư", tree.cell_b, Role.SECRETARY)
    member = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Thị Hồng Nhung")
    # What cell B's work list will show: a probation ending soon, one long past, a letter
    # on its way to B.
    year_ago = add_months(today(), -12)
    admit(
        tree.cell_b,
        year_ago - dt.timedelta(days=30),
        year_ago + dt.timedelta(days=9),
        full_name="Phạm Thị Sắp Chính Thức",
    )
    admit(
        tree.cell_b,
        year_ago - dt.timedelta(days=150),
        year_ago - dt.timedelta(days=120),
        full_name="Đinh Văn Quá Hạn",
    )
    services.start_transfer(
        actor=None,
        member=MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Tám"),
        to_organization=tree.cell_b,
        letter_number="130-GGT/ĐU",
        letter_issued_on=today(),
    )
    base = str(live_server)

    log_in(page, base, "secretary_a")
    page.goto(f"{base}/dang-vien/{member.pk}/")
    page.locator("main").get_by_role("link", name="Chuyển sinh hoạt").click()
    expect(page.get_by_role("heading", name="Cấp giấy chuyển sinh hoạt đảng")).to_be_visible()
    # Temporary fields stay hidden for an official transfer.
    expect(page.get_by_label("Lý do chuyển sinh hoạt tạm thời")).to_be_hidden()

    page.get_by_label("Tìm chi bộ nơi đến").fill("ap hai")
    page.locator("#choices-to_organization").get_by_text("Chi bộ Ấp Hai").click()
    page.get_by_label("Số giấy giới thiệu").fill("125-GGT/ĐU")
    page.get_by_label("Ngày cấp giấy giới thiệu").fill("10/09/2025")
    page.get_by_label("Ngày cấp giấy giới thiệu").press("Tab")
    # The deadline, 30 working days later, is shown before the letter is issued.
    expect(page.locator("#transfer-deadlines")).to_contain_text("22/10/2025")
    shot(page, "transfer-form")

    page.get_by_role("button", name="Cấp giấy chuyển sinh hoạt").click()
    expect(page.get_by_text("hạn xuất trình tại nơi đến: 22/10/2025")).to_be_visible()
    row = page.locator(".transfer-table tbody tr").filter(has_text=member.full_name)
    expect(row).to_contain_text("Chi bộ Ấp Hai")
    expect(row).to_contain_text("quá hạn")  # long past 22/10/2025
    shot(page, "transfer-list-outgoing")

    page.context.clear_cookies()
    log_in(page, base, "secretary_b")
    page.locator("#sidebar").get_by_role("link", name="Chuyển sinh hoạt").click()
    page.get_by_role("link", name="Chờ tiếp nhận").click()
    incoming = page.locator(".transfer-table tbody tr").filter(has_text=member.full_name)
    expect(incoming).to_contain_text("Chi bộ Ấp Một")
    shot(page, "transfer-list-incoming")
    incoming.get_by_role("link", name="Tiếp nhận").click()
    expect(page.get_by_role("heading", name="Tiếp nhận đảng viên")).to_be_visible()
    page.get_by_label("Ngày tiếp nhận").fill("15/09/2025")
    shot(page, "transfer-receive")
    page.get_by_role("button", name="Tiếp nhận").click()

    expect(page.get_by_role("heading", name=member.full_name)).to_be_visible()
    expect(page.get_by_text("Đã tiếp nhận Nguyễn Thị Hồng Nhung vào Chi bộ Ấp Hai")).to_be_visible()
    shot(page, "transfer-received-profile")
    member.refresh_from_db()
    assert member.organization_id == tree.cell_b.pk
    assert member.transfers.get().status == TransferStatus.RECEIVED

    page.locator("#sidebar").get_by_role("link", name="Việc cần làm").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    expect(page.locator("#wl-ending").locator("..").locator("..")).to_contain_text(
        "Phạm Thị Sắp Chính Thức"
    )
    expect(page.locator(".worklist").nth(1)).to_contain_text("Đinh Văn Quá Hạn")
    expect(page.locator(".worklist").nth(3)).to_contain_text("Lê Văn Tám")
    shot(page, "worklist")


def test_the_transfer_pages_fit_a_phone(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    member: Member = MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Dài Tên")
    services.start_transfer(
        actor=None,
        member=MemberFactory.create(organization=tree.cell_a, full_name="Hồ Thị Đi Học"),
        to_outside="Đảng bộ Trường Chính trị tỉnh Cà Mau",
        temporary=True,
        temporary_reason="study",
        expected_months=9,
        letter_number="131-GGT/ĐU",
        letter_issued_on=today(),
    )
    base = str(live_server)
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, base, "secretary_a")

    page.goto(f"{base}/dang-vien/chuyen-sinh-hoat/moi/?member={member.pk}")
    page.locator("label[for=id_kind_1]").click()
    expect(page.get_by_label("Lý do chuyển sinh hoạt tạm thời")).to_be_visible()
    page.get_by_role("button", name="Cấp giấy chuyển sinh hoạt").click()
    # Nothing chosen: refused with messages beside the fields.
    expect(page.get_by_text("Chọn chi bộ nơi đến.")).to_be_visible()
    shot(page, "transfer-form-errors-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{base}/dang-vien/chuyen-sinh-hoat/")
    shot(page, "transfer-list-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
