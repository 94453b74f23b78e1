"""A cell secretary on a phone takes a candidate through the cell's vote: the vote below
two-thirds is refused beside the field, the right count moves the candidate on; the list
and the funnel show it (screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.admissions.models import Candidate, Stage
from dangbo.admissions.tests.factories import AwarenessCourseFactory
from dangbo.admissions.tests.pipeline import Cell, candidate_at
from dangbo.members.tests.factories import MemberFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_secretary_records_the_cells_vote_on_a_candidate_from_a_phone(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    cell = Cell(
        tree,
        [MemberFactory.create(organization=tree.cell_a) for _ in range(3)],
        AwarenessCourseFactory.create(organization=tree.commune),
    )
    candidate = candidate_at(cell, Stage.FILE)
    base = str(live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "secretary_a")

    page.goto(f"{base}/phat-trien-dang-vien/")
    shot(page, "admissions-list-390")
    page.get_by_role("link", name=candidate.full_name).click()
    page.get_by_label("Ngày chi bộ họp xét").fill("12/05/2025")
    page.get_by_label("Số phiếu tán thành").fill("1")
    page.get_by_label("Số phiếu không tán thành").fill("0")
    page.get_by_role("button", name="Ghi bước").click()
    expect(page.get_by_text("Chưa đạt tỷ lệ")).to_be_visible()
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.FILE

    page.get_by_label("Số phiếu tán thành").fill("3")
    page.get_by_role("button", name="Ghi bước").click()
    expect(page.get_by_text("Đã ghi bước")).to_be_visible()
    expect(page.get_by_text("Tán thành 3/3 đảng viên chính thức")).to_be_visible()
    shot(page, "admissions-detail-390")
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.CELL_RESOLUTION

    page.goto(f"{base}/phat-trien-dang-vien/pheu/?nam=2025")
    expect(
        page.get_by_role("heading", name="Kết quả phát triển đảng viên năm 2025")
    ).to_be_visible()
    shot(page, "admissions-funnel-390")
