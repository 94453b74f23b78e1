"""The member statistics page in a real browser: tables, Chart.js charts drawn without a CSP
complaint, a drill-down to a cell, and the phone width (screenshots under test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.core.clock import today
from dangbo.members import services
from dangbo.members.models import EducationLevel, Ethnicity, Religion, Sex, TheoryLevel
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _roll(tree: Tree) -> None:
    """Twelve members in A, seven in B, of several ages, ethnic groups and levels; one of A
    struck off today."""
    kinh, khmer, hoa = (Ethnicity.objects.get(name=n) for n in ("Kinh", "Khơ-me", "Hoa"))
    buddhism = Religion.objects.exclude(name="Không").order_by("position").first()
    levels = list(TheoryLevel.values)
    educations = list(EducationLevel.values)
    for n in range(19):
        cell = tree.cell_a if n < 12 else tree.cell_b
        decided = dt.date(1975 + 2 * n, 3, 2)
        MemberFactory.create(
            organization=cell,
            full_name=f"Đảng viên thống kê {n:02d}",
            sex=Sex.FEMALE if n % 3 else Sex.MALE,
            birth_date=dt.date(decided.year - 20 - n % 7, 6, 15),
            decision_date=decided,
            admitted_on=decided + dt.timedelta(days=14),
            official_on=None if n in (5, 17) else decided + dt.timedelta(days=380),
            ethnicity=(kinh, kinh, khmer, hoa)[n % 4],
            religion=buddhism if n % 5 == 0 else None,
            theory_level=levels[n % len(levels)],
            education_level=educations[n % len(educations)],
        )
    gone = MemberFactory.create(organization=tree.cell_a, full_name="Đảng viên xóa tên")
    services.remove_member(
        actor=None,
        member=gone,
        decision=Decision(effective_on=today(), number="8"),
    )


def test_office_user_reads_the_statistics_with_charts_and_opens_a_cell(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    _roll(tree)
    base = str(live_server)
    log_in(page, base, "vanphong")

    page.get_by_role("link", name="Thống kê đảng viên").click()
    expect(page.get_by_role("heading", name="Thống kê đảng viên")).to_be_visible()
    # The working unit is the province: one row per branch, the commune holding everyone.
    expect(page.locator(".headcount")).to_have_text("19")
    sex = page.locator('table[data-table="sex"]')
    expect(sex.locator("tfoot td").first).to_have_text("19")
    # Every chart was drawn by Chart.js (it sizes the canvas and marks it in our script).
    for chart in ("status", "sex", "age", "party_age"):
        canvas = page.locator(f"#chart-{chart}")
        expect(canvas).to_have_attribute("data-drawn", "1")
        assert canvas.bounding_box()["height"] > 100  # type: ignore[index]
    shot(page, "member-statistics-1280")

    page.locator('table[data-table="status"]').get_by_role(
        "link", name="Đảng bộ xã An Bình"
    ).click()
    expect(page.locator(".headcount")).to_have_text("19")
    status_rows = page.locator('table[data-table="status"] tbody th')
    expect(status_rows).to_have_text(["Chi bộ Ấp Hai", "Chi bộ Ấp Một"])
    leaving = page.locator('table[data-table="leaving"] tfoot td')
    expect(leaving.nth(1)).to_have_text("1")  # struck off today
    shot(page, "member-statistics-commune-1280")

    # Back in time: on 31/12/2010 the member admitted in 2011 was not there yet.
    page.locator(".statistics-filters > summary").click()
    page.get_by_label("Tính đến ngày").fill("31/12/2010")
    shot(page, "member-statistics-form-1280")
    page.get_by_role("button", name="Thống kê").click()
    expect(page.locator(".headcount")).to_have_text("18")
    expect(page.locator(".statistics-summary")).to_contain_text("Đảng bộ xã An Bình")

    page.set_viewport_size({"width": 360, "height": 780})
    page.reload()
    expect(page.locator("#chart-sex")).to_have_attribute("data-drawn", "1")
    shot(page, "member-statistics-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
