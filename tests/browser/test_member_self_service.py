"""A member reads their own record in a real browser and asks for a correction; the cell's
secretary approves it from her list; the correction then shows on the member's timeline
(screenshots under test-artifacts/)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.members import services
from dangbo.members.models import Member, Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _portrait() -> SimpleUploadedFile:
    image = Image.new("RGB", (900, 1200), (225, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 220, 600, 560), fill=(120, 90, 70))
    draw.rectangle((200, 620, 700, 1200), fill=(40, 60, 110))
    out = BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("anh-the.jpg", out.getvalue(), content_type="image/jpeg")


def _record(tree: Tree) -> Member:
    account = make_user("dangvien", "Thạch Thị Sa Phia", tree.cell_a, Role.MEMBER)
    member = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Thạch Thị Sa Phia",
        birth_place="Xã Tân Hưng, huyện Cái Nước",
        occupation="Giáo viên",
    )
    MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Hàng Xóm")
    services.link_member_user(actor=None, member=member, user=account)
    services.set_member_photo(actor=None, member=member, photo=_portrait())
    services.commend_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=dt.date(2024, 9, 2), number="45-QĐ/ĐU"),
        form="Giấy khen",
        authority="Ban Thường vụ Đảng ủy xã An Bình",
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2023",
    )
    services.discipline_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=dt.date(2025, 3, 3), number="07-QĐ/UBKT"),
        sanction=Sanction.REPRIMAND,
        authority="Chi bộ Ấp Một",
        reason="Vắng sinh hoạt chi bộ hai kỳ không có lý do",
    )
    return member


def test_member_asks_for_a_correction_and_the_secretary_approves_it(
    browser: Browser,
    page: Page,
    live_server: object,
    tree: Tree,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    member = _record(tree)
    make_user("bithu", "Lê Văn Bí Thư", tree.cell_a, Role.SECRETARY)
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")

    # The member sees only her own record, with her photo.
    log_in(page, base, "dangvien")
    page.get_by_role("link", name="Danh sách đảng viên").click()
    expect(page.locator(".member-table tbody tr")).to_have_count(1)
    expect(page.get_by_text("Trần Văn Hàng Xóm")).to_have_count(0)
    page.get_by_role("link", name=member.full_name).click()
    expect(page.get_by_role("heading", name=member.full_name)).to_be_visible()
    expect(page.locator("img.member-photo")).to_be_visible()
    # Served by members:member-photo, re-encoded to 600 px high (450 wide for a 3x4).
    expect(page.locator("img.member-photo")).to_have_js_property("complete", True)
    assert page.locator("img.member-photo").evaluate("img => img.naturalWidth") == 450
    shot(page, "self-service-profile-1280")

    # She asks that her place of birth be corrected.
    page.locator("#main").get_by_role("link", name="Đề nghị đính chính").click()
    expect(page.get_by_role("heading", name="Đề nghị đính chính hồ sơ")).to_be_visible()
    page.get_by_label("Nội dung cần đính chính").select_option(label="Nơi sinh")
    page.get_by_label("Giá trị đúng").fill("Xã An Bình, huyện Cái Nước")
    page.get_by_label("Lý do, giấy tờ làm căn cứ").fill("Giấy khai sinh số 123 ghi xã An Bình")
    shot(page, "self-service-request-form")
    page.get_by_role("button", name="Gửi đề nghị").click()
    pane = page.locator("#pane-corrections.show")
    expect(pane).to_contain_text("Chờ xử lý")
    expect(pane).to_contain_text("Xã An Bình, huyện Cái Nước")
    page.evaluate("window.scrollTo(0, 0)")  # the anchor scrolled to the pane
    shot(page, "self-service-request-pending")

    # The secretary, in her own browser session, approves it from her list.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    staff = staff_context.new_page()
    staff.set_default_timeout(15_000)
    staff.emulate_media(reduced_motion="reduce")
    log_in(staff, base, "bithu")
    menu = staff.get_by_role("navigation", name="Danh mục chức năng")
    menu.get_by_role("link", name="Đề nghị đính chính").click()
    card = staff.locator(".correction-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Giấy khai sinh số 123")
    shot(staff, "self-service-staff-list")
    card.get_by_placeholder("Ý kiến (không bắt buộc)").fill("Đã đối chiếu giấy khai sinh")
    card.get_by_role("button", name="Đính chính", exact=True).click()
    expect(staff.get_by_text("Đã đính chính hồ sơ của Thạch Thị Sa Phia")).to_be_visible()
    shot(staff, "self-service-staff-approved")
    staff.goto(f"{base}/dang-vien/{member.pk}/")
    staff.get_by_role("tab", name="Khen thưởng / kỷ luật").click()
    conduct = staff.locator("#pane-conduct.show")
    expect(conduct).to_contain_text("Giấy khen")
    expect(conduct).to_contain_text("Khiển trách")
    shot(staff, "self-service-conduct-tab")
    staff_context.close()

    # The member reads the answer and the correction on her timeline.
    page.reload()
    page.get_by_role("tab", name="Quá trình").click()
    history = page.locator("#pane-history.show")
    expect(history).to_contain_text("Đính chính thông tin hồ sơ")
    expect(history).to_contain_text(
        "Nơi sinh: Xã Tân Hưng, huyện Cái Nước → Xã An Bình, huyện Cái Nước"
    )
    shot(page, "self-service-timeline")
    page.get_by_role("tab", name="Đề nghị đính chính").click()
    expect(page.locator("#pane-corrections.show")).to_contain_text("Đã đính chính")
    expect(page.locator("#pane-corrections.show")).to_contain_text("Đã đối chiếu giấy khai sinh")
    shot(page, "self-service-answer")

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{base}/dang-vien/{member.pk}/")
    shot(page, "self-service-profile-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
