"""The import flow end to end through the services and the engine (no pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, ImportRecord, JobStatus
from dangbo.members.models import Member, MemberEvent, MemberStatus
from dangbo.members.statistics import Period, Read, member_statistics, tallies

HEADER = (
    "STT;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số CCCD;Số thẻ đảng viên;Ngày vào Đảng;"
    "Ngày chính thức\n"
)
ROWS = (
    "1;Nguyễn Văn An;05/03/1980;Nam;Kinh;012345678901;01234567;10/05/2005;10/05/2006\n"
    "2;Trần Thị Bình;1975;Nữ;Khơ-me;;;02/09/2010;02/09/2011\n"
    "3;Lê Văn Cường;12/12/1990;Nam;Kinh;;;15/01/2026;\n"
)


def upload(tree: Tree, text: str, actor: User | None = None, org=None) -> ImportJob:
    job, _ = services.upload_file(
        actor=actor,
        organization=org or tree.cell_a,
        spec="members",
        file_name="ds.csv",
        data=("\ufeff" + text).encode("utf-8"),
    )
    return job


def test_a_dry_run_counts_rows_and_writes_nothing(tree: Tree) -> None:
    job = engine.run(upload(tree, HEADER + ROWS), "check", actor=None)
    assert job.status == JobStatus.CHECKED, job.message
    assert job.counts["new"] == 3
    assert job.counts["invalid"] == 0
    assert not Member.objects.exists()
    assert any("năm sinh 1975" in n for n in job.notices)


def test_commit_enters_members_with_their_events_and_states(tree: Tree) -> None:
    job = engine.run(upload(tree, HEADER + ROWS), "commit", actor=None)
    assert job.status == JobStatus.DONE, job.message
    an = Member.objects.get(full_name="Nguyễn Văn An")
    assert an.status == MemberStatus.OFFICIAL
    assert an.organization == tree.cell_a
    assert an.card_number == "01234567"
    assert an.national_id == "012345678901"
    assert an.name_folded == "nguyen van an"
    binh = Member.objects.get(full_name="Trần Thị Bình")
    assert binh.birth_year_only and binh.birth_date.year == 1975
    assert binh.ethnicity is not None and binh.ethnicity.name == "Khơ-me"
    cuong = Member.objects.get(full_name="Lê Văn Cường")
    assert cuong.status == MemberStatus.PROBATIONARY
    assert MemberEvent.objects.filter(member=an).count() == 2
    assert ImportRecord.objects.filter(job=job).count() == 3
    assert AuditEvent.objects.filter(action="import.commit").exists()


def test_reimporting_the_same_file_changes_nothing(tree: Tree) -> None:
    engine.run(upload(tree, HEADER + ROWS), "commit", actor=None)
    again = engine.run(upload(tree, HEADER + ROWS), "check", actor=None)
    assert again.counts["unchanged"] == 3, again.errors


def test_one_bad_row_refuses_the_whole_file(tree: Tree) -> None:
    bad = ROWS + "4;Phạm Văn Dũng;31/02/1980;Nam;Kinh;;;01/01/2010;01/01/2011\n"
    job = engine.run(upload(tree, HEADER + bad), "commit", actor=None)
    assert job.status == JobStatus.FAILED
    assert not Member.objects.exists()
    check = engine.run(upload(tree, HEADER + bad), "check", actor=None)
    assert check.counts["invalid"] == 1
    (error,) = check.errors
    assert error["row"] == 5 and error["field"] == "birth_date"
    assert "31/02/1980" in error["reason"]


def test_skip_invalid_writes_the_good_rows(tree: Tree) -> None:
    bad = ROWS + "4;Phạm Văn Dũng;31/02/1980;Nam;Kinh;;;01/01/2010;01/01/2011\n"
    job = upload(tree, HEADER + bad)
    job.skip_invalid = True
    job.save()
    job = engine.run(job, "commit", actor=None)
    assert job.status == JobStatus.DONE, job.message
    assert Member.objects.count() == 3
    assert job.counts["skipped"] == 1


def test_two_rows_with_the_same_card_are_refused(tree: Tree) -> None:
    dup = ROWS + "4;Phạm Văn Dũng;01/01/1980;Nam;Kinh;;01234567;01/01/2010;01/01/2011\n"
    job = engine.run(upload(tree, HEADER + dup), "check", actor=None)
    assert job.counts["invalid"] == 1
    assert "Trùng với dòng 2" in job.errors[0]["reason"]


def test_a_name_typed_twice_in_other_capitals_or_without_accents_is_one_person_twice(
    tree: Tree,
) -> None:
    # The roll is matched to its records by the folded name (with birth date and unit): a
    # file must not hold the same person twice in forms that fold alike.
    twins = (
        "4;NGUYỄN VĂN AN;05/03/1980;Nam;Kinh;;;10/05/2005;10/05/2006\n"
        "5;Nguyen Van An;05/03/1980;Nam;Kinh;;;10/05/2005;10/05/2006\n"
    )
    job = engine.run(upload(tree, HEADER + ROWS + twins), "check", actor=None)
    assert job.counts["invalid"] == 2
    assert [e["row"] for e in job.errors] == [5, 6]
    reasons = [error["reason"] for error in job.errors]
    assert reasons == [
        "Trùng với dòng 2: NGUYỄN VĂN AN, sinh 05/03/1980, Chi bộ Ấp Một.",
        "Trùng với dòng 2: Nguyen Van An, sinh 05/03/1980, Chi bộ Ấp Một.",
    ]
    job = engine.run(upload(tree, HEADER + ROWS + twins), "commit", actor=None)
    assert job.status == JobStatus.FAILED
    assert not Member.objects.exists()


def test_revert_removes_what_the_import_created(tree: Tree) -> None:
    job = engine.run(upload(tree, HEADER + ROWS), "commit", actor=None)
    services.revert_job(actor=None, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.REVERTED
    assert not Member.objects.exists()
    assert not MemberEvent.objects.exists()


def test_an_update_fills_in_facts_and_revert_puts_them_back(tree: Tree) -> None:
    engine.run(upload(tree, HEADER + ROWS), "commit", actor=None)
    more = "Họ và tên;Số thẻ đảng viên;Ngày sinh;Nghề nghiệp;Ngày vào Đảng;Giới tính\n"
    more += "Nguyễn Văn An;01234567;05/03/1980;Giáo viên;10/05/2005;Nam\n"
    job = engine.run(upload(tree, more), "commit", actor=None)
    assert job.counts["updated"] == 1, job.errors
    assert Member.objects.get(card_number="01234567").occupation == "Giáo viên"
    services.revert_job(actor=None, job=job)
    assert Member.objects.get(card_number="01234567").occupation == ""


def test_a_unit_outside_the_import_is_reported_as_unknown(tree: Tree) -> None:
    text = "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Chi bộ\n"
    text += "Ngô Văn E;01/01/1980;Nam;01/01/2010;Chi bộ Ấp Hai\n"
    job = engine.run(upload(tree, text), "check", actor=None)
    assert job.counts["invalid"] == 1
    assert "Không có chi bộ «Chi bộ Ấp Hai»" in job.errors[0]["reason"]


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage", b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload(tree: Tree, data: bytes) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.upload_file(
            actor=None, organization=tree.cell_a, spec="members", file_name="x.xlsx", data=data
        )
    assert not ImportJob.objects.exists()


def test_a_phone_number_keeps_its_spaces_and_reimports_unchanged(tree: Tree) -> None:
    text = "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Điện thoại\n"
    text += "Ngô Văn Én;01/01/1980;Nam;01/01/2010;0913 123 456\n"
    engine.run(upload(tree, text), "commit", actor=None)
    assert Member.objects.get().phone == "0913 123 456"
    again = engine.run(upload(tree, text), "check", actor=None)
    assert again.counts["unchanged"] == 1


def test_a_twin_by_name_birth_and_unit_is_refused_by_the_dry_run_as_by_the_commit(
    tree: Tree,
) -> None:
    twin = ROWS + "4;Nguyễn Văn An;05/03/1980;Nam;Kinh;;07654321;10/05/2005;10/05/2006\n"
    job = engine.run(upload(tree, HEADER + twin), "check", actor=None)
    assert job.counts["invalid"] == 1
    assert "Trùng với dòng 2" in job.errors[0]["reason"]


def test_a_record_is_found_by_name_other_name_and_birth_date_not_by_name_alone(
    tree: Tree,
) -> None:
    text = "Họ và tên;Tên gọi khác;Ngày sinh;Giới tính;Ngày vào Đảng\n"
    text += "Võ Văn Kiệt;Sáu Dân;05/03/1980;Nam;01/01/2010\n"
    text += "Võ Văn Kiệt;;06/03/1980;Nam;01/01/2010\n"
    assert engine.run(upload(tree, text), "commit", actor=None).counts["new"] == 2
    again = engine.run(upload(tree, text), "check", actor=None)
    assert again.counts["unchanged"] == 2, again.errors
    # The same name born on another day is another person.
    other = "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng\nVõ Văn Kiệt;07/03/1980;Nam;01/01/2010\n"
    assert engine.run(upload(tree, other), "check", actor=None).counts["new"] == 1


def test_a_card_or_cccd_held_outside_the_unit_is_taken_without_saying_by_whom(
    tree: Tree,
) -> None:
    engine.run(upload(tree, HEADER + ROWS, org=tree.cell_b), "commit", actor=None)
    text = HEADER + "1;Đỗ Văn Phúc;01/01/1980;Nam;Kinh;;01234567;01/01/2010;01/01/2011\n"
    text += "2;Đỗ Thị Quý;01/01/1981;Nữ;Kinh;012345678901;;01/01/2010;01/01/2011\n"
    job = engine.run(upload(tree, text, org=tree.cell_a), "check", actor=None)
    assert job.counts["invalid"] == 2
    reasons = [e["reason"] for e in job.errors]
    assert reasons == [
        "Số thẻ 01234567 đã có ở đảng viên khác.",
        "Số CCCD 012345678901 đã có ở đảng viên khác.",
    ]
    assert not any("Nguyễn Văn An" in r or "Ấp Hai" in r for r in reasons)


def test_the_garbage_collector_is_paused_during_the_rows_and_back_on_after(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from dangbo.imports.engine import jobs

    seen: list[bool] = []
    real_writer = jobs.progress_writer

    def spy(job: ImportJob) -> Any:
        write = real_writer(job)

        def progress(done: int, total: int) -> None:
            seen.append(gc.isenabled())
            write(done, total)

        return progress

    monkeypatch.setattr(jobs, "progress_writer", spy)
    assert engine.run(upload(tree, HEADER + ROWS), "commit", actor=None).status == JobStatus.DONE
    bad = HEADER + ROWS + "4;Phạm Văn Dũng;31/02/1980;Nam;Kinh;;;01/01/2010;01/01/2011\n"
    assert engine.run(upload(tree, bad), "commit", actor=None).status == JobStatus.FAILED
    assert seen == [False, False] and gc.isenabled()


def test_the_statistics_kept_per_unit_follow_an_import_and_its_revert(
    tree: Tree, province_admin: User
) -> None:
    # Rows entered in bulk are audited once, at the unit of the import: the counts kept per
    # unit recount that subtree, so today's tables still match the roll counted live.
    tallies.rebuild()
    year = Period(date(today().year, 1, 1), today())

    def assert_agree(on_roll: int) -> None:
        for unit in (tree.root, tree.commune, tree.cell_a):
            assert tallies.tallied_counts(province_admin, unit) is not None
            kept = member_statistics(province_admin, unit, today(), year)
            assert kept == member_statistics(province_admin, unit, today(), year, read=Read.CACHE)
        assert kept.table("status").total.values[0] == on_roll

    job = engine.run(upload(tree, HEADER + ROWS), "commit", actor=None)
    assert_agree(3)
    services.revert_job(actor=None, job=job)
    assert_agree(0)


def test_the_pages_read_the_head_and_the_run_still_imports_every_row(tree: Tree) -> None:
    rows = "".join(
        f"{n};Đảng viên Số {n};05/03/1980;Nam;Kinh;;;10/05/2005;10/05/2006\n"
        for n in range(1, engine.HEAD_ROWS + 51)
    )
    job = upload(tree, HEADER + rows)
    head = engine.open_workbook(job, head=True).sheets[0]
    assert len(head.rows) == engine.HEAD_ROWS and head.total_rows == engine.HEAD_ROWS + 51
    # Given the head by mistake, the run reads the file whole rather than import a part.
    done = engine.run(job, "commit", actor=None, workbook=engine.open_workbook(job, head=True))
    assert done.status == JobStatus.DONE, done.message
    assert done.counts["new"] == engine.HEAD_ROWS + 50
    assert Member.objects.filter(organization=tree.cell_a).count() == engine.HEAD_ROWS + 50


def test_a_value_repeated_down_the_roll_is_refused_on_every_row_that_has_it(tree: Tree) -> None:
    rows = (
        "1;Nguyễn Văn An;05/03/1980;Nam;Kinhh;;;10/05/2005;10/05/2006\n"
        "2;Trần Văn Bình;05/03/1981;Nam;Kinhh;;;10/05/2005;31/02/2006\n"
        "3;Lê Văn Cường;05/03/1982;Nam;Kinh;;;10/05/2005;31/02/2006\n"
    )
    job = engine.run(upload(tree, HEADER + rows), "check", actor=None)
    refused = sorted((e["row"], e["field"]) for e in job.errors)
    assert refused == [
        (2, "ethnicity"),
        (3, "ethnicity"),
        (3, "official_on"),
        (4, "official_on"),
    ]
    reasons = {e["reason"] for e in job.errors if e["field"] == "ethnicity"}
    assert len(reasons) == 1 and "Kinhh" in reasons.pop()
