"""A cell secretary brings her spreadsheet in through the browser: upload, fix the one column
the software did not recognise, dry run, see the bad row, skip it, commit (screenshots under
test-artifacts/: imports-mapping, imports-checked, imports-done)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, FilePayload, Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.imports import services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.members.models import Member
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Typed the way a cell keeps its roll: a title row, "Ngày KN" for the admission date (not a
# header the software knows), one impossible date.
ROLL = (
    "DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP MỘT;;;;;;\n"
    "STT;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Ngày KN;Ngày chính thức\n"
    "1;Nguyễn Văn An;05/03/1980;Nam;Kinh;10/05/2005;10/05/2006\n"
    "2;Trần Thị Bình;12/07/1975;Nữ;Kinh;02/09/2010;02/09/2011\n"
    "3;Phạm Văn Dũng;31/02/1980;Nam;Kinh;01/01/2010;01/01/2011\n"
    "4;Lê Văn Cường;12/12/1990;Nam;Khơ-me;15/01/2020;15/01/2021\n"
)


def test_secretary_uploads_fixes_a_column_checks_skips_the_bad_row_and_commits(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "secretary_a")
    page.get_by_role("link", name="Nhập dữ liệu").click()
    expect(page.get_by_role("heading", name="Nhập dữ liệu từ tệp")).to_be_visible()
    page.get_by_role("link", name="Tải tệp lên").click()

    expect(page.get_by_label("Đơn vị nhập vào")).to_have_value(str(tree.cell_a.pk))
    roll: FilePayload = {
        "name": "danh-sach-ap-mot.csv",
        "mimeType": "text/csv",
        "buffer": ("\ufeff" + ROLL).encode("utf-8"),
    }
    page.get_by_label("Tệp bảng tính").set_input_files(files=[roll])
    shot(page, "imports-upload")
    page.get_by_role("button", name="Tải lên").click()

    expect(page.get_by_role("heading", name="danh-sach-ap-mot.csv")).to_be_visible()
    mapping = page.locator(".import-mapping")
    expect(mapping.locator("tbody tr")).to_have_count(7)
    expect(page.get_by_text("Chưa ghép cột bắt buộc: «Ngày vào Đảng».")).to_be_visible()
    expect(page.get_by_text("Độ tin cậy")).to_be_visible()
    expect(page.locator(".import-preview")).to_contain_text("Trần Thị Bình")
    admitted = page.get_by_label("Cột F: Ngày KN")
    expect(admitted).to_have_value("")
    admitted.select_option(label="Ngày vào Đảng")
    shot(page, "imports-mapping")

    page.get_by_role("button", name="Kiểm tra (chạy thử)").click()
    expect(page.get_by_role("heading", name="Kết quả kiểm tra (chưa ghi gì)")).to_be_visible()
    expect(page.locator('[data-count="new"]')).to_have_text("3")
    expect(page.locator('[data-count="invalid"]')).to_have_text("1")
    error_row = page.locator(".import-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("Ngày «31/02/1980» không có thật.")
    expect(error_row.locator("td").first).to_have_text("5")
    expect(page.get_by_role("link", name="Tải tệp lỗi (xlsx)")).to_be_visible()
    assert not Member.objects.exists()
    # The page opened at its results (#ket-qua); a full-page shot is taken from the top, or
    # the sticky header would be drawn across the middle of it.
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "imports-checked")

    page.get_by_label("Bỏ qua các dòng lỗi (chỉ ghi các dòng hợp lệ)").check()
    asked: list[str] = []

    def accept(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Ghi vào CSDL").click()

    expect(page.get_by_role("heading", name="Đã ghi vào CSDL")).to_be_visible()
    assert asked and "danh-sach-ap-mot.csv" in asked[0]
    expect(page.locator('[data-count="new"]')).to_have_text("3")
    expect(page.locator('[data-count="skipped"]')).to_have_text("1")
    expect(page.locator("#job-status")).to_have_text("Đã nhập xong")
    expect(page.get_by_role("button", name="Hoàn tác lần nhập")).to_be_visible()
    shot(page, "imports-done")
    assert set(Member.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
    }

    page.get_by_role("link", name="Xem danh sách đảng viên của đơn vị").click()
    expect(page.locator(".member-table tbody tr")).to_have_count(3)
    page.get_by_role("link", name="Nhập dữ liệu", exact=True).click()
    row = page.locator(".import-jobs tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Đã nhập xong")
    expect(row).to_contain_text("Thêm mới: 3")
    shot(page, "imports-list")


def test_a_long_import_shows_its_progress_and_the_outcome_when_it_ends(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    job, _ = services.upload_file(
        actor=secretary_a,
        organization=tree.cell_a,
        spec="members",
        file_name="ca-xa.csv",
        data=ROLL.encode("utf-8"),
    )
    # As the task worker leaves it between two batches.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CHECKING, phase="check", rows_done=1500, rows_total=6000
    )
    base = str(live_server)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/nhap-du-lieu/{job.pk}/")

    bar = page.locator("#job-progress .progress-bar")
    expect(bar).to_have_text("25%")
    expect(page.get_by_text("1.500 / 6.000 dòng (25%)")).to_be_visible()
    track = page.locator("#job-progress .progress").bounding_box()
    filled = bar.bounding_box()
    assert track and filled and 0.2 < filled["width"] / track["width"] < 0.3
    shot(page, "imports-progress")

    ImportJob.objects.filter(pk=job.pk).update(rows_done=4500)
    expect(bar).to_have_text("75%")
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CHECKED, counts={"new": 2, "updated": 1, "unchanged": 0, "invalid": 0}
    )
    expect(page.get_by_role("heading", name="Kết quả kiểm tra (chưa ghi gì)")).to_be_visible()
    expect(page.locator('[data-count="updated"]')).to_have_text("1")
    expect(page.locator("#job-progress")).to_have_count(0)
