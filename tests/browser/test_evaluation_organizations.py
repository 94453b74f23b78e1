"""Rating party organizations: a cell writes its collective review (Mẫu 01), the commune
assesses its cells on one grid from the round page, its committee decides, a result is
corrected after publication and the cell's history shows both (screenshots under
test-artifacts/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.evaluations import services
from dangbo.evaluations.models import OrganizationEvaluation, Rating, RoundStage
from dangbo.evaluations.tests.helpers import line, members_of, open_for, to_cell_stage
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def snap(page: Page, name: str) -> None:
    shot(page, f"evaluations-{name}")
    # A reviewer may ask for a second copy elsewhere (DANGBO_SHOTS=directory).
    extra = os.environ.get("DANGBO_SHOTS")
    if extra and Path(extra).is_dir():
        page.screenshot(path=str(Path(extra) / f"h1_{name}.png"), full_page=True)


def test_the_commune_rates_its_cells_from_review_to_correction(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    make_user("commune_secretary", "Võ Văn Xã", tree.commune, Role.SECRETARY)
    members = members_of(tree.cell_a, 3)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={m.pk: line(85) for m in members}
    )
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})

    # The cell's secretary writes the collective review from the round page.
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/danh-gia/{round_.pk}/")
    section = page.locator("section.round-organizations")
    section.get_by_role("link", name="Chi bộ Ấp Một").click()
    page.get_by_label("Bản kiểm điểm tập thể (Mẫu 01)").fill(
        "Chi bộ lãnh đạo hoàn thành tốt nhiệm vụ chính trị; sinh hoạt đều đặn, đúng nguyên tắc."
    )
    page.get_by_label("Điểm tự chấm").fill("93,5")
    page.get_by_label("Tập thể tự nhận mức xếp loại").select_option("htxs")
    page.get_by_role("button", name="Lưu bản kiểm điểm tập thể").click()
    expect(page.get_by_text("Đã lưu bản kiểm điểm tập thể của Chi bộ Ấp Một.")).to_be_visible()
    expect(page.locator(".org-review-saved")).to_contain_text("Điểm tự chấm: 93,5.")
    snap(page, "org_self_review")

    # The commune's secretary assesses both cells on one grid.
    page.context.clear_cookies()
    log_in(page, base, "commune_secretary")
    page.goto(f"{base}/danh-gia/{round_.pk}/")
    expect(page.locator("table.org-units")).to_contain_text("Đảng bộ xã An Bình")
    snap(page, "org_round")
    page.locator("table.org-units").get_by_role("link", name="Đảng bộ xã An Bình").click()
    page.get_by_label("Điểm thẩm định của Chi bộ Ấp Một").fill("93")
    page.get_by_label("% nhiệm vụ vượt mức của Chi bộ Ấp Một").fill("35")
    page.get_by_label("Điểm thẩm định của Chi bộ Ấp Hai").fill("72")
    page.get_by_role("button", name="Lưu bảng xếp loại tổ chức đảng").click()
    errors = page.locator(".grid-errors")
    expect(errors).to_contain_text("1 tổ chức đảng HTXSNV, vượt tỷ lệ tối đa 0")
    expect(page.get_by_label("Điểm thẩm định của Chi bộ Ấp Một")).to_have_value("93")
    snap(page, "org_grid_error")
    page.get_by_label("Lý do cho Chi bộ Ấp Một").fill("Chi bộ «Bốn tốt» tiêu biểu của xã")
    page.get_by_role("button", name="Lưu bảng xếp loại tổ chức đảng").click()
    expect(
        page.get_by_text("Đã lưu bảng xếp loại tổ chức đảng của Đảng bộ xã An Bình.")
    ).to_be_visible()
    lines = page.locator("tr.org-line")
    expect(lines.nth(0).locator(".rule-rating")).to_have_text("HTXSNV")
    expect(lines.nth(0)).to_contain_text("3/3 HTTNV+")
    snap(page, "org_grid")

    # The committee decides on the same grid.
    services.advance_round(actor=None, round_=round_, stage=RoundStage.COMMITTEE)
    page.reload()
    page.get_by_label("Cấp ủy quyết định cho Chi bộ Ấp Hai").select_option("ht")
    page.get_by_label("Lý do cho Chi bộ Ấp Hai").fill("Còn để xảy ra đơn thư vượt cấp")
    page.get_by_role("button", name="Lưu quyết định của cấp ủy").click()
    expect(page.get_by_text("Đã lưu bảng xếp loại tổ chức đảng")).to_be_visible()
    snap(page, "org_committee")
    row = OrganizationEvaluation.objects.get(organization=tree.cell_b)
    assert row.rating == Rating.SATISFACTORY

    # After publication a result is corrected; the old one stays in the history.
    services.advance_round(actor=None, round_=round_, stage=RoundStage.PUBLISHED)
    page.reload()
    page.locator("tr.org-line").nth(1).get_by_role("link", name="Đính chính").click()
    page.get_by_label("Lý do", exact=False).fill("Thông báo 05-TB/ĐU ngày 05/01/2026")
    page.get_by_label("Mức xếp loại", exact=False).select_option("htt")
    snap(page, "org_correct")
    page.get_by_role("button", name="Đính chính").click()
    expect(page.get_by_text("Đã đính chính kết quả xếp loại của Chi bộ Ấp Hai.")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Ấp Hai").click()
    table = page.locator("table.org-ratings")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Thông báo 05-TB/ĐU")
    snap(page, "org_history")
