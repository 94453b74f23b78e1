"""A committee office uploads its programs (seeds/003 and 004 as .txt) through the documents
page, lands on the review screen, accepts some proposals, edits one, rejects one, and finds the
targets on the board (screenshots under test-artifacts/: program-review-*, program-board)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.documents.models import Document
from dangbo.targets.models import Proposal, ProposalState, Target
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def upload(page: Page, base: str, tree: Tree, name: str, title: str) -> Document:
    page.goto(f"{base}/van-ban/them/")
    page.locator("#id_kind").select_option("CTr")
    page.locator("#id_issuer").select_option(str(tree.commune.pk))
    page.locator("#id_title").fill(title)
    text: FilePayload = {
        "name": name,
        "mimeType": "text/plain",
        "buffer": (SEEDS / name).read_bytes(),
    }
    page.locator("#id_file").set_input_files(files=[text])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Chỉ tiêu, nhiệm vụ đọc từ văn bản")).to_be_visible()
    return Document.objects.get(title=title)


def card(
    page: Page, document: Document, position: int, kind: str = "target"
) -> tuple[Locator, Proposal]:
    proposal = document.proposals.get(kind=kind, position=position)
    return page.locator(f"#de-xuat-{proposal.pk}"), proposal


def test_office_uploads_programs_reviews_the_proposals_and_sees_the_targets_on_the_board(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("vanphong", "Hồ Thị Văn Phòng", tree.root, Role.OFFICE)
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "vanphong")

    # seeds/003: a program with "II - MỤC TIÊU, CHỈ TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP".
    program = upload(page, base, tree, "003_5dcf4d47918a0738.txt", "Chương trình hành động 003")
    targets = program.proposals.filter(kind="target")
    assert targets.count() >= 4
    text = page.locator("#van-ban-text")
    expect(text.locator("mark.proposal-target")).not_to_have_count(0)
    expect(text).to_contain_text("II - MỤC TIÊU, CHỈ TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "program-review-003")

    # "Xem trong văn bản" jumps to the span; the mark is outlined.
    first, first_proposal = card(page, program, 0)
    first.get_by_role("link", name="Xem trong văn bản").click()
    expect(page).to_have_url(
        f"{base}/chi-tieu/van-ban/{program.pk}/de-xuat/#nguon-{first_proposal.pk}"
    )

    # Accept the first as read (htmx: the row, marks and counts change without a reload).
    page.evaluate("window.__kept = true")
    first.get_by_role("button", name="Nhận").click()
    expect(first.locator(".badge")).to_have_text("Đã nhận")
    expect(page.locator('[data-count="accepted"]')).to_have_text("Đã nhận: 1")
    expect(text.locator("mark.proposal-accepted")).not_to_have_count(0)
    assert page.evaluate("window.__kept") is True

    # Edit the second, then accept it.
    second, second_proposal = card(page, program, 1)
    second.get_by_role("link", name="Sửa rồi nhận").click()
    value = second.get_by_label("Giá trị", exact=True)
    expect(value).to_be_visible()
    value.fill("0,2")
    second.get_by_label("Kỳ").select_option("annual")
    second.get_by_label("Đơn vị chịu trách nhiệm").select_option(str(tree.cell_a.pk))
    second.scroll_into_view_if_needed()
    page.screenshot(path=str(shot(page, "program-review-edit")), full_page=False)
    second.get_by_role("button", name="Lưu và nhận").click()
    expect(second.locator(".badge")).to_have_text("Đã nhận")
    expect(second).to_contain_text("Chi bộ Ấp Một")
    # The row shows the target as accepted, with the edit, not the number as read.
    expect(second.locator(".proposal-details")).to_contain_text("0,2")
    expect(second.locator(".proposal-details")).not_to_contain_text("0,3")

    # Reject the third.
    third, third_proposal = card(page, program, 2)
    third.get_by_role("button", name="Bỏ").click()
    expect(third.locator(".badge")).to_have_text("Đã bỏ")
    expect(page.locator('[data-count="rejected"]')).to_have_text("Đã bỏ: 1")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "program-review-decided")

    first_proposal.refresh_from_db()
    second_proposal.refresh_from_db()
    third_proposal.refresh_from_db()
    assert first_proposal.state == ProposalState.ACCEPTED
    assert third_proposal.state == ProposalState.REJECTED
    edited = second_proposal.target
    assert edited is not None
    assert (edited.value, edited.period, edited.responsible) == (
        Decimal("0.2"),
        "annual",
        tree.cell_a,
    )

    # seeds/004: a news article; accept everything it proposes, then drop what the software
    # could not make a target of (the page's visitor counter).
    article = upload(page, base, tree, "004_0aa1050f377534dc.txt", "Kế hoạch thực hiện 004")
    assert article.proposals.filter(state=ProposalState.PENDING).count() >= 8
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nhận tất cả").click()
    expect(page.locator('[data-count="accepted"]')).not_to_have_text("Đã nhận: 0")
    left = list(article.proposals.filter(state=ProposalState.PENDING))
    if left:
        expect(page.locator(".alert-danger").first).to_contain_text("Chưa nhận được")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "program-review-004")
    for proposal in left:
        page.locator(f"#de-xuat-{proposal.pk}").get_by_role("button", name="Bỏ").click()
        expect(page.locator(f"#de-xuat-{proposal.pk} .badge")).to_have_text("Đã bỏ")
    expect(page.locator('[data-count="pending"]')).to_have_text("Chờ xem xét: 0")
    accepted = article.proposals.filter(kind="target", state=ProposalState.ACCEPTED).count()
    assert Target.objects.filter(document=article).count() == accepted >= 8

    # The board of the first program shows the two accepted targets.
    page.goto(f"{base}/chi-tieu/van-ban/{program.pk}/de-xuat/")
    page.get_by_role("link", name="Bảng theo dõi").click()
    expect(page).to_have_url(f"{base}/chi-tieu/van-ban/{program.pk}/")
    for target in Target.objects.filter(document=program):
        expect(page.locator("main")).to_contain_text(target.subject[:30])
    shot(page, "program-board")
