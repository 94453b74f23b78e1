"""A person reading the roll and a member's profile in a real browser, at desktop and phone
widths (screenshots under test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.members import services
from dangbo.members.models import Ethnicity, Member, TheoryLevel
from dangbo.members.tests.factories import MemberFactory, TransferFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAMES = [
    ("Nguyễn Văn Bình", "male"),
    ("Trần Thị Ánh Tuyết", "female"),
    ("Lê Hoàng An", "male"),
    ("Thạch Thị Sa Phia", "female"),
    ("Đỗ Đức Dũng", "male"),
    ("Phạm Thị Hồng Nhung", "female"),
    ("Huỳnh Văn Út", "male"),
]


def _roll(tree: Tree) -> Member:
    khmer = Ethnicity.objects.get(name="Khơ-me")
    members = [
        MemberFactory.create(
            organization=tree.cell_a,
            full_name=name,
            sex=sex,
            ethnicity=khmer if "Thạch" in name else None,
            theory_level=TheoryLevel.INTERMEDIATE,
            occupation="Cán bộ ấp",
            phone="0912 345 678",
            current_address="Ấp Một, xã An Bình, tỉnh Thử Nghiệm",
        )
        for name, sex in NAMES
    ]
    MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Cẩm Tú")
    MemberFactory.create(organization=tree.cell_a, full_name="Cao Văn Mới", official_on=None)
    member = members[0]
    card = services.issue_card(
        actor=None,
        member=member,
        card_number="79001234",
        issued_on=dt.date(2022, 5, 19),
        decision_number="15-QĐ/ĐU",
    )
    services.correct_event(
        actor=None, event=card, reason="Ghi nhầm ngày phát thẻ", effective_on=dt.date(2022, 6, 2)
    )
    TransferFactory.create(member=member, to_outside="Đảng bộ phường 5, TP Cà Mau")
    return member


def test_office_user_reads_the_roll_and_a_profile_on_desktop_and_phone(
    browser: Browser,
    page: Page,
    live_server: object,
    tree: Tree,
) -> None:
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    member = _roll(tree)
    base = str(live_server)
    # Bootstrap skips its fades under reduced motion: screenshots show the tab, not a blend.
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "vanphong")

    page.get_by_role("link", name="Danh sách đảng viên").click()
    expect(page.get_by_role("heading", name="Danh sách đảng viên")).to_be_visible()
    names = page.locator(".member-table tbody td.col-name").all_inner_texts()
    assert names[:3] == ["Lê Hoàng An", "Nguyễn Văn Bình", "Đỗ Đức Dũng"]
    shot(page, "members-list-1280")

    page.get_by_label("Tìm kiếm").fill("nguyen binh")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator(".member-table tbody tr")).to_have_count(1)
    page.get_by_role("link", name=member.full_name).click()
    expect(page.get_by_role("heading", name=member.full_name)).to_be_visible()
    expect(page.get_by_text("0912 345 678")).to_be_visible()
    shot(page, "members-profile-1280")
    page.get_by_role("tab", name="Quá trình").click()
    expect(page.locator("#pane-history.show")).to_contain_text("Đã đính chính")
    shot(page, "members-history-1280")

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{base}/dang-vien/")
    shot(page, "members-list-360")
    page.goto(f"{base}/dang-vien/{member.pk}/")
    shot(page, "members-profile-360")
    page.get_by_role("tab", name="Quá trình").click()
    expect(page.locator("#pane-history.show")).to_be_visible()
    shot(page, "members-history-360")
    # Nothing sticks out of the phone's width but the tables' own scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
