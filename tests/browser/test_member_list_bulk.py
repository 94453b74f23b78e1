"""The roll's column picker and bulk actions in a real browser: an office user chooses the
columns, ticks two members and downloads them as a spreadsheet (screenshots under
test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.members import services
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PEOPLE = [
    ("Nguyễn Văn Bình", "male", "Bí thư Chi bộ", "079001234"),
    ("Trần Thị Ánh Tuyết", "female", "Chi ủy viên", "079001235"),
    ("Lê Hoàng An", "male", "", "079001236"),
    ("Thạch Thị Sa Phia", "female", "", None),
    ("Đỗ Đức Dũng", "male", "", None),
]


def _roll(tree: Tree) -> None:
    for name, sex, position, card in PEOPLE:
        member = MemberFactory.create(
            organization=tree.cell_a, full_name=name, sex=sex, party_position=position
        )
        if card:
            services.issue_card(
                actor=None, member=member, card_number=card, issued_on=dt.date(2022, 5, 19)
            )
    MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Cẩm Tú")


def test_office_user_chooses_columns_ticks_two_members_and_downloads_them(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    _roll(tree)
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "vanphong")
    page.goto(f"{base}/dang-vien/?org={tree.cell_a.pk}")
    expect(page.get_by_role("heading", name="Danh sách đảng viên")).to_be_visible()

    # Nothing ticked: the bulk buttons wait.
    export_selected = page.get_by_role("button", name="Xuất danh sách đã chọn")
    expect(export_selected).to_be_disabled()

    page.get_by_role("button", name="Chọn cột").click()
    picker = page.locator("[data-column-picker]")
    expect(picker).to_be_visible()
    apply = picker.get_by_role("button", name="Áp dụng")
    expect(apply).to_be_disabled()
    picker.get_by_label("Ngày chính thức").uncheck()
    picker.get_by_label("Trạng thái").uncheck()
    picker.get_by_label("Tuổi đảng (năm)").check()
    picker.get_by_label("Chức vụ").check()
    picker.get_by_label("Số CCCD").check()
    expect(apply).to_be_enabled()
    shot(page, "member-list-columns-picker")
    apply.click()

    headers = page.locator(".member-table thead th").all_inner_texts()
    assert headers[1:] == [
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Chi bộ",
        "Ngày vào Đảng",
        "Tuổi đảng (năm)",
        "Số thẻ đảng viên",
        "Chức vụ",
        "Số CCCD",
    ]
    # The filter of the unit survived the trip to save the columns.
    expect(page.locator(".member-table tbody tr")).to_have_count(len(PEOPLE))

    page.get_by_label("Chọn Nguyễn Văn Bình").check()
    page.get_by_label("Chọn Trần Thị Ánh Tuyết").check()
    expect(page.locator("[data-selected-count]")).to_have_text("Đã chọn 2 đảng viên")
    expect(export_selected).to_be_enabled()
    assert page.locator("[data-select-all]").evaluate("box => box.indeterminate")
    shot(page, "member-list-two-ticked")

    with page.expect_download() as download_info:
        export_selected.click()
    download = download_info.value
    assert download.suggested_filename.startswith("danh-sach-dang-vien-")
    assert download.suggested_filename.endswith(".xlsx")
    with download.path().open("rb") as file:
        rows = list(load_workbook(file).active.iter_rows(values_only=True))
    assert rows[0] == (
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Chi bộ",
        "Ngày vào Đảng",
        "Tuổi đảng (năm)",
        "Số thẻ đảng viên",
        "Chức vụ",
        "Số CCCD",
    )
    assert [(r[1], r[7], r[8]) for r in rows[1:]] == [
        ("Nguyễn Văn Bình", "079001234", "Bí thư Chi bộ"),
        ("Trần Thị Ánh Tuyết", "079001235", "Chi ủy viên"),
    ]

    # Select all on the page, then none.
    select_all = page.get_by_label("Chọn tất cả đảng viên trên trang này")
    select_all.check()
    expect(page.locator("[data-selected-count]")).to_have_text(f"Đã chọn {len(PEOPLE)} đảng viên")
    select_all.uncheck()
    expect(export_selected).to_be_disabled()

    # The position filter, on the same page.
    page.locator(".member-filters").get_by_label("Chức vụ", exact=True).select_option("committee")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator(".member-table tbody tr")).to_have_count(2)
    shot(page, "member-list-committee-filter")
