"""Awareness courses: the services that keep the roster honest and the pages the committee
office (PC) and the cell secretary (phone) use. Today is 01/07/2026 (pipeline.frozen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.admissions import services
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
    Stage,
)
from dangbo.admissions.services import ResultRow
from dangbo.admissions.tests.factories import AwarenessCourseFactory, CandidateFactory
from dangbo.admissions.tests.pipeline import Cell, candidate_at, cell, frozen
from dangbo.audit.models import AuditEvent

__all__ = ["cell", "frozen"]
ClientFor = Callable[[User], Client]
D = dt.date
ENDS = D(2025, 4, 11)  # the factory's course ends on Friday 11/04/2025


@pytest.fixture
def office(cell: Cell) -> User:
    """The commune committee's office: edits every cell under the commune."""
    return make_user("office_commune", "Phạm Văn Xã", cell.tree.commune, Role.SECRETARY)


def enrolled(cell: Cell, org: str = "cell_a", **fields: object) -> Candidate:
    candidate = CandidateFactory.create(organization=getattr(cell.tree, org), **fields)
    services.enrol_candidate(actor=None, course=cell.course, candidate=candidate)
    return candidate


def result_of(candidate: Candidate, course: AwarenessCourse) -> tuple[str, dt.date | None]:
    e = CourseEnrolment.objects.get(candidate=candidate, course=course)
    return e.result, e.certificate_on


# --- Services ------------------------------------------------------------------------------


def test_a_candidate_past_the_course_stage_is_not_enrolled(cell: Cell) -> None:
    trained = candidate_at(cell, Stage.COURSE)
    other = AwarenessCourseFactory.create(organization=cell.tree.commune)

    with pytest.raises(ValidationError) as caught:
        services.enrol_candidate(actor=None, course=other, candidate=trained)

    assert "đang ở bước «Học lớp bồi dưỡng nhận thức về Đảng»" in caught.value.messages[0]
    assert not CourseEnrolment.objects.filter(course=other).exists()


def test_a_candidate_outside_the_organisers_tree_is_not_enrolled(cell: Cell) -> None:
    course_b = AwarenessCourseFactory.create(organization=cell.tree.cell_b)
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    with pytest.raises(ValidationError) as caught:
        services.enrol_candidate(actor=None, course=course_b, candidate=candidate)

    assert caught.value.messages == ["Lớp này do đơn vị khác tổ chức, không dành cho chi bộ."]


def test_a_secretary_cannot_enrol_another_cells_candidate(cell: Cell, secretary_a: User) -> None:
    theirs = CandidateFactory.create(organization=cell.tree.cell_b)

    with pytest.raises(PermissionDenied):
        services.enrol_candidate(actor=secretary_a, course=cell.course, candidate=theirs)
    assert not CourseEnrolment.objects.exists()


def test_enrolling_twice_is_refused(cell: Cell) -> None:
    candidate = enrolled(cell)

    with pytest.raises(ValidationError) as caught:
        services.enrol_candidate(actor=None, course=cell.course, candidate=candidate)

    assert caught.value.messages == [f"{candidate.full_name} đã có trong danh sách lớp."]


def test_enrolling_several_is_all_or_nothing(cell: Cell) -> None:
    fresh = CandidateFactory.create(organization=cell.tree.cell_a)
    trained = candidate_at(cell, Stage.COURSE)
    other = AwarenessCourseFactory.create(organization=cell.tree.commune)

    with pytest.raises(ValidationError):
        services.enrol_candidates(actor=None, course=other, candidates=[fresh, trained])

    assert not CourseEnrolment.objects.filter(course=other).exists()


