"""The dashboard in a real browser: a committee member opens the province, clicks down to a
cell through the child units, the charts are drawn by Chart.js without a CSP complaint, a
chart is saved as PNG, and the print layout hides the menus (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.dashboard.tests.conftest import make_world
from tests.browser.conftest import ARTIFACTS, shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_member_drills_down_from_the_province_to_a_cell(
    page: Page, live_server: object, tree: Tree
) -> None:
    world = make_world(tree)
    make_user("capuy", "Đỗ Văn Cấp Ủy", tree.root, Role.COMMITTEE)
    base = str(live_server)
    log_in(page, base, "capuy")
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name=tree.root.name)).to_be_visible()
    expect(page.locator('[data-kpi="members"]')).to_have_text("6")
    shot(page, "dashboard-province")

    page.locator(".children-table").get_by_role("link", name=tree.commune.name).click()
    expect(page.get_by_role("heading", name=tree.commune.name)).to_be_visible()
    expect(page.locator(".targets-table")).to_contain_text("Chi bộ đạt chuẩn")
    canvas = page.locator(f"#chart-target-{world.measured.pk}")
    expect(canvas).to_have_attribute("data-drawn", "1")
    assert canvas.bounding_box()["height"] > 100  # type: ignore[index]
    shot(page, "dashboard-commune")

    with page.expect_download() as download:
        page.locator(f'.png-button[data-chart="chart-target-{world.measured.pk}"]').click()
    saved = download.value
    assert saved.suggested_filename.endswith(".png")
    ARTIFACTS.mkdir(exist_ok=True)
    saved.save_as(ARTIFACTS / "dashboard-chart.png")
    assert (ARTIFACTS / "dashboard-chart.png").read_bytes().startswith(b"\x89PNG")

    # The picker of child units opens the chosen one at once.
    page.locator("#child-unit").select_option(label=tree.cell_a.name)
    expect(page.get_by_role("heading", name=tree.cell_a.name)).to_be_visible()
    expect(page.locator(".breadcrumb")).to_contain_text(tree.commune.name)
    expect(page.locator(".overdue-table")).to_contain_text("Rà soát hồ sơ đảng viên quá hạn")
    shot(page, "dashboard-cell")

    page.emulate_media(media="print")
    expect(page.locator("#sidebar")).to_be_hidden()
    expect(page.locator(".print-button")).to_be_hidden()
    shot(page, "dashboard-cell-print")
    page.emulate_media(media="screen")

    page.locator(".breadcrumb").get_by_role("link", name=tree.root.name).click()
    expect(page.get_by_role("heading", name=tree.root.name)).to_be_visible()


def test_secretary_lands_on_her_cell(page: Page, live_server: object, tree: Tree) -> None:
    make_world(tree)
    make_user("bithu", "Lê Văn Bí Thư", tree.cell_a, Role.SECRETARY)
    base = str(live_server)
    log_in(page, base, "bithu")
    page.get_by_role("link", name="Tổng quan").click()
    expect(page.get_by_role("heading", name=tree.cell_a.name)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(tree.cell_b.name)
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "dashboard-cell-phone")
