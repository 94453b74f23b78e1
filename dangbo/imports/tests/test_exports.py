"""The downloads that import back: the full member record, the unit list and the empty forms,
scoped, audited, and written in the forms the import reads."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import Tree
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.formats import format_date
from dangbo.imports.spec import get_spec
from dangbo.imports.tests.test_roundtrip import build_roll, export
from dangbo.members.models import Member

MEMBER_LABELS = [f.label for f in get_spec("members").exported()]


def sheet_rows(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def download(client: Client, name: str, **params: str) -> bytes:
    response = client.get(reverse(f"imports:{name}"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def by_name(rows: list[list[Any]]) -> dict[str, dict[str, Any]]:
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


@pytest.fixture
def admin_client(client_for: Any, province_admin: User) -> Client:
    client: Client = client_for(province_admin)
    return client


def test_the_full_record_has_one_column_per_field_of_the_import_in_its_order(
    tree: Tree, admin_client: Client
) -> None:
    build_roll(tree, 4)

    rows = sheet_rows(export(admin_client, "members-export", tree.commune.pk, "xlsx"))

    assert rows[0] == MEMBER_LABELS
    assert "Nam" not in rows[0] and "Nữ" not in rows[0]  # the tick columns are read only
    assert len(rows) == 5


def test_values_are_written_the_way_the_import_reads_them(tree: Tree, admin_client: Client) -> None:
    roll = build_roll(tree, 6)
    year_only = roll.members[3]
    carded = roll.members[1]

    rows = by_name(sheet_rows(export(admin_client, "members-export", tree.commune.pk, "xlsx")))

    first = rows[roll.members[0].full_name]
    assert first["Giới tính"] == "Nam"
    assert first["Dân tộc"] == "Kinh"
    assert first["Tôn giáo"] == "Không"
    assert first["Lý luận chính trị"] == "Chưa qua đào tạo"
    assert first["Chi bộ"] == "Chi bộ Ấp Một" and first["Mã chi bộ"] == "TN.AB.1"
    assert first["Trạng thái"] == "Chính thức"
    assert first["Số CCCD"] == roll.members[0].national_id
    assert first["Số CCCD"].startswith("0")  # kept as text
    assert first["Điện thoại"] == "0900000000"
    assert first["Giáo dục phổ thông"] == "12/12"
    assert isinstance(first["Ngày vào Đảng"], datetime)
    assert first["Ngày vào Đảng"].date() == roll.members[0].admitted_on
    assert rows[year_only.full_name]["Ngày sinh"] == str(year_only.birth_date.year)
    assert rows[carded.full_name]["Số thẻ đảng viên"] == "00000001"
    assert rows[carded.full_name]["Giới tính"] == "Nữ"
    assert rows[roll.members[5].full_name]["Trạng thái"] == "Dự bị"
    assert rows[roll.members[5].full_name]["Ngày chính thức"] is None


def test_csv_writes_dates_as_dd_mm_yyyy_and_codes_with_their_zeros(
    tree: Tree, admin_client: Client
) -> None:
    roll = build_roll(tree, 4)

    rows = by_name(csv_rows(export(admin_client, "members-export", tree.commune.pk, "csv")))

    first = rows[roll.members[0].full_name]
    admitted_on = roll.members[0].admitted_on
    assert admitted_on is not None
    assert first["Ngày vào Đảng"] == format_date(admitted_on)
    assert first["Số CCCD"] == roll.members[0].national_id
    assert rows[roll.members[3].full_name]["Ngày sinh"] == "1953"
    assert rows[roll.members[1].full_name]["Số thẻ đảng viên"] == "00000001"


def test_only_members_on_the_roll_are_exported(tree: Tree, admin_client: Client) -> None:
    roll = build_roll(tree, 2, leavers=True)
    assert roll.exempt is not None and roll.removed is not None

    rows = by_name(sheet_rows(export(admin_client, "members-export", tree.commune.pk, "xlsx")))

    assert roll.exempt.full_name in rows
    assert rows[roll.exempt.full_name]["Trạng thái"] == "Miễn công tác và sinh hoạt"
    assert roll.removed.full_name not in rows
    assert len(rows) == 3


def test_the_secretary_of_cell_a_exports_cell_a_without_personal_fields(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    roll = build_roll(tree, 6)
    in_a = [m for m in roll.members if m.organization_id == tree.cell_a.pk]

    rows = by_name(
        sheet_rows(export(client_for(secretary_a), "members-export", tree.cell_a.pk, "xlsx"))
    )

    assert sorted(rows) == sorted(m.full_name for m in in_a)
    for row in rows.values():
        for label in ("Số CCCD", "Điện thoại", "Nơi thường trú", "Nơi ở hiện nay"):
            assert row[label] is None
    assert rows[in_a[0].full_name]["Nơi sinh"]  # the other facts are there


def test_personal_fields_are_filled_only_in_units_where_the_user_holds_that_right(
    tree: Tree, client_for: Any
) -> None:
    roll = build_roll(tree, 6)
    user = User.objects.create_user(username="office_b", password="x", full_name="Văn Phòng B")
    Grant.objects.create(
        user=user, organization=tree.commune, role=Role.SECRETARY, valid_from=date(2020, 1, 1)
    )
    Grant.objects.create(
        user=user, organization=tree.cell_b, role=Role.OFFICE, valid_from=date(2020, 1, 1)
    )

    rows = by_name(sheet_rows(export(client_for(user), "members-export", tree.commune.pk, "xlsx")))

    a0, b0 = roll.members[0], roll.members[3]  # both have a CCCD, in A and in B
    assert a0.national_id and b0.national_id
    assert rows[a0.full_name]["Số CCCD"] is None
    assert rows[b0.full_name]["Số CCCD"] == b0.national_id


def test_a_unit_out_of_sight_is_not_found_and_nothing_is_audited(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    client = client_for(secretary_a)
    for name in ("members-export", "organizations-export"):
        for org in (tree.cell_b.pk, tree.commune.pk, 10**12, "x"):
            response = client.get(reverse(f"imports:{name}"), {"org": org})
            assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


def test_an_unknown_format_is_a_bad_request(tree: Tree, admin_client: Client) -> None:
    for name in ("members-export", "organizations-export", "members-template"):
        response = admin_client.get(reverse(f"imports:{name}"), {"format": "pdf"})
        assert response.status_code == 400


def test_each_export_leaves_an_audit_event(tree: Tree, admin_client: Client) -> None:
    build_roll(tree, 4)

    export(admin_client, "members-export", tree.commune.pk, "csv")
    export(admin_client, "organizations-export", tree.root.pk, "xlsx")

    members = AuditEvent.objects.get(action="export.members")
    assert members.organization_id == tree.commune.pk
    assert members.after["rows"] == 4 and members.after["format"] == "csv"
    assert members.after["columns"][:2] == ["full_name", "other_name"]
    assert members.actor is not None and members.actor.username == "province_admin"
    units = AuditEvent.objects.get(action="export.organizations")
    assert units.after["rows"] == 5


def test_without_org_the_working_unit_is_exported(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    build_roll(tree, 4)

    rows = sheet_rows(download(client_for(secretary_a), "members-export"))

    assert len(rows) == 1 + Member.objects.filter(organization=tree.cell_a).count()


def test_the_template_has_the_importable_columns_and_no_rows(
    tree: Tree, admin_client: Client
) -> None:
    build_roll(tree, 2)

    rows = sheet_rows(download(admin_client, "members-template"))
    units = csv_rows(download(admin_client, "organizations-template", format="csv"))

    assert rows == [[label for label in MEMBER_LABELS if label != "Trạng thái"]]
    assert units == [["Mã", "Tên", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Ngày thành lập"]]


def test_the_unit_list_names_kinds_parents_and_members_on_the_roll(
    tree: Tree, admin_client: Client
) -> None:
    build_roll(tree, 5, leavers=True)  # A: 3 + exempt (on the roll) + removed; B: 2

    rows = sheet_rows(export(admin_client, "organizations-export", tree.root.pk, "xlsx"))

    assert rows[0] == [
        "Mã", "Tên", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Ngày thành lập",
        "Ngày chấm dứt", "Số đảng viên",
    ]  # fmt: skip
    table = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["TN", "TN.AB", "TN.AB.1", "TN.AB.2", "TN.CQD"]
    assert table["TN"][3] == "Đảng bộ tỉnh" and table["TN"][4] is None
    assert table["TN.AB.1"][3] == "Chi bộ trực thuộc" and table["TN.AB.1"][4] == "TN.AB"
    assert table["TN.AB.1"][5] == datetime(2020, 1, 1)
    assert table["TN.AB.1"][7] == 4 and table["TN.AB.2"][7] == 2
    assert table["TN.AB"][7] == 6 and table["TN"][7] == 6 and table["TN.CQD"][7] == 0


def test_the_unit_list_of_a_cell_hides_the_code_of_a_superior_out_of_sight(
    tree: Tree, client_for: Any, secretary_a: User
) -> None:
    rows = csv_rows(export(client_for(secretary_a), "organizations-export", tree.cell_a.pk, "csv"))

    assert rows[1][:5] == ["TN.AB.1", "Chi bộ Ấp Một", "", "Chi bộ trực thuộc", ""]
    assert len(rows) == 2


def test_the_export_reads_the_roll_in_a_bounded_number_of_queries(
    tree: Tree, admin_client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(admin_client, "members-export", tree.commune.pk, "xlsx")
        return len(captured)

    build_roll(tree, 3)
    few = queries()
    build_roll(tree, 20, start=3)

    assert queries() == few
