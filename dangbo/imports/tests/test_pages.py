"""The import pages through the Django test client: upload, mapping, dry run, commit and
revert as a cell secretary does them, and what other users must not see or do."""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import FOUNDED, Tree, make_user
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.imports import services
from dangbo.imports.models import ColumnMapping, ImportJob, JobStatus
from dangbo.imports.spec import all_specs, get_spec
from dangbo.imports.views.upload import CappedUploadHandler
from dangbo.members.models import Member

ClientFor = Callable[[User], Client]

# "Ngày KN" is not a header the members spec knows: the user maps it to «Ngày vào Đảng».
HEADER = "STT;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Ngày KN;Ngày chính thức\n"
GOOD = (
    "1;Nguyễn Văn An;05/03/1980;Nam;Kinh;10/05/2005;10/05/2006\n"
    "2;Trần Thị Bình;12/07/1975;Nữ;Kinh;02/09/2010;02/09/2011\n"
    "3;Lê Văn Cường;12/12/1990;Nam;Kinh;15/01/2020;15/01/2021\n"
)
BAD = "4;Phạm Văn Dũng;31/02/1980;Nam;Kinh;01/01/2010;01/01/2011\n"
DETAIL = "imports:job-detail"


def csv_file(text: str, name: str = "danh-sach.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def upload(client: Client, tree: Tree, text: str, org: Any = None, name: str = "ds.csv") -> Any:
    return client.post(
        reverse("imports:upload"),
        {"organization": (org or tree.cell_a).pk, "spec": "members", "file": csv_file(text, name)},
    )


def uploaded(client: Client, tree: Tree, text: str) -> ImportJob:
    response = upload(client, tree, text)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse(DETAIL, args=[job.pk])
    return job


def mapping_post(client: Client, job: ImportJob, **changes: str) -> dict[str, str]:
    """The mapping form as the page offers it, with `changes` ({"col_5": "admitted_on"})."""
    page = client.get(reverse(DETAIL, args=[job.pk]))
    form = page.context["screen"].mapping_form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def map_admission_date(client: Client, job: ImportJob, then: str = "") -> Any:
    data = mapping_post(client, job, col_5="admitted_on")
    if then:
        data["then"] = then
    return client.post(reverse("imports:job-mapping", args=[job.pk]), data)


def start(client: Client, job: ImportJob, action: str, **extra: str) -> Any:
    return client.post(reverse("imports:job-start", args=[job.pk]), {"action": action, **extra})


def test_the_secretary_brings_a_file_in_from_upload_to_commit(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    form = client.get(reverse("imports:upload"))
    assert form.status_code == 200
    assert "Họ và tên" in form.content.decode()  # the recognised columns are listed

    job = uploaded(client, tree, HEADER + GOOD + BAD)
    assert job.organization == tree.cell_a and job.created_by == secretary_a
    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    assert "Ngày KN" in page and "Độ tin cậy" in page
    assert "Chưa ghép cột bắt buộc: «Ngày vào Đảng»" in page
    assert "Nguyễn Văn An" in page  # the preview

    response = map_admission_date(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["5"] == "admitted_on"

    start(client, job, "check")
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED, job.message
    assert (job.counts["new"], job.counts["invalid"]) == (3, 1)
    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    assert "Kết quả kiểm tra (chưa ghi gì)" in page
    assert "Ngày «31/02/1980» không có thật." in page
    assert "Ghi vào CSDL" in page
    assert not Member.objects.exists()

    # Without «Bỏ qua các dòng lỗi» nothing is written, and the page says why.
    response = start(client, job, "commit")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not Member.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Có 1 dòng lỗi" in page
    assert "Bỏ qua các dòng lỗi (chỉ ghi các dòng hợp lệ)" in page and "Chạy lại" not in page

    response = start(client, job, "commit", skip_invalid="1")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.counts["skipped"] == 1
    assert Member.objects.filter(organization=tree.cell_a).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi vào CSDL: thêm mới 3, cập nhật 0 hồ sơ." in page
    assert "Hoàn tác lần nhập" in page
    assert f"{reverse('members:member-list')}?org={tree.cell_a.pk}" in page


def test_save_and_check_in_one_click(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)

    response = map_admission_date(client, job, then="check")

    job.refresh_from_db()
    assert response["Location"].endswith("#ket-qua")
    assert job.status == JobStatus.CHECKED and job.counts["new"] == 3


def test_the_mapping_chosen_is_remembered_for_the_next_file_of_the_unit(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    first = uploaded(client, tree, HEADER + GOOD)
    map_admission_date(client, first)
    assert ColumnMapping.objects.filter(
        organization=tree.cell_a, header_key="ngaykn", field="admitted_on"
    ).exists()

    second = uploaded(client, tree, HEADER + GOOD)

    form = client.get(reverse(DETAIL, args=[second.pk])).context["screen"].mapping_form
    assert form["col_5"].value() == "admitted_on"
    start(client, second, "check")
    second.refresh_from_db()
    assert second.status == JobStatus.CHECKED, second.message


def test_one_field_mapped_to_two_columns_is_refused_on_the_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    data = mapping_post(client, job, col_5="birth_date")

    response = client.post(reverse("imports:job-mapping", args=[job.pk]), data)

    assert response.status_code == 400
    assert "Trường «Ngày sinh» được ghép với nhiều cột (C, F)" in response.content.decode()
    job.refresh_from_db()
    assert job.mapping == {}


def test_a_secretary_of_cell_a_never_reaches_cell_bs_import(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    job, _ = services.upload_file(
        actor=None,
        organization=tree.cell_b,
        spec="members",
        file_name="chi-bo-hai.csv",
        data=(HEADER + GOOD).encode(),
    )
    client = client_for(secretary_a)

    assert "chi-bo-hai.csv" not in client.get(reverse("imports:job-list")).content.decode()
    for name in ("job-detail", "job-errors-xlsx", "job-progress"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    for name in ("job-start", "job-mapping", "job-sheet", "job-cancel", "job-revert"):
        response = client.post(reverse(f"imports:{name}", args=[job.pk]), {"action": "check"})
        assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED


def test_a_secretary_cannot_upload_into_cell_b(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    response = upload(client, tree, HEADER + GOOD, org=tree.cell_b)

    assert response.status_code == 400
    assert "không có trong danh sách bạn được cập nhật hồ sơ" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_outsider_sees_an_empty_list_and_no_upload_button(
    tree: Tree, outsider: User, secretary_a: User, client_for: ClientFor
) -> None:
    uploaded(client_for(secretary_a), tree, HEADER + GOOD)

    page = client_for(outsider).get(reverse("imports:job-list")).content.decode()

    assert "Chưa có lần nhập nào." in page
    assert "ds.csv" not in page
    assert "Tải tệp lên</a>" not in page


def test_the_import_menu_is_offered_only_to_those_who_may_change_records(
    tree: Tree, secretary_a: User, member_a: User, client_for: ClientFor
) -> None:
    link = f'href="{reverse("imports:job-list")}"'

    assert link in client_for(secretary_a).get(reverse("orgs:tree")).content.decode()
    assert link not in client_for(member_a).get(reverse("orgs:tree")).content.decode()


def test_a_secretary_is_not_offered_the_organisation_import(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    page = client.get(reverse("imports:upload")).content.decode()
    response = client.post(
        reverse("imports:upload"),
        {"organization": tree.cell_a.pk, "spec": "organizations", "file": csv_file(HEADER)},
    )

    assert 'value="organizations"' not in page
    assert "Loại dữ liệu không hợp lệ." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_organisations_go_only_into_units_where_the_user_may_change_the_structure(
    tree: Tree, client_for: ClientFor
) -> None:
    user = make_user("office_a", "Văn Phòng A", tree.cell_a, Role.OFFICE)
    Grant.objects.create(
        user=user, organization=tree.cell_b, role=Role.SECRETARY, valid_from=FOUNDED
    )

    response = client_for(user).post(
        reverse("imports:upload"),
        {"organization": tree.cell_b.pk, "spec": "organizations", "file": csv_file(HEADER)},
    )

    assert "nên không nhập được «Tổ chức đảng» vào đơn vị này" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_list_shows_the_users_imports_newest_first(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    upload(client, tree, HEADER + GOOD, name="cu.csv")
    upload(client, tree, HEADER + GOOD, name="moi.csv")

    page = client.get(reverse("imports:job-list")).content.decode()

    table = page[page.index("<tbody>") :]
    assert table.index("moi.csv") < table.index("cu.csv")
    assert "Lê Văn Bí Thư" in page and "Chi bộ Ấp Một" in page


def test_the_error_file_is_the_sheet_with_a_column_of_reasons(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD + BAD + '5;=HYPERLINK("x");01/01/1980;Nam\n')
    map_admission_date(client, job, then="check")

    response = client.get(reverse("imports:job-errors-xlsx", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert isinstance(response, FileResponse)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*HEADER.strip().split(";"), "Lỗi")
    assert sheet.freeze_panes == "A2"
    bad = rows[4]
    assert bad[1] == "Phạm Văn Dũng"
    assert bad[-1] == "Ngày sinh: Ngày «31/02/1980» không có thật."
    assert sheet.cell(row=5, column=2).fill.start_color.rgb.endswith("FFC7CE")
    assert rows[1][-1] is None and sheet.cell(row=2, column=2).fill.fill_type is None
    formula = sheet.cell(row=6, column=2)
    assert formula.value == '=HYPERLINK("x")' and formula.data_type == "s"


def test_a_50_mb_file_gets_the_vietnamese_message_and_nothing_is_kept(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    junk = SimpleUploadedFile("lon.xlsx", os.urandom(1024) * (50 * 1024))

    response = client.post(
        reverse("imports:upload"),
        {"organization": tree.cell_a.pk, "spec": "members", "file": junk},
    )

    assert response.status_code == 400
    assert "Tệp 50 MB vượt giới hạn 40 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_handler_keeps_no_more_than_the_limit_on_disk(rf: Any) -> None:
    handler = CappedUploadHandler(rf.post("/"), limit=10)
    handler.new_file("file", "a.xlsx", "application/octet-stream", None)
    for start in range(0, 100, 8):
        handler.receive_data_chunk(b"x" * 8, start)
    kept = handler.file_complete(100)

    assert kept is not None
    assert kept.size == 100  # the size the form refuses
    assert len(kept.read()) <= 16


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    pdf = SimpleUploadedFile("ds.xlsx", b"%PDF-1.4 junk junk")

    response = client_for(secretary_a).post(
        reverse("imports:upload"), {"organization": tree.cell_a.pk, "spec": "members", "file": pdf}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_revert_through_the_page(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    map_admission_date(client, job, then="check")
    start(client, job, "commit")
    assert Member.objects.count() == 3

    response = client.post(reverse("imports:job-revert", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == JobStatus.REVERTED
    assert not Member.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Đã hoàn tác lần nhập" in page
    # Twice is refused with a message, not an error page.
    again = client.post(reverse("imports:job-revert", args=[job.pk]), follow=True)
    assert again.status_code == 200
    assert "Chỉ hoàn tác được lần nhập đã ghi xong." in again.content.decode()


def test_a_job_whose_worker_died_shows_as_failed_and_can_run_again(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    map_admission_date(client, job)
    # A process id that cannot exist: the worker was killed mid-commit.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WRITING, phase="commit", worker=f"{socket.gethostname()}:99999999"
    )

    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Tiến trình xử lý bị dừng đột ngột" in page and "Chạy lại" in page
    start(client, job, "commit")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message


def test_a_busy_job_shows_its_progress_polled_until_done(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WRITING, rows_done=1500, rows_total=6000, worker=""
    )
    progress = reverse("imports:job-progress", args=[job.pk])

    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    assert f'hx-get="{progress}"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-progress="25"' in page and "1.500 / 6.000 dòng" in page
    assert "Hủy" in page

    partial = client.get(progress, headers={"HX-Request": "true"})
    assert 'data-progress="25"' in partial.content.decode()

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKED, counts={"new": 3})
    done = client.get(progress, headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"


def test_cancel_stops_a_queued_job(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, worker="")

    client.post(reverse("imports:job-cancel", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_a_workbook_of_several_sheets_offers_the_choice(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    book = Workbook()
    first = book.active
    first.title = "Ghi chú"
    first.append(["Danh sách này lập ngày 01/01/2025"])
    second = book.create_sheet("Chi bộ Ấp Một")
    second.append(["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng"])
    second.append(["Nguyễn Văn An", "05/03/1980", "Nam", "10/05/2005"])
    data = io.BytesIO()
    book.save(data)
    client = client_for(secretary_a)
    client.post(
        reverse("imports:upload"),
        {
            "organization": tree.cell_a.pk,
            "spec": "members",
            "file": SimpleUploadedFile("hai-trang.xlsx", data.getvalue()),
        },
    )
    job = ImportJob.objects.get()
    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    assert "Nhập mọi trang tính (mỗi trang một chi bộ)" in page
    assert "Không nhận ra dòng tiêu đề ở trang «Ghi chú»" in page

    client.post(reverse("imports:job-sheet", args=[job.pk]), {"sheet": "Chi bộ Ấp Một"})

    job.refresh_from_db()
    assert job.sheet == "Chi bộ Ấp Một"
    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    assert "Nguyễn Văn An" in page
    start(client, job, "check")
    job.refresh_from_db()
    assert job.counts["new"] == 1, job.message


@pytest.mark.parametrize("name", ["job-list", "upload"])
def test_a_member_without_edit_rights_is_told_so(
    tree: Tree, member_a: User, client_for: ClientFor, name: str
) -> None:
    page = client_for(member_a).get(reverse(f"imports:{name}")).content.decode()

    assert "chưa được giao quyền cập nhật hồ sơ" in page


def test_the_list_reads_a_bounded_number_of_queries(
    tree: Tree, secretary_a: User, client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    from dangbo.imports.tests.factories import ImportJobFactory

    ImportJobFactory.create_batch(30, organization=tree.cell_a, created_by=secretary_a)
    client = client_for(secretary_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("imports:job-list"))

    assert response.status_code == 200
    assert "Trang 1 / 2" in response.content.decode()


@pytest.mark.parametrize("spec", [s.name for s in all_specs()])
def test_every_registered_kind_of_data_can_be_uploaded_and_mapped(
    tree: Tree, province_admin: User, client_for: ClientFor, spec: str
) -> None:
    labels = [f.label for f in get_spec(spec).importable() if f.required]
    client = client_for(province_admin)

    response = client.post(
        reverse("imports:upload"),
        {
            "organization": tree.cell_a.pk,
            "spec": spec,
            "file": csv_file(";".join(labels) + "\n" + ";".join("x" for _ in labels) + "\n"),
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["screen"].missing == []


def test_year_only_dates_are_noticed_after_the_check(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    year_only = "5;Võ Thị Em;1975;Nữ;Kinh;02/09/2010;02/09/2011\n"
    job = uploaded(client, tree, HEADER + GOOD + year_only)
    map_admission_date(client, job, then="check")

    page = client.get(reverse(DETAIL, args=[job.pk])).content.decode()

    assert "Lưu ý" in page and "năm sinh 1975" in page


def test_hidden_columns_are_marked_on_the_mapping_screen(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ghi chú nội bộ", "Ngày sinh", "Giới tính", "Ngày vào Đảng"])
    sheet.append(["Nguyễn Văn An", "không in", "05/03/1980", "Nam", "10/05/2005"])
    sheet.column_dimensions["B"].hidden = True
    data = io.BytesIO()
    book.save(data)
    client = client_for(secretary_a)
    client.post(
        reverse("imports:upload"),
        {
            "organization": tree.cell_a.pk,
            "spec": "members",
            "file": SimpleUploadedFile("an-cot.xlsx", data.getvalue()),
        },
    )
    job = ImportJob.objects.get()

    response = client.get(reverse(DETAIL, args=[job.pk]))

    rows = {row.letter: row for row in response.context["screen"].mapping_rows}
    assert rows["B"].hidden and not rows["A"].hidden
    assert "(cột ẩn)" in response.content.decode()


def test_the_errors_are_shown_a_hundred_to_a_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    job = uploaded(client, tree, HEADER + GOOD)
    errors = [
        {"sheet": "ds", "row": n, "column": "C", "header": "Ngày sinh", "field": "birth_date",
         "value": f"{n}/13/1980", "reason": f"Lý do số {n}."}
        for n in range(2, 152)
    ]  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CHECKED, counts={"new": 0, "invalid": 150}, errors=errors, error_count=150
    )

    first = client.get(reverse(DETAIL, args=[job.pk])).content.decode()
    second = client.get(reverse(DETAIL, args=[job.pk]), {"page": 2}).content.decode()

    assert "Lý do số 101." in first and "Lý do số 102." not in first
    assert "Lý do số 102." in second and "Trang 2 / 2" in second
