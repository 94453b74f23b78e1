"""A cell secretary rates the cell on one screen: the rating the rules give and the HTXSNV
quota change as scores are typed, ↓ and Enter move down a column, and one click saves the grid
(screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations.models import MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import members_of, open_for, to_cell_stage
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_secretary_types_the_grid_and_sees_the_rules_live(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    members = sorted(members_of(tree.cell_a, 6), key=lambda m: m.name_sort)
    round_ = to_cell_stage(open_for(tree.commune))
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/danh-gia/")
    page.get_by_role("link", name="2025").click()
    expect(page.get_by_text("Tải danh sách kết quả (Excel)")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Ấp Một").click()

    first = page.get_by_label(f"Điểm chi bộ của {members[0].full_name}")
    first.fill("95")
    page.get_by_label(f"% nhiệm vụ vượt mức của {members[0].full_name}").fill("40")
    rows = page.locator("tr.grid-line")
    expect(rows.nth(0).locator(".rule-rating")).to_have_text("HTXSNV")
    # Six members, one HTXSNV among them: reading A allows ⌊6/6⌋ = 1 only if all six are
    # HTTNV or better; the rest are not scored yet, so the quota is exceeded.
    expect(page.locator(".quota-warning")).to_contain_text("vượt tỷ lệ tối đa 0")
    first.focus()
    for score in ("85", "80", "78", "72", "91"):
        page.keyboard.press("ArrowDown")
        page.keyboard.type(score)
    expect(rows.nth(5).locator(".rule-rating")).to_have_text("HTTNV")  # 91, no exceeding
    expect(page.locator(".quota-warning")).to_be_hidden()
    page.get_by_label(f"Số ngày nghỉ ốm của {members[1].full_name}").fill("95")
    expect(rows.nth(1).locator(".rule-rating")).to_have_text("HTNV")
    # Now five are HTTNV or better: ⌊5/6⌋ = 0, so the HTXSNV needs a reason.
    expect(page.locator(".quota-warning")).to_contain_text("vượt tỷ lệ tối đa 0")
    reason = page.get_by_label(f"Lý do cho {members[0].full_name}")
    expect(reason).to_have_class("form-control form-control-sm is-invalid")
    reason.fill("Điển hình tiên tiến được Tỉnh ủy khen thưởng")
    shot(page, "evaluations-grid-1366")
    page.get_by_role("button", name="Lưu bảng xếp loại").click()
    expect(page.get_by_text("Đã lưu bảng đánh giá, xếp loại của Chi bộ Ấp Một.")).to_be_visible()
    page.get_by_role("link", name="Năm 2025").click()
    expect(page.locator("table.round-cells tfoot")).to_contain_text("0 / 6")
    shot(page, "evaluations-round-1366")
    ratings = dict(MemberEvaluation.objects.values_list("member_id", "proposed_rating"))
    assert ratings[members[0].pk] == Rating.EXCELLENT
    assert ratings[members[1].pk] == Rating.SATISFACTORY
    assert sorted(ratings.values()).count(Rating.GOOD) == 4
    assert round_.pk
