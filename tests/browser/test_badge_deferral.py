"""A member reprimanded shortly before their badge falls due is listed marked "Hoãn đến …" on
the badges page (regulations §3.3); the audit log names the member actions in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.core.models import Rule
from dangbo.members import services
from dangbo.members.models import Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_badges_page_marks_a_deferred_member_and_the_log_names_the_actions(
    page: Page, live_server: object, tree: Tree
) -> None:
    Rule.objects.filter(key="badge_occasions").update(value=["02-03", "05-19", "09-02", "11-07"])
    office = make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    for name, decided in (("Bùi Văn Khiển Trách", 15), ("Cao Thị Đủ Điều Kiện", 20)):
        member = MemberFactory.create(
            organization=tree.cell_a,
            full_name=name,
            birth_date=dt.date(1970, 1, 1),
            decision_date=dt.date(1995, 3, decided),
            admitted_on=dt.date(1995, 4, 1),
            official_on=dt.date(1996, 4, 1),
        )
    reprimanded = MemberFactory._meta.model.objects.get(full_name="Bùi Văn Khiển Trách")
    services.discipline_member(
        actor=office,
        member=reprimanded,
        decision=Decision(effective_on=dt.date(2025, 3, 1), number="07-QĐ/UBKT"),
        sanction=Sanction.REPRIMAND,
        authority="Ủy ban Kiểm tra Đảng ủy xã",
        reason="Vi phạm quy định về những điều đảng viên không được làm",
    )
    services.update_member(actor=office, member=member, data={"full_name": "Cao Thị Đủ Điều"})
    base = str(live_server)
    log_in(page, base, "vanphong")

    page.goto(f"{base}/dang-vien/huy-hieu/?dot=05-19&nam=2025&org={tree.cell_a.pk}")
    rows = page.locator(".badges-table tbody tr")
    deferred = rows.filter(has_text="Bùi Văn Khiển Trách")
    expect(deferred.locator(".badge-deferred")).to_have_text("Hoãn đến 01/09/2025")
    expect(rows.filter(has_text="Cao Thị Đủ Điều").locator(".badge-deferred")).to_have_count(0)
    shot(page, "badge-deferral-1280")

    page.goto(f"{base}/nhat-ky/")
    actions = page.locator("td.col-action")
    expect(actions.filter(has_text="Kỷ luật đảng viên")).to_have_count(1)
    expect(actions.filter(has_text="Sửa hồ sơ đảng viên")).to_have_count(1)
    shot(page, "badge-deferral-audit-log-1280")

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{base}/dang-vien/huy-hieu/?dot=05-19&nam=2025&org={tree.cell_a.pk}")
    expect(page.locator(".badge-deferred")).to_be_visible()
    shot(page, "badge-deferral-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
