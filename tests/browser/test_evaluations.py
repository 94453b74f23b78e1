"""A cell secretary rates the cell on one screen: the rating the rules give and the HTXSNV
quota change as scores are typed, ↓ and Enter move down a column, ← → along a line, and one
click saves the grid; a member hands in their bản tự kiểm điểm and prints it (screenshots under
test-artifacts/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations.models import MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import members_of, open_for, to_cell_stage
from dangbo.members.models import Member
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
    # The cell's grid (the round page also links each cell's own collective review).
    page.get_by_role("link", name="Chi bộ Ấp Một").first.click()

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


def test_a_member_hands_in_a_self_review_the_secretary_reads_prints_and_rates(
    page: Page, live_server: object, tree: Tree, member_a: User, secretary_a: User
) -> None:
    own, other = sorted(members_of(tree.cell_a, 2), key=lambda m: m.name_sort)
    Member.objects.filter(pk=own.pk).update(user=member_a)
    round_ = open_for(tree.commune)
    base = str(live_server)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "member_a")
    page.goto(f"{base}/danh-gia/{round_.pk}/tu-kiem-diem/")
    page.get_by_label("Mẫu bản tự kiểm điểm").select_option("2b")
    page.get_by_label("I. Ưu điểm, kết quả đạt được").fill(
        "Chấp hành nghiêm chủ trương, đường lối của Đảng; gương mẫu ở khu dân cư."
    )
    page.get_by_label("II. Hạn chế, khuyết điểm và nguyên nhân").fill(
        "Có lúc chậm nộp báo cáo.\nNguyên nhân: sắp xếp thời gian chưa hợp lý."
    )
    page.get_by_label("VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm").fill(
        "Lập kế hoạch công việc hằng tuần, báo cáo đúng hạn."
    )
    chung = page.get_by_label("Tiêu chí chung", exact=False)
    chung.fill("31")
    page.get_by_label("Kết quả thực hiện chức trách, nhiệm vụ được giao", exact=False).fill("59")
    page.get_by_label("Tự nhận mức xếp loại chất lượng").select_option("htt")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    expect(page.get_by_text("phải từ 0 đến 30")).to_be_visible()
    shot(page, "evaluations-self_review_error")
    page.get_by_label("Tiêu chí chung", exact=False).fill("27,5")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    expect(page.get_by_text("Đã nộp bản tự kiểm điểm.")).to_be_visible()
    expect(page.locator(".self-review-saved")).to_contain_text("Tổng điểm tự chấm: 86,5/100")
    shot(page, "evaluations-self_review")
    row = MemberEvaluation.objects.get(member=own)
    assert row.self_criteria == {"chung": 27.5, "nhiem_vu": 59}

    page.goto(f"{base}/danh-gia/ket-qua/{row.pk}/ban-tu-kiem-diem/")
    expect(page.get_by_text("BẢN KIỂM ĐIỂM CÁ NHÂN")).to_be_visible()
    expect(page.locator("table.points tfoot")).to_contain_text("86,5/100")
    shot(page, "evaluations-print")

    to_cell_stage(round_)
    page.context.clear_cookies()
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/")
    lines = page.locator("tr.grid-line")
    expect(lines.nth(0).locator(".self-points")).to_contain_text("27,5/30")
    expect(lines.nth(0).locator(".self-score")).to_have_text("86,5")
    lines.nth(0).locator("details.self-review summary").click()
    expect(lines.nth(0)).to_contain_text("Có lúc chậm nộp báo cáo.")
    # ← → move along a line once the caret is at the edge of a box; ↓ skips no column.
    score = page.get_by_label(f"Điểm chi bộ của {own.full_name}")
    score.fill("85")
    score.press("ArrowRight")
    expect(page.get_by_label(f"% nhiệm vụ hoàn thành của {own.full_name}")).to_be_focused()
    page.keyboard.press("ArrowLeft")  # caret at the end of "100": stays in the box
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    expect(score).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(f"Điểm chi bộ của {other.full_name}")).to_be_focused()
    page.keyboard.type("80")
    maternity = page.get_by_label(f"Số ngày nghỉ thai sản của {other.full_name}")
    sick = page.get_by_label(f"Số ngày nghỉ ốm của {other.full_name}")
    sick.fill("100")
    maternity.fill("300")
    expect(maternity).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(lines.nth(1).locator(".rule-rating")).to_have_text("HTNV")  # 100 sick days
    sick.fill("")
    maternity.fill("180")
    expect(maternity).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(lines.nth(1).locator(".rule-rating")).to_have_text("HTTNV")  # maternity: no cap
    shot(page, "evaluations-grid")
    page.get_by_role("button", name="Lưu bảng xếp loại").click()
    expect(page.get_by_text("Đã lưu bảng đánh giá, xếp loại của Chi bộ Ấp Một.")).to_be_visible()
    expect(page.get_by_text("Nghỉ thai sản 180 ngày: xếp loại theo kết quả")).to_be_visible()
    shot(page, "evaluations-grid_saved")
    saved = MemberEvaluation.objects.get(member=other)
    assert saved.maternity_leave_days == 180 and saved.proposed_rating == Rating.GOOD
    assert MemberEvaluation.objects.get(member=own).self_score is not None
