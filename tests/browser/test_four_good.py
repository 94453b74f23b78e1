"""The commune's office reviews the province's «bốn tốt» criteria, assesses a cell (automatic
values from the data, manual ones ticked with evidence), recognizes it as the direct superior
and prints the list (screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.four_good.models import FourGoodAssessment, Measure
from dangbo.four_good.tests.helpers import YEAR, good_cell, province_set
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_commune_assesses_and_recognizes_a_four_good_cell(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("vanphong_xa", "Võ Văn Phòng", tree.commune, Role.OFFICE)
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "vanphong_xa")
    page.get_by_role("link", name="Chi bộ bốn tốt").first.click()
    page.get_by_role("link", name="Bộ tiêu chí").click()
    shot(page, "four-good-sets")
    page.get_by_role("link", name=s.name).click()
    expect(page.get_by_text("Chất lượng sinh hoạt tốt").first).to_be_visible()
    shot(page, "four-good-set-detail")
    page.get_by_role("link", name="Bộ tiêu chí").first.click()
    page.get_by_role("link", name="Ban hành bộ tiêu chí").click()
    expect(page.get_by_label("Áp dụng từ năm")).to_be_visible()
    shot(page, "four-good-set-form")

    page.goto(f"{base}/bon-tot/?unit={tree.commune.pk}&year={YEAR}")
    expect(page.get_by_text("Chưa đánh giá").first).to_be_visible()
    page.get_by_role("link", name="Chi bộ Ấp Một").click()
    expect(page.get_by_text("12/12 tháng có sinh hoạt thường kỳ")).to_be_visible()
    for c in s.criteria.filter(measure=Measure.MANUAL):
        page.locator(f"#ok_{c.pk}").check()
        page.get_by_label(f"Minh chứng cho tiêu chí {c.label}").fill("Biên bản họp chi bộ 12/2025")
    badges = page.locator("fieldset.four-good-group .group-badge")
    expect(badges.nth(0)).not_to_contain_text("Chưa")  # updated as the boxes were ticked
    expect(badges.nth(2)).not_to_contain_text("Chưa")
    shot(page, "four-good-assess")
    page.get_by_role("button", name="Lưu kết quả đánh giá").click()
    expect(page.get_by_text("Đã lưu kết quả đánh giá bốn tốt năm 2025")).to_be_visible()
    page.get_by_label("Số quyết định công nhận").fill("15-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("20/01/2026")
    page.get_by_role("button", name="Công nhận bốn tốt").click()
    expect(page.locator(".recognition")).to_contain_text("15-QĐ/ĐU ngày 20/01/2026")
    shot(page, "four-good-recognized")
    assert FourGoodAssessment.objects.get(current=True).recognized

    page.goto(f"{base}/bon-tot/?unit={tree.commune.pk}&year={YEAR}")
    expect(page.locator("table.four-good-board")).to_contain_text("QĐ 15-QĐ/ĐU")
    shot(page, "four-good-board")
    page.goto(f"{base}/bon-tot/danh-sach-cong-nhan/?unit={tree.commune.pk}&year={YEAR}")
    expect(page.locator("table.recognized-list")).to_contain_text("Chi bộ Ấp Một")
    shot(page, "four-good-print")
