"""Importing the list of units: new units are created through the tree's own service, known
ones left alone, renames and moves refused (they are events), nothing outside the subtree
named, and nothing written unless every row is good."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.spec import get_spec
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind

HEADER = "Mã;Tên;Tên viết tắt;Loại;Mã đơn vị cấp trên;Ngày thành lập\n"


def run(
    tree: Tree,
    rows: str,
    action: str = "check",
    *,
    org: Organization | None = None,
    actor: User | None = None,
) -> ImportJob:
    job, _ = services.upload_file(
        actor=actor,
        organization=org or tree.commune,
        spec="organizations",
        file_name="to-chuc.csv",
        data=("\ufeff" + HEADER + rows).encode("utf-8"),
    )
    return engine.run(job, action, actor=actor)


def reasons(job: ImportJob) -> dict[int, str]:
    return {error["row"]: error["reason"] for error in job.errors}


def test_the_spec_is_registered_with_its_columns() -> None:
    spec = get_spec("organizations")

    assert spec.title == "Tổ chức đảng"
    assert [f.label for f in spec.importable()] == [
        "Mã", "Tên", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Ngày thành lập",
    ]  # fmt: skip
    assert [f.key for f in spec.importable() if f.required] == ["code", "name"]


def test_new_units_are_created_under_their_parents_with_their_history(tree: Tree) -> None:
    rows = (
        "TN.AB.3;Chi bộ Ấp Ba;CB Ấp 3;Chi bộ;;01/06/2021\n"
        "TN.AB.3.1;Tổ đảng số 1;;Tổ đảng;TN.AB.3;15/06/2021\n"
        "tn.ab.4;Chi bộ Ấp Bốn;;Chi bộ trực thuộc;TN.AB;02/09/2022\n"
    )

    job = run(tree, rows, "commit")

    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert job.counts["new"] == 3
    third = Organization.objects.get(code="TN.AB.3")
    assert Organization.objects.get_parent(third) == tree.commune
    assert third.kind == OrgKind.CELL and third.short_name == "CB Ấp 3"
    assert third.active_from == date(2021, 6, 1)
    group = Organization.objects.get(code="TN.AB.3.1")
    assert Organization.objects.get_parent(group) == third and group.kind == OrgKind.GROUP
    assert Organization.objects.get(code="TN.AB.4").name == "Chi bộ Ấp Bốn"
    created = OrgEvent.objects.get(organization=third)
    assert created.kind == OrgEventKind.CREATED and "to-chuc.csv" in created.note
    assert job.records.count() == 3


def test_known_units_that_agree_with_the_tree_are_unchanged(tree: Tree) -> None:
    rows = (
        "TN.AB;Đảng bộ xã An Bình;;Đảng bộ cấp trên trực tiếp cơ sở;TN;01/01/2020\n"
        "TN.AB.1;Chi bộ Ấp Một;;Chi bộ trực thuộc;TN.AB;01/01/2020\n"
        "TN.AB.2;Chi bộ Ấp Hai;;;;\n"
    )

    job = run(tree, rows)

    assert job.counts["unchanged"] == 3, job.errors
    assert job.counts["invalid"] == 0


def test_a_rename_a_move_or_a_new_kind_is_refused_as_an_event(tree: Tree) -> None:
    rows = (
        "TN.AB.1;Chi bộ Ấp Một Mới;;;;\n"
        "TN.AB.2;Chi bộ Ấp Hai;;;TN.AB.1;\n"
        "TN.AB;Đảng bộ xã An Bình;;Đảng bộ cơ sở;;\n"
    )

    job = run(tree, rows)

    found = reasons(job)
    assert job.counts["invalid"] == 3
    assert "tên trong hệ thống là «Chi bộ Ấp Một»" in found[2]
    assert "sắp xếp tổ chức" in found[2]
    assert "đơn vị cấp trên trong hệ thống có mã «TN.AB»" in found[3]
    assert "loại tổ chức" in found[4]


def test_a_parent_outside_the_subtree_reads_like_one_that_does_not_exist(tree: Tree) -> None:
    rows = (
        "TN.AB.5;Chi bộ Năm;;Chi bộ;TN.CQD;01/01/2021\n"
        "TN.AB.6;Chi bộ Sáu;;Chi bộ;KHONG.CO;01/01/2021\n"
    )

    job = run(tree, rows)

    found = reasons(job)
    assert found[2] == found[3].replace("KHONG.CO", "TN.CQD")
    assert "Không có đơn vị mã «TN.CQD» trong Đảng bộ xã An Bình" in found[2]


def test_a_code_held_outside_the_subtree_is_taken_without_saying_where(tree: Tree) -> None:
    job = run(tree, "TN.CQD;Chi bộ Mới;;Chi bộ;;01/01/2021\n")

    (error,) = job.errors
    assert error["reason"] == "Mã «TN.CQD» đã được dùng cho tổ chức khác."
    assert "cơ quan" not in error["reason"]


def test_kinds_must_fit_under_their_parent_and_be_known(tree: Tree) -> None:
    rows = (
        "TN.AB.1.X;Đảng bộ con;;Đảng bộ cơ sở;TN.AB.1;01/01/2021\n"
        "TN.AB.7;Đảng bộ bộ phận Bảy;;Đảng bộ bộ phận;;01/01/2021\n"
        "TN.AB.8;Chi bộ Tám;;;;01/01/2021\n"
    )

    job = run(tree, rows)

    found = reasons(job)
    assert found[2] == "Đảng bộ cơ sở không thể trực thuộc chi bộ trực thuộc (Chi bộ Ấp Một)."
    assert "«Đảng bộ bộ phận» không có trong danh mục" in found[3]
    assert "Chi bộ trực thuộc" in found[3]  # the kinds one may write are listed
    assert found[4].startswith("Thiếu loại tổ chức")


def test_founding_dates_must_be_whole_and_not_before_the_parent(tree: Tree) -> None:
    rows = (
        "TN.AB.9;Chi bộ Chín;;Chi bộ;;2021\n"
        "TN.AB.10;Chi bộ Mười;;Chi bộ;;\n"
        "TN.AB.11;Chi bộ Mười Một;;Chi bộ;;01/01/2019\n"
    )

    job = run(tree, rows)

    found = reasons(job)
    assert "cần đủ ngày" in found[2]
    assert found[3].startswith("Thiếu ngày thành lập")
    assert "trước ngày thành lập của Đảng bộ xã An Bình (01/01/2020)" in found[4]


def test_a_child_of_a_bad_row_says_which_row(tree: Tree) -> None:
    rows = "TN.AB.12;;;Chi bộ;;01/01/2021\nTN.AB.12.1;Tổ một;;Tổ đảng;TN.AB.12;01/02/2021\n"

    job = run(tree, rows)

    assert reasons(job)[3] == "Đơn vị cấp trên mã «TN.AB.12» ở dòng 2 có lỗi."


def test_two_rows_with_the_same_code_are_refused(tree: Tree) -> None:
    rows = "TN.AB.13;Chi bộ A;;Chi bộ;;01/01/2021\nTN.AB.13;Chi bộ B;;Chi bộ;;01/01/2021\n"

    job = run(tree, rows)

    assert job.counts["invalid"] == 1
    assert "Trùng với dòng 2" in reasons(job)[3]


def test_a_dissolved_parent_takes_no_new_unit(tree: Tree) -> None:
    org_services.dissolve_organization(
        actor=None, org=tree.cell_b, decision=org_services.Decision(effective_on=date(2024, 1, 1))
    )

    job = run(tree, "TN.AB.2.1;Tổ một;;Tổ đảng;TN.AB.2;01/02/2024\n")

    assert "đã chấm dứt hoạt động từ 01/01/2024" in job.errors[0]["reason"]


def test_one_bad_row_writes_nothing(tree: Tree) -> None:
    before = Organization.objects.count()
    rows = "TN.AB.14;Chi bộ 14;;Chi bộ;;01/01/2021\nTN.AB.15;Chi bộ 15;;Chi bộ;;31/02/2021\n"

    job = run(tree, rows, "commit")

    assert job.status == JobStatus.FAILED
    assert "1 dòng lỗi" in job.message
    assert Organization.objects.count() == before


def test_skipping_bad_rows_writes_the_good_ones(tree: Tree) -> None:
    job, _ = services.upload_file(
        actor=None,
        organization=tree.commune,
        spec="organizations",
        file_name="to-chuc.csv",
        data=(HEADER + "TN.AB.16;Chi bộ 16;;Chi bộ;;01/01/2021\nTN.AB.17;;;Chi bộ;;\n").encode(),
    )
    job.skip_invalid = True
    job.save()

    job = engine.run(job, "commit", actor=None)

    assert job.status == JobStatus.DONE, job.message
    assert job.counts == {**job.counts, "new": 1, "skipped": 1}
    assert Organization.objects.filter(code="TN.AB.16").exists()


def test_a_user_without_the_structure_right_cannot_import_units(
    tree: Tree, secretary_a: User
) -> None:
    before = Organization.objects.count()

    job = run(
        tree,
        "TN.AB.1.1;Tổ một;;Tổ đảng;;01/01/2021\n",
        "commit",
        org=tree.cell_a,
        actor=secretary_a,
    )

    assert job.status == JobStatus.FAILED
    assert "không có quyền thay đổi cơ cấu tổ chức của Chi bộ Ấp Một" in job.message
    assert Organization.objects.count() == before


def test_the_province_administrator_imports_units(tree: Tree, province_admin: User) -> None:
    job = run(
        tree, "TN.AB.1.1;Tổ một;;Tổ đảng;TN.AB.1;01/01/2021\n", "commit", actor=province_admin
    )

    assert job.status == JobStatus.DONE, job.message
    group = Organization.objects.get(code="TN.AB.1.1")
    assert Organization.objects.get_parent(group) == tree.cell_a


def test_an_import_of_units_is_never_reverted(tree: Tree) -> None:
    job = run(tree, "TN.AB.18;Chi bộ 18;;Chi bộ;;01/01/2021\n", "commit")
    assert job.status == JobStatus.DONE

    with pytest.raises(ValidationError) as refused:
        services.revert_job(actor=None, job=job)

    assert "không bao giờ bị xóa" in refused.value.messages[0]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Organization.objects.filter(code="TN.AB.18").exists()
    assert get_spec("organizations").revertible is False
