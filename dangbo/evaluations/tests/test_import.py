"""Ratings from a spreadsheet through the import engine (issue #8): rows find their member as
the member import does, are checked as the grid checks them, and are written through
services.save_grid; bad rows are refused in Vietnamese and nothing of them is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import services
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import line, members_of, open_for, to_cell_stage
from dangbo.imports import engine
from dangbo.imports import services as import_services
from dangbo.imports.models import ImportJob, ImportRecord, JobStatus
from dangbo.imports.spec import all_specs
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
SPEC = "member_ratings"
HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Số thẻ đảng viên", "Điểm tự chấm",
    "Điểm chi bộ thống nhất", "% nhiệm vụ hoàn thành", "% vượt mức", "Đúng hạn",
    "Nghỉ ốm (ngày)", "Mức đề xuất", "Lý do", "Ghi chú",
]  # fmt: skip


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ĐẢNG BỘ XÃ AN BÌNH"])
    sheet.append(["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐẢNG VIÊN NĂM 2025"])
    sheet.append(header)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(member: Member, score: Any, rating: str = "", **extra: Any) -> list[Any]:
    return [
        member.full_name,
        member.birth_date,
        member.card_number or "",
        extra.get("self_score", ""),
        score,
        extra.get("done", 100),
        extra.get("exceeding", 0),
        extra.get("on_time", "Có"),
        extra.get("sick", ""),
        rating,
        extra.get("reason", ""),
        extra.get("notes", ""),
    ]


def run(org: Organization, data: bytes, action: str = "check", *, skip: bool = False) -> ImportJob:
    job, _ = import_services.upload_file(
        actor=None, organization=org, spec=SPEC, file_name="xep-loai.xlsx", data=data
    )
    if skip:
        ImportJob.objects.filter(pk=job.pk).update(skip_invalid=True)
        job.refresh_from_db()
    return engine.run(job, action, actor=None)


def reasons(job: ImportJob) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in job.errors:
        found[error["row"]] = (found.get(error["row"], "") + " " + error["reason"]).strip()
    return found


@pytest.fixture
def cell_round(tree: Tree) -> EvaluationRound:
    return to_cell_stage(open_for(tree.commune))


def test_the_spec_is_offered_with_its_empty_form(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    assert SPEC in [s.name for s in all_specs()]
    client = client_for(secretary_a)
    page = client.get(reverse("imports:upload")).content.decode()
    assert "Kết quả đánh giá, xếp loại đảng viên" in page
    url = reverse("imports:spec-template", kwargs={"spec_name": SPEC})
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert "mau-nhap-ket-qua-danh-gia-xep-loai-dang-vien" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    texts = {str(c.value) for r in sheet.iter_rows(max_row=5) for c in r if c.value}
    assert {"Số thẻ đảng viên", "Điểm chi bộ thống nhất", "Chi bộ đề xuất", "Lý do"} <= texts
    assert (
        client.get(reverse("imports:spec-template", kwargs={"spec_name": "khong-co"})).status_code
        == 404
    )


def test_a_valid_file_saves_the_cells_proposals_through_the_grid(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    a, b, c = members_of(tree.cell_a, 3)
    (d,) = members_of(tree.cell_b, 1)
    data = xlsx(
        [
            row(a, 92, "HTXSNV", exceeding="30%", reason="Điển hình dân vận khéo"),
            row(b, "85,5", "hoàn thành tốt nhiệm vụ", self_score=88),
            row(c, 60, "", sick=3, notes="Nghỉ ốm 3 ngày"),
            row(d, 75, "Hoan thanh nhiem vu", on_time="Không"),
        ]
    )
    job = run(tree.commune, data)
    assert job.status == JobStatus.CHECKED, job.message
    assert (job.counts["new"], job.counts["invalid"]) == (4, 0), job.errors
    assert not MemberEvaluation.objects.exists()

    job = run(tree.commune, data, "commit")
    assert job.status == JobStatus.DONE, job.message
    saved = {e.member_id: e for e in MemberEvaluation.objects.filter(current=True)}
    assert saved[a.pk].proposed_rating == Rating.EXCELLENT
    assert saved[a.pk].tasks_exceeding_pct == Decimal(30)
    assert saved[b.pk].proposed_rating == Rating.GOOD
    assert (saved[b.pk].score, saved[b.pk].self_score) == (Decimal("85.5"), Decimal(88))
    assert saved[c.pk].proposed_rating == Rating.SATISFACTORY  # blank: what the rules give
    assert (saved[c.pk].sick_leave_days, saved[c.pk].notes) == (3, "Nghỉ ốm 3 ngày")
    assert saved[d.pk].organization == tree.cell_b and not saved[d.pk].tasks_on_time
    # Through save_grid: one audit per cell, and the job keeps what it created.
    assert AuditEvent.objects.filter(action="evaluation.grid_save").count() == 2
    assert ImportRecord.objects.filter(job=job).count() == 4

    # The same file again changes nothing; a blank cell keeps the saved value.
    job = run(tree.commune, data, "commit")
    assert job.counts["unchanged"] == 4, job.errors
    again = xlsx([row(b, 86, "HTTNV")])
    job = run(tree.commune, again, "commit")
    assert job.counts["updated"] == 1
    assert MemberEvaluation.objects.get(member=b, current=True).self_score == Decimal(88)


def test_members_are_found_by_card_or_by_name_and_birth_date(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    a = MemberFactory.create(organization=tree.cell_a)
    Member.objects.filter(pk=a.pk).update(card_number="01234567")  # issued with the card
    b = MemberFactory.create(organization=tree.cell_a)
    # By the card, whatever the name and birth date say; by name without diacritics.
    data = xlsx(
        [
            ["Nguyễn Thị Tên Cũ", "01/01/1901", "01234567", "", 80],
            [b.full_name.upper(), b.birth_date, "", "", 70],
        ]
    )
    job = run(tree.cell_a, data, "commit")
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    assert set(MemberEvaluation.objects.values_list("member_id", flat=True)) == {a.pk, b.pk}


def test_one_member_twice_in_the_file_is_refused_however_the_rows_name_them(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    a = MemberFactory.create(organization=tree.cell_a)
    Member.objects.filter(pk=a.pk).update(card_number="01234567")
    data = xlsx(
        [
            ["Tên Khác Trên Giấy", "01/01/1901", "01234567", "", 80],  # 4: by the card
            [a.full_name.upper(), a.birth_date, "", "", 70],  # 5: the same member, by name
        ]
    )
    job = run(tree.cell_a, data, "commit")
    assert job.status == JobStatus.FAILED
    why = reasons(job)
    assert list(why) == [5]
    assert f"Trùng với dòng 4: {a.full_name}" in why[5], why
    assert not MemberEvaluation.objects.exists()


def test_bad_rows_are_refused_in_vietnamese_and_nothing_of_them_is_written(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    a, b = members_of(tree.cell_a, 2)
    (other,) = members_of(tree.cell_b, 1)
    (far,) = members_of(
        Organization.objects.get_children(tree.agencies).first() or _agency_cell(tree), 1
    )
    stranger = ["Nguyễn Văn Không Có", "01/01/1980", "", "", 80, 100, 0, "Có", "", "", "", ""]
    unit_header = [*HEADER, "Chi bộ"]
    data = xlsx(
        [
            [*row(a, 80, "HTTNV"), "Chi bộ Ấp Một"],  # 4: fine
            [*stranger, ""],  # 5: unknown member
            [*row(other, 80), "Chi bộ Ấp Một"],  # 6: a member of another cell
            [*row(far, 80), ""],  # 7: outside the unit: as unknown
            [*row(b, 120), ""],  # 8: score 120
            [*row(b, 80, "xuất sắc lắm"), ""],  # 9: no such rating
            [*row(b, 70, "HTXSNV"), ""],  # 10: above what the rules allow
            [*row(b, 95, "HTNV"), ""],  # 11: below without a reason
            ["", "", "", "", 80, 100, 0, "", "", "", "", "Chưa rõ tên", ""],  # 12: who?
            [*row(b, "tám mươi"), ""],  # 13: not a number
        ],
        unit_header,
    )
    job = run(tree.commune, data, "commit")
    assert job.status == JobStatus.FAILED
    assert "Có 9 dòng lỗi" in job.message, reasons(job)
    assert not MemberEvaluation.objects.exists()
    why = reasons(job)
    assert 4 not in why
    assert "Không tìm thấy đảng viên Nguyễn Văn Không Có, sinh 01/01/1980" in why[5]
    assert f"{other.full_name} sinh hoạt ở Chi bộ Ấp Hai" in why[6]
    assert "Không tìm thấy đảng viên" in why[7] and "Cơ quan" not in why[7]
    assert "Điểm chi bộ thống nhất 120 không hợp lệ: phải từ 0 đến 100." in why[8]
    assert "Mức đề xuất «xuất sắc lắm» không có trong danh mục" in why[9]
    assert "chỉ được xếp tối đa HTTNV, không được đề xuất HTXSNV" in why[10]
    assert "đề xuất HTNV thấp hơn mức theo quy định (HTTNV): ghi lý do" in why[11]
    assert "Không xác định được đảng viên" in why[12]
    assert "«tám mươi» không phải là số" in why[13]

    # With «Bỏ qua các dòng lỗi» only the good row is written.
    job = run(tree.commune, data, "commit", skip=True)
    assert job.status == JobStatus.DONE, job.message
    assert list(MemberEvaluation.objects.values_list("member_id", flat=True)) == [a.pk]


def _agency_cell(tree: Tree) -> Organization:
    from conftest import make_org
    from dangbo.orgs.models import OrgKind

    return make_org(tree.agencies, OrgKind.CELL, "Chi bộ Cơ quan", "TN.CQD.1")


def test_a_member_admitted_after_the_rating_day_is_not_on_the_list(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    import datetime as dt

    late = MemberFactory.create(
        organization=tree.cell_a,
        decision_date=dt.date(2026, 1, 10),
        admitted_on=dt.date(2026, 1, 10),
        official_on=None,
    )
    job = run(tree.commune, xlsx([row(late, 80)]))
    assert "không có tên trong danh sách đảng viên phải xếp loại" in reasons(job)[4]


def test_a_cell_over_the_quota_without_reasons_is_refused_whole(
    tree: Tree, cell_round: EvaluationRound
) -> None:
    members = members_of(tree.cell_a, 6)
    rows = [row(m, 95, "HTXSNV", exceeding=30) for m in members[:2]]
    rows += [row(m, 80) for m in members[2:]]
    job = run(tree.commune, xlsx(rows), "commit", skip=True)
    assert job.counts["invalid"] == 6
    assert "vượt tỷ lệ tối đa 1" in reasons(job)[4]
    assert "vượt tỷ lệ tối đa 1" in reasons(job)[9]
    assert not MemberEvaluation.objects.exists()
    # With a reason on each HTXSNV row the cell goes in.
    rows[0] = row(members[0], 95, "HTXSNV", exceeding=30, reason="Điển hình của tỉnh")
    rows[1] = row(members[1], 95, "HTXSNV", exceeding=30, reason="Bằng khen Trung ương")
    job = run(tree.commune, xlsx(rows), "commit")
    assert job.status == JobStatus.DONE, job.errors
    assert MemberEvaluation.objects.filter(proposed_rating=Rating.EXCELLENT).count() == 2


def test_the_quota_counts_what_is_already_saved(tree: Tree, cell_round: EvaluationRound) -> None:
    members = members_of(tree.cell_a, 6)
    services.save_grid(
        actor=None,
        round_=cell_round,
        cell=tree.cell_a,
        rows={
            members[0].pk: line(95, exceeding=30, override_reason="Điển hình"),
            **{m.pk: line(80) for m in members[2:]},
        },
    )
    job = run(tree.cell_a, xlsx([row(members[1], 95, "HTXSNV", exceeding=30)]))
    assert "vượt tỷ lệ tối đa 1" in reasons(job)[4]


def test_a_locked_round_or_no_round_refuses_the_job(tree: Tree) -> None:
    (a,) = members_of(tree.cell_a, 1)
    job = run(tree.commune, xlsx([row(a, 80)]))
    assert job.status == JobStatus.FAILED
    assert "Chưa có đợt đánh giá, xếp loại nào bao gồm Đảng bộ xã An Bình" in job.message
    round_ = open_for(tree.commune)
    for stage in ("cell", "committee", "published", "locked"):
        round_ = services.advance_round(actor=None, round_=round_, stage=stage)
        if stage == "committee":
            job = run(tree.cell_a, xlsx([row(a, 80)]))
            assert "đang ở bước «Cấp ủy xem xét, quyết định»" in job.message
    job = run(tree.cell_a, xlsx([row(a, 80)]), "commit")
    assert job.status == JobStatus.FAILED
    assert "Đợt đánh giá năm 2025 của Đảng bộ xã An Bình đã khóa sổ" in job.message
    assert not MemberEvaluation.objects.exists()


def test_a_committed_import_is_not_reverted(tree: Tree, cell_round: EvaluationRound) -> None:
    (a,) = members_of(tree.cell_a, 1)
    job = run(tree.cell_a, xlsx([row(a, 80)]), "commit")
    with pytest.raises(engine.ImportRefused, match="không hoàn tác được"):
        engine.revert(job, actor=None)
    assert MemberEvaluation.objects.count() == 1


def test_a_secretary_imports_only_into_the_cell_she_may_edit(
    tree: Tree, cell_round: EvaluationRound, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    (b,) = members_of(tree.cell_b, 1)
    client = client_for(secretary_a)
    data = xlsx([row(a, 80, "HTTNV"), row(b, 80, "HTTNV")])
    response = client.post(
        reverse("imports:upload"),
        {"organization": tree.cell_b.pk, "spec": SPEC, "file": SimpleUploadedFile("x.xlsx", data)},
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()

    # Into her own cell: the member of cell B is unknown to her, the rest goes in.
    response = client.post(
        reverse("imports:upload"),
        {"organization": tree.cell_a.pk, "spec": SPEC, "file": SimpleUploadedFile("x.xlsx", data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    detail = reverse("imports:job-detail", args=[job.pk])
    assert "Điểm chi bộ thống nhất" in client.get(detail).content.decode()
    client.post(reverse("imports:job-start", args=[job.pk]), {"action": "check"})
    job.refresh_from_db()
    assert (job.counts["new"], job.counts["invalid"]) == (1, 1)
    page = client.get(detail).content.decode()
    assert "Không tìm thấy đảng viên" in page and "Chi bộ Ấp Hai" not in page
    client.post(
        reverse("imports:job-start", args=[job.pk]), {"action": "commit", "skip_invalid": "1"}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    evaluation = MemberEvaluation.objects.get()
    assert (evaluation.member, evaluation.proposed_rating) == (a, Rating.GOOD)
    assert AuditEvent.objects.filter(action="evaluation.grid_save", actor=secretary_a).exists()
