"""/api/v1/imports/: the import flow for programs, scoped, in Vietnamese, and never writing
anything from a refused request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import Tree
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.members.models import Member
from dangbo.orgs.models import Organization

API = "/api/v1/imports/"
HEADER = (
    "STT;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số thẻ đảng viên;Ngày vào Đảng;Ngày chính thức\n"
)
ROWS = (
    "1;Nguyễn Văn An;05/03/1980;Nam;Kinh;01234567;10/05/2005;10/05/2006\n"
    "2;Trần Thị Bình;1975;Nữ;Khơ-me;;02/09/2010;02/09/2011\n"
)
BAD_ROW = "3;Lê Văn Cường;31/02/1990;Nam;Kinh;;15/01/2015;15/01/2016\n"


def csv_file(text: str, name: str = "ds.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def upload(client: Client, org: Organization, text: str = HEADER + ROWS, **extra: Any) -> Any:
    return client.post(API, {"file": csv_file(text), "organization": org.pk, **extra})


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def job_of(tree: Tree, org: Organization | None = None, text: str = HEADER + ROWS) -> ImportJob:
    job, _ = services.upload_file(
        actor=None,
        organization=org or tree.cell_a,
        spec="members",
        file_name="ds.csv",
        data=("\ufeff" + text).encode("utf-8"),
    )
    return job


def user_with(tree: Tree, org: Organization, role: str, name: str = "nguoi_xem") -> User:
    user = User.objects.create_user(username=name, password="x", full_name="Người Xem")
    Grant.objects.create(user=user, organization=org, role=role, valid_from=date(2020, 1, 1))
    return user


@pytest.fixture
def admin_api(client_for: Any, province_admin: User) -> Client:
    client: Client = client_for(province_admin)
    return client


def test_a_file_goes_from_upload_to_commit_through_the_api(tree: Tree, admin_api: Client) -> None:
    created = upload(admin_api, tree.cell_a)
    assert created.status_code == 201, created.json()
    job = created.json()
    assert job["status"] == "uploaded" and job["spec"] == "members"
    assert job["organization_name"] == "Chi bộ Ấp Một"
    url = f"{API}{job['id']}/"

    mapping = admin_api.get(f"{url}mapping/").json()
    assert mapping["header_found"] and mapping["header_row"] == 1
    assert [c["field"] for c in mapping["columns"]][:3] == ["", "full_name", "birth_date"]

    checked = post(admin_api, f"{url}check/").json()
    assert checked["status"] == "checked", checked["message"]
    assert checked["counts"]["new"] == 2 and checked["progress"] == 100
    assert not Member.objects.exists()

    done = post(admin_api, f"{url}commit/").json()
    assert done["status"] == "done", done["message"]
    assert Member.objects.count() == 2
    assert admin_api.get(url).json()["committed_at"]
    listed = admin_api.get(API).json()
    assert [row["id"] for row in listed["results"]] == [job["id"]]


def test_bad_rows_are_listed_with_their_reason_and_paged(tree: Tree, admin_api: Client) -> None:
    job = upload(admin_api, tree.cell_a, HEADER + ROWS + BAD_ROW).json()
    url = f"{API}{job['id']}/"

    checked = post(admin_api, f"{url}check/").json()
    refused = post(admin_api, f"{url}commit/").json()

    assert checked["counts"]["invalid"] == 1 and checked["error_count"] == 1
    (error,) = checked["errors"]
    assert error["row"] == 4 and error["field"] == "birth_date" and "31/02/1990" in error["reason"]
    assert refused["status"] == "failed" and refused["counts"]["invalid"] == 1
    assert "Chưa ghi dòng nào" in refused["message"]
    assert not Member.objects.exists()
    page = admin_api.get(f"{url}errors/", {"page_size": 1}).json()
    assert page["count"] == 1 and page["results"][0]["column"] == "C"


def test_commit_may_skip_the_bad_rows(tree: Tree, admin_api: Client) -> None:
    job = upload(admin_api, tree.cell_a, HEADER + ROWS + BAD_ROW).json()

    done = post(admin_api, f"{API}{job['id']}/commit/", {"skip_invalid": True}).json()

    assert done["status"] == "done", done["message"]
    assert done["skip_invalid"] is True and done["counts"]["skipped"] == 1
    assert Member.objects.count() == 2


def test_the_mapping_can_be_fixed_and_is_checked(tree: Tree, admin_api: Client) -> None:
    text = "Tên;Sinh;Phái;Vào Đảng\nNguyễn Văn An;05/03/1980;Nam;10/05/2005\n"
    job = upload(admin_api, tree.cell_a, text).json()
    url = f"{API}{job['id']}/mapping/"

    wrong_column = post(admin_api, url, {"mapping": {"9": "full_name"}})
    wrong_field = post(admin_api, url, {"mapping": {"0": "khong_co"}})
    fixed = post(
        admin_api,
        url,
        {"mapping": {"0": "full_name", "1": "birth_date", "2": "sex", "3": "admitted_on"}},
    )

    assert wrong_column.status_code == 400
    assert "không có cột «9»" in wrong_column.json()["mapping"][0]
    assert wrong_field.status_code == 400 and wrong_field.json()["mapping"] == [
        "Trường không hợp lệ."
    ]
    assert fixed.status_code == 200, fixed.json()
    assert [c["field"] for c in fixed.json()["columns"]] == [
        "full_name", "birth_date", "sex", "admitted_on",
    ]  # fmt: skip
    checked = post(admin_api, f"{API}{job['id']}/check/").json()
    assert checked["counts"]["new"] == 1, checked["errors"]


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_kept(
    tree: Tree, admin_api: Client
) -> None:
    events = AuditEvent.objects.count()
    junk = SimpleUploadedFile("ds.xlsx", b"PK\x03\x04 khong phai bang tinh", content_type="x")

    response = admin_api.post(API, {"file": junk, "organization": tree.cell_a.pk})

    assert response.status_code == 400
    (message,) = response.json()["file"]
    assert "tệp" in message.lower() or "Tệp" in message
    assert not ImportJob.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_upload_without_a_file_or_as_json_answers_in_vietnamese(
    tree: Tree, admin_api: Client
) -> None:
    missing = admin_api.post(API, {"organization": tree.cell_a.pk})
    as_json = post(admin_api, API, {"organization": tree.cell_a.pk})
    no_org = admin_api.post(API, {"file": csv_file(HEADER + ROWS)})

    assert missing.status_code == 400 and missing.json()["file"] == ["Chọn tệp cần nhập."]
    assert as_json.status_code == 400 and "multipart/form-data" in as_json.json()["file"][0]
    assert no_org.status_code == 400 and no_org.json()["organization"] == [
        "Trường này là bắt buộc."
    ]
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    tree: Tree, admin_api: Client, settings: Any
) -> None:
    settings.DANGBO_IMPORT_MAX_BYTES = 64

    response = upload(admin_api, tree.cell_a)

    assert response.status_code == 400
    assert "vượt giới hạn" in response.json()["file"][0]
    assert not ImportJob.objects.exists()


def test_the_secretary_never_sees_jobs_of_the_sibling_cell(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    theirs = job_of(tree, tree.cell_b)
    mine = job_of(tree, tree.cell_a)
    client = client_for(secretary_a)

    listed = client.get(API).json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    for suffix in ("", "mapping/", "errors/"):
        assert client.get(f"{API}{theirs.pk}/{suffix}").status_code == 404
    for suffix in ("check/", "commit/", "cancel/", "revert/", "mapping/"):
        assert post(client, f"{API}{theirs.pk}/{suffix}").status_code == 404
    refused = upload(client, tree.cell_b)
    assert refused.status_code == 400
    assert "ngoài phạm vi" in refused.json()["organization"][0]
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.UPLOADED
    assert ImportJob.objects.count() == 2


def test_a_user_who_sees_but_may_not_edit_gets_403(tree: Tree, client_for: Any) -> None:
    job = job_of(tree, tree.cell_a)
    client = client_for(user_with(tree, tree.commune, Role.COMMITTEE))

    assert client.get(f"{API}{job.pk}/").status_code == 200
    for suffix in ("check/", "commit/", "revert/", "mapping/"):
        assert post(client, f"{API}{job.pk}/{suffix}").status_code == 403
    assert upload(client, tree.cell_a).status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED
    assert ImportJob.objects.count() == 1


def test_importing_units_needs_the_structure_right(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    text = "Mã;Tên;Loại;Ngày thành lập\nTN.AB.1.1;Tổ một;Tổ đảng;01/01/2021\n"

    refused = upload(client_for(secretary_a), tree.cell_a, text, spec="organizations")

    assert refused.status_code == 403
    assert not ImportJob.objects.exists()


def test_revert_through_the_api(tree: Tree, admin_api: Client) -> None:
    job = engine.run(job_of(tree), "commit", actor=None)
    units = engine.run(
        services.upload_file(
            actor=None,
            organization=tree.commune,
            spec="organizations",
            file_name="to-chuc.csv",
            data="Mã;Tên;Loại;Ngày thành lập\nTN.AB.9;Chi bộ Chín;Chi bộ;01/01/2021\n".encode(),
        )[0],
        "commit",
        actor=None,
    )
    assert job.status == units.status == JobStatus.DONE

    reverted = post(admin_api, f"{API}{job.pk}/revert/")
    refused = post(admin_api, f"{API}{units.pk}/revert/")

    assert reverted.status_code == 200 and reverted.json()["status"] == "reverted"
    assert not Member.objects.exists()
    assert refused.status_code == 400
    assert "không bao giờ bị xóa" in refused.json()["non_field_errors"][0]
    assert admin_api.get(f"{API}{units.pk}/").json()["revertible"] is False
    assert Organization.objects.filter(code="TN.AB.9").exists()


def test_only_a_running_job_can_be_cancelled(tree: Tree, admin_api: Client) -> None:
    job = job_of(tree)

    response = post(admin_api, f"{API}{job.pk}/cancel/")

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Chỉ hủy được lần nhập đang chờ hoặc đang xử lý."
    ]


def test_the_list_filters_by_unit_status_and_kind(tree: Tree, admin_api: Client) -> None:
    in_a = job_of(tree, tree.cell_a)
    in_b = engine.run(job_of(tree, tree.cell_b), "check", actor=None)

    by_unit = admin_api.get(API, {"organization": tree.cell_b.pk}).json()
    by_status = admin_api.get(API, {"status": "uploaded"}).json()
    by_spec = admin_api.get(API, {"spec": "organizations"}).json()
    bad = admin_api.get(API, {"status": "x", "organization": str(10**15)})

    assert [r["id"] for r in by_unit["results"]] == [in_b.pk]
    assert [r["id"] for r in by_status["results"]] == [in_a.pk]
    assert by_spec["results"] == []
    assert bad.status_code == 400 and set(bad.json()) == {"status", "organization"}


def test_the_mapping_counts_every_row_of_a_sheet_longer_than_its_head(
    tree: Tree, admin_api: Client
) -> None:
    many = "".join(
        f"{n};Đảng viên Số {n};05/03/1980;Nam;Kinh;;10/05/2005;10/05/2006\n"
        for n in range(1, engine.HEAD_ROWS + 100)
    )
    job = upload(admin_api, tree.cell_a, HEADER + many).json()
    mapping = admin_api.get(f"{API}{job['id']}/mapping/").json()
    assert mapping["sheets"][0]["rows"] == engine.HEAD_ROWS + 100  # the header and 399 rows
