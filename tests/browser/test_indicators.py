"""A commune's office opens the indicator catalog, reads a rate for the commune with its
cells and the series chart, drills into a cell to see who is not counted, and recomputes
(screenshots under test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.indicators.compute import refresh
from dangbo.indicators.models import Indicator
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.members.models import TheoryLevel
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_office_reads_an_indicator_and_drills_down(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("vanphong_xa", "Võ Văn Phòng", tree.commune, Role.OFFICE)
    levels = [TheoryLevel.ADVANCED, TheoryLevel.INTERMEDIATE, TheoryLevel.ELEMENTARY]
    for n, level in enumerate(levels):
        MemberFactory.create(
            organization=tree.cell_a, full_name=f"Đảng viên Ấp Một {n}", theory_level=level
        )
    MemberFactory.create(
        organization=tree.cell_b, full_name="Đảng viên Ấp Hai", theory_level=TheoryLevel.NONE
    )
    indicator = Indicator.objects.get(code="members_theory_intermediate")
    refresh(indicators=[indicator])
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "vanphong_xa")
    page.get_by_role("link", name="Chỉ số").first.click()
    expect(page.get_by_text("Tỷ lệ hộ nghèo trên địa bàn")).to_be_visible()
    shot(page, "indicators-catalog")
    page.get_by_role("link", name=indicator.name).click()
    expect(page.locator(".indicator-value")).to_contain_text("50%")  # 2 of 4
    expect(page.locator(".indicator-children")).to_contain_text("66,7%")
    expect(page.locator("#indicator-series[data-drawn='1']")).to_be_attached()
    shot(page, "indicators-detail")
    page.locator(".indicator-children").get_by_role("link", name="chi tiết").first.click()
    expect(page.locator(".drill-members")).to_contain_text("Đảng viên Ấp Hai")
    shot(page, "indicators-drilldown")
    page.go_back()
    page.get_by_role("button", name="Tính lại").click()
    expect(page.get_by_text("Đã tính lại")).to_be_visible()
    year = period_of(PeriodKind.YEAR, dt.date(2026, 12, 1))
    expect(page.locator("#ky")).to_have_value(year.key)