def test_the_roster_results_are_recorded_in_one_call(cell: Cell, office: User) -> None:
    passing, failing = enrolled(cell), enrolled(cell, "cell_b")

    changed = services.record_course_results(
        actor=office,
        course=cell.course,
        rows=[
            ResultRow(passing, CourseResult.PASSED, D(2025, 4, 14)),
            ResultRow(failing, CourseResult.FAILED),
        ],
    )

    assert len(changed) == 2
    assert result_of(passing, cell.course) == (CourseResult.PASSED, D(2025, 4, 14))
    assert result_of(failing, cell.course) == (CourseResult.FAILED, None)
    moved = Candidate.objects.get(pk=passing.pk)
    assert (moved.stage, moved.course_on) == (Stage.COURSE, D(2025, 4, 14))
    assert Candidate.objects.get(pk=failing.pk).stage == Stage.IDENTIFIED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"course.result", "candidate.advance"} <= actions


def test_a_certificate_before_the_course_ends_refuses_the_whole_roster(cell: Cell) -> None:
    good, early = enrolled(cell), enrolled(cell)

    with pytest.raises(ValidationError) as caught:
        services.record_course_results(
            actor=None,
            course=cell.course,
            rows=[
                ResultRow(good, CourseResult.PASSED, ENDS),
                ResultRow(early, CourseResult.PASSED, D(2025, 4, 10)),
            ],
        )

    assert caught.value.message_dict == {
        f"candidate-{early.pk}": [
            f"{early.full_name}: Ngày cấp giấy chứng nhận không được trước ngày bế giảng "
            "(11/04/2025)."
        ]
    }
    assert result_of(good, cell.course) == (CourseResult.PENDING, None)
    assert Candidate.objects.get(pk=good.pk).stage == Stage.IDENTIFIED


def test_a_pass_needs_a_certificate_date_not_after_today(cell: Cell) -> None:
    candidate = enrolled(cell)
    enrolment = CourseEnrolment.objects.get(candidate=candidate)

    for day, message in [
        (None, "Nhập ngày (dd/mm/yyyy)."),
        (D(2026, 7, 2), "Ngày không được sau ngày hôm nay."),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.record_course_result(
                actor=None, enrolment=enrolment, result=CourseResult.PASSED, certificate_on=day
            )
        assert caught.value.message_dict == {"certificate_on": [message]}
    assert result_of(candidate, cell.course) == (CourseResult.PENDING, None)


def test_a_result_for_someone_not_on_the_roster_is_refused(cell: Cell) -> None:
    stranger = CandidateFactory.create(organization=cell.tree.cell_a)

    with pytest.raises(ValidationError) as caught:
        services.record_course_results(
            actor=None, course=cell.course, rows=[ResultRow(stranger, CourseResult.FAILED)]
        )

    assert caught.value.messages == [f"{stranger.full_name} chưa có trong danh sách lớp."]
    assert not CourseEnrolment.objects.exists()


def test_a_certificate_date_goes_only_with_a_pass(cell: Cell) -> None:
    candidate = enrolled(cell)

    with pytest.raises(ValidationError) as caught:
        services.record_course_results(
            actor=None,
            course=cell.course,
            rows=[ResultRow(candidate, CourseResult.FAILED, ENDS)],
        )

    assert "Chỉ ghi ngày cấp giấy chứng nhận khi kết quả là «Đạt»." in caught.value.messages[0]


def test_a_pass_is_final_and_cannot_be_withdrawn(cell: Cell) -> None:
    candidate = enrolled(cell)
    services.record_course_results(
        actor=None, course=cell.course, rows=[ResultRow(candidate, CourseResult.PASSED, ENDS)]
    )
    enrolment = CourseEnrolment.objects.get(candidate=candidate)

    with pytest.raises(ValidationError, match="không sửa kết quả"):
        services.record_course_result(actor=None, enrolment=enrolment, result=CourseResult.FAILED)
    with pytest.raises(ValidationError, match="không rút khỏi lớp"):
        services.withdraw_enrolment(actor=None, enrolment=enrolment)
    # Sending the same pass again changes nothing and is no error.
    assert (
        services.record_course_results(
            actor=None,
            course=cell.course,
            rows=[ResultRow(candidate, CourseResult.PASSED, ENDS)],
        )
        == []
    )
    assert result_of(candidate, cell.course) == (CourseResult.PASSED, ENDS)


def test_a_withdrawn_candidate_is_kept_on_record_and_may_come_back(cell: Cell) -> None:
    candidate = enrolled(cell)
    enrolment = CourseEnrolment.objects.get(candidate=candidate)

    services.withdraw_enrolment(actor=None, enrolment=enrolment)

    assert result_of(candidate, cell.course) == (CourseResult.WITHDRAWN, None)
    with pytest.raises(ValidationError, match="đã rút khỏi lớp"):
        services.withdraw_enrolment(actor=None, enrolment=enrolment)
    with pytest.raises(ValidationError, match="thêm lại vào lớp trước khi ghi"):
        services.record_course_result(
            actor=None,
            enrolment=CourseEnrolment.objects.get(pk=enrolment.pk),
            result=CourseResult.FAILED,
        )
    services.enrol_candidate(actor=None, course=cell.course, candidate=candidate)
    assert result_of(candidate, cell.course) == (CourseResult.PENDING, None)
    assert AuditEvent.objects.filter(action="course.withdraw").count() == 1


def test_a_course_may_not_end_after_a_certificate_it_issued(cell: Cell) -> None:
    candidate = enrolled(cell)
    services.record_course_results(
        actor=None, course=cell.course, rows=[ResultRow(candidate, CourseResult.PASSED, ENDS)]
    )

    with pytest.raises(ValidationError) as caught:
        services.update_course(
            actor=None,
            course=cell.course,
            title="Lớp đã sửa",
            starts_on=D(2025, 4, 7),
            ends_on=D(2025, 4, 18),
        )

    assert caught.value.message_dict == {
        "ends_on": ["Đã cấp giấy chứng nhận ngày 11/04/2025: ngày bế giảng không được sau ngày đó."]
    }
    assert AwarenessCourse.objects.get(pk=cell.course.pk).title != "Lớp đã sửa"


def test_a_course_cannot_end_before_it_starts(cell: Cell) -> None:
    with pytest.raises(ValidationError) as caught:
        services.update_course(
            actor=None, course=cell.course, title="X", starts_on=ENDS, ends_on=D(2025, 4, 1)
        )

    assert caught.value.messages == ["Ngày bế giảng không được trước ngày khai giảng."]


# --- Pages ---------------------------------------------------------------------------------

LIST = reverse("admissions:course-list")


def detail(course: AwarenessCourse) -> str:
    return reverse("admissions:course-detail", args=[course.pk])


def test_the_list_counts_enrolled_and_passed_and_filters_by_year_and_organiser(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a, b, c = enrolled(cell), enrolled(cell, "cell_b"), enrolled(cell)
    services.record_course_results(
        actor=None, course=cell.course, rows=[ResultRow(a, CourseResult.PASSED, ENDS)]
    )
    services.withdraw_enrolment(actor=None, enrolment=CourseEnrolment.objects.get(candidate=c))
    later = AwarenessCourseFactory.create(
        organization=cell.tree.cell_a, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6)
    )
    client = client_for(office)

    page = client.get(LIST)
    rows = {course.pk: counts for course, counts in page.context["rows"]}
    assert page.status_code == 200
    assert (rows[cell.course.pk].enrolled, rows[cell.course.pk].passed) == (2, 1)
    assert rows[later.pk].enrolled == 0
    assert b.full_name not in page.content.decode()  # counts only, no names

    by_year = client.get(LIST, {"nam": "2026"}).context["rows"]
    assert [course.pk for course, _ in by_year] == [later.pk]
    by_organiser = client.get(LIST, {"to_chuc": str(cell.tree.commune.pk)}).context["rows"]
    assert [course.pk for course, _ in by_organiser] == [cell.course.pk]
    junk = client.get(LIST, {"nam": "abc", "to_chuc": "x'1"})
    assert junk.status_code == 200 and len(junk.context["rows"]) == 2


def test_a_cell_sees_the_communes_course_with_only_its_own_people(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    mine, theirs = enrolled(cell), enrolled(cell, "cell_b")
    client = client_for(secretary_a)

    listed = client.get(LIST)
    page = client.get(detail(cell.course))

    text = page.content.decode()
    assert [c.enrolled for _, c in listed.context["rows"]] == [1]
    assert mine.full_name in text and theirs.full_name not in text
    assert "Sửa lớp" not in text  # the commune's course is not the cell's to edit
    edit = client.get(reverse("admissions:course-edit", args=[cell.course.pk]))
    assert edit.status_code == 403


def test_a_course_of_another_cell_is_404(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    theirs = AwarenessCourseFactory.create(organization=cell.tree.cell_b)
    client = client_for(secretary_a)

    assert client.get(detail(theirs)).status_code == 404
    assert theirs.title not in client.get(LIST).content.decode()
    url = reverse("admissions:course-enrol", args=[theirs.pk])
    assert client.post(url, {"candidate": "1"}).status_code == 404


def test_the_office_opens_a_course_from_the_form(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    client = client_for(office)
    url = reverse("admissions:course-create")
    data = {
        "organization": cell.tree.commune.pk,
        "title": "Lớp nhận thức về Đảng khóa 2 năm 2026",
        "starts_on": "08/06/2026",
        "ends_on": "05/06/2026",
        "place": "Hội trường Đảng ủy xã",
    }

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Ngày bế giảng không được trước ngày khai giảng." in refused.content.decode()
    assert not AwarenessCourse.objects.filter(title=data["title"]).exists()

    response = client.post(url, {**data, "ends_on": "12/06/2026"})
    course = AwarenessCourse.objects.get(title=data["title"])
    assert response.status_code == 302 and response["Location"] == detail(course)
    assert (course.organization, course.ends_on) == (cell.tree.commune, D(2026, 6, 12))


def test_a_secretary_cannot_open_a_course_for_another_unit(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).post(
        reverse("admissions:course-create"),
        {
            "organization": cell.tree.commune.pk,
            "title": "Lớp lạ",
            "starts_on": "08/06/2026",
            "ends_on": "12/06/2026",
        },
    )

    assert response.status_code == 400
    assert "Chọn đơn vị." in response.content.decode()
    assert not AwarenessCourse.objects.filter(title="Lớp lạ").exists()


def test_the_office_edits_a_course(cell: Cell, office: User, client_for: ClientFor) -> None:
    response = client_for(office).post(
        reverse("admissions:course-edit", args=[cell.course.pk]),
        {"title": "Lớp khóa 1/2025", "starts_on": "07/04/2025", "ends_on": "12/04/2025"},
    )

    course = AwarenessCourse.objects.get(pk=cell.course.pk)
    assert response.status_code == 302
    assert (course.title, course.ends_on, course.organization) == (
        "Lớp khóa 1/2025",
        D(2025, 4, 12),
        cell.tree.commune,
    )


def test_the_office_enrols_candidates_waiting_for_the_course(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a = CandidateFactory.create(organization=cell.tree.cell_a)
    b = CandidateFactory.create(organization=cell.tree.cell_b)
    trained = candidate_at(cell, Stage.COURSE)
    client = client_for(office)

    page = client.get(detail(cell.course))
    offered = {c.pk for c in page.context["candidates"]}
    assert offered == {a.pk, b.pk}  # not the one who already passed

    response = client.post(
        reverse("admissions:course-enrol", args=[cell.course.pk]), {"candidate": [a.pk, b.pk]}
    )

    assert response.status_code == 302
    assert set(CourseEnrolment.objects.values_list("candidate", flat=True)) == {
        a.pk,
        b.pk,
        trained.pk,
    }


def test_enrolling_someone_past_the_stage_shows_why_and_writes_nothing(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    trained = candidate_at(cell, Stage.COURSE)
    other = AwarenessCourseFactory.create(organization=cell.tree.commune)
    fresh = CandidateFactory.create(organization=cell.tree.cell_a)

    response = client_for(office).post(
        reverse("admissions:course-enrol", args=[other.pk]), {"candidate": [fresh.pk, trained.pk]}
    )

    assert response.status_code == 400
    assert "chỉ thêm vào lớp người chi bộ đã xác định" in response.content.decode()
    assert not CourseEnrolment.objects.filter(course=other).exists()


def test_enrolling_someone_outside_the_scope_is_refused(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    mine = CandidateFactory.create(organization=cell.tree.cell_a)
    theirs = CandidateFactory.create(organization=cell.tree.cell_b)
    url = reverse("admissions:course-enrol", args=[cell.course.pk])
    client = client_for(secretary_a)

    response = client.post(url, {"candidate": [mine.pk, theirs.pk]})
    empty = client.post(url, {})

    assert response.status_code == 400
    assert "nằm ngoài phạm vi bạn được ghi" in response.content.decode()
    assert theirs.full_name not in response.content.decode()
    assert empty.status_code == 400
    assert "Chọn ít nhất một người" in empty.content.decode()
    assert not CourseEnrolment.objects.exists()
    # Her own candidate she may enrol in the commune's course.
    assert client.post(url, {"candidate": mine.pk}).status_code == 302
    assert CourseEnrolment.objects.get().candidate == mine


def test_the_whole_roster_is_recorded_in_one_request(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a, b, c = enrolled(cell), enrolled(cell, "cell_b"), enrolled(cell)
    url = reverse("admissions:course-results", args=[cell.course.pk])

    response = client_for(office).post(
        url,
        {
            f"result_{a.pk}": "passed",
            f"certificate_{a.pk}": "14/04/2025",
            f"result_{b.pk}": "failed",
            f"certificate_{b.pk}": "",
            f"result_{c.pk}": "pending",
            f"certificate_{c.pk}": "",
        },
    )

    assert response.status_code == 302
    assert result_of(a, cell.course) == (CourseResult.PASSED, D(2025, 4, 14))
    assert result_of(b, cell.course) == (CourseResult.FAILED, None)
    assert result_of(c, cell.course) == (CourseResult.PENDING, None)
    assert Candidate.objects.get(pk=a.pk).stage == Stage.COURSE


def test_a_bad_row_is_shown_beside_it_and_nothing_is_written(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a, b = enrolled(cell), enrolled(cell)
    url = reverse("admissions:course-results", args=[cell.course.pk])

    response = client_for(office).post(
        url,
        {
            f"result_{a.pk}": "passed",
            f"certificate_{a.pk}": "11/04/2025",
            f"result_{b.pk}": "passed",
            f"certificate_{b.pk}": "09/04/2025",
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "không được trước ngày bế giảng (11/04/2025)" in text
    assert response.context["results_form"].errors[f"result_{b.pk}"]
    assert result_of(a, cell.course) == (CourseResult.PENDING, None)


def test_a_typo_in_a_date_or_a_result_is_refused(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a = enrolled(cell)
    url = reverse("admissions:course-results", args=[cell.course.pk])
    client = client_for(office)

    bad_date = client.post(url, {f"result_{a.pk}": "passed", f"certificate_{a.pk}": "31/02/2025"})
    bad_result = client.post(url, {f"result_{a.pk}": "withdrawn", f"certificate_{a.pk}": ""})

    assert bad_date.status_code == 400 and "Ngày không hợp lệ" in bad_date.content.decode()
    assert bad_result.status_code == 400
    assert "Chọn kết quả trong danh sách." in bad_result.content.decode()
    assert result_of(a, cell.course) == (CourseResult.PENDING, None)


def test_a_result_for_someone_not_on_the_roster_is_refused_on_the_page(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a = enrolled(cell)
    stranger = CandidateFactory.create(organization=cell.tree.cell_a)

    response = client_for(office).post(
        reverse("admissions:course-results", args=[cell.course.pk]),
        {
            f"result_{a.pk}": "failed",
            f"certificate_{a.pk}": "",
            f"result_{stranger.pk}": "passed",
            f"certificate_{stranger.pk}": "11/04/2025",
        },
    )

    assert response.status_code == 400
    assert "Người này chưa có trong danh sách lớp." in response.content.decode()
    assert result_of(a, cell.course) == (CourseResult.PENDING, None)
    assert Candidate.objects.get(pk=stranger.pk).stage == Stage.IDENTIFIED


def test_a_member_reads_the_roster_but_records_nothing(
    cell: Cell, member_a: User, client_for: ClientFor
) -> None:
    a = enrolled(cell)
    enrolment = CourseEnrolment.objects.get(candidate=a)
    client = client_for(member_a)

    page = client.get(detail(cell.course))
    results = client.post(
        reverse("admissions:course-results", args=[cell.course.pk]),
        {f"result_{a.pk}": "failed", f"certificate_{a.pk}": ""},
    )
    withdraw = client.post(reverse("admissions:course-withdraw", args=[enrolment.pk]))

    assert page.status_code == 200 and a.full_name in page.content.decode()
    assert page.context["results_form"] is None
    assert results.status_code == 400
    assert withdraw.status_code == 403
    assert result_of(a, cell.course) == (CourseResult.PENDING, None)


def test_the_office_withdraws_an_enrolment_from_the_roster(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a = enrolled(cell)
    enrolment = CourseEnrolment.objects.get(candidate=a)
    client = client_for(office)

    response = client.post(reverse("admissions:course-withdraw", args=[enrolment.pk]))
    again = client.post(reverse("admissions:course-withdraw", args=[enrolment.pk]), follow=True)

    assert response.status_code == 302 and response["Location"] == detail(cell.course)
    assert result_of(a, cell.course) == (CourseResult.WITHDRAWN, None)
    assert "đã rút khỏi lớp." in again.content.decode()
    # The candidate is offered again for the course.
    page = client.get(detail(cell.course))
    assert a.pk in {c.pk for c in page.context["candidates"]}


def test_the_candidate_page_links_to_the_course(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    a = enrolled(cell)

    page = client_for(secretary_a).get(reverse("admissions:candidate-detail", args=[a.pk]))

    assert f'href="{detail(cell.course)}"' in page.content.decode()


def test_the_admissions_pages_link_to_the_course_list(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    for name in ("admissions:candidate-list", "admissions:funnel"):
        assert f'href="{LIST}"' in client.get(reverse(name)).content.decode(), name


def test_the_printable_roster_lists_the_people_on_the_course(
    cell: Cell, office: User, client_for: ClientFor
) -> None:
    a, gone = enrolled(cell), enrolled(cell)
    services.withdraw_enrolment(actor=None, enrolment=CourseEnrolment.objects.get(candidate=gone))

    page = client_for(office).get(reverse("admissions:course-print", args=[cell.course.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert a.full_name in text and gone.full_name not in text
    assert "20/05/2000" in text  # birth date, dd/mm/yyyy


def test_the_course_pages_run_a_bounded_number_of_queries(
    cell: Cell,
    office: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(3):
        AwarenessCourseFactory.create(organization=cell.tree.commune)
    for n in range(12):
        enrolled(cell, "cell_a" if n % 2 else "cell_b")
    CandidateFactory.create(organization=cell.tree.cell_a)
    client = client_for(office)
    client.get(LIST)  # warm the session

    # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(detail(cell.course)).status_code == 200
    with django_assert_max_num_queries(10):
        url = reverse("admissions:course-print", args=[cell.course.pk])
        assert client.get(url).status_code == 200
