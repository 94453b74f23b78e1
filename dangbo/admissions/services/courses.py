"""Awareness courses (lớp bồi dưỡng nhận thức về Đảng): roster and results."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
)
from dangbo.admissions.services.base import (
    allowed,
    audit,
    clean_text,
    past,
)
from dangbo.admissions.services.transitions import pass_course
from dangbo.core.errors import field_error
from dangbo.orgs.models import Organization

# --- Courses -------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    starts_on: date,
    ends_on: date,
    place: str = "",
) -> AwarenessCourse:
    allowed(actor, organization)
    name = clean_text(title, "title", 255)
    if not name:
        raise field_error("title", "Nhập tên lớp.")
    if ends_on < starts_on:
        raise field_error("ends_on", "Ngày bế giảng không được trước ngày khai giảng.")
    course = AwarenessCourse.objects.create(
        organization=organization,
        title=name,
        starts_on=starts_on,
        ends_on=ends_on,
        place=clean_text(place, "place", 255),
    )
    audit(
        actor, "course.create", course, organization,
        title=name, starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    return course


@transaction.atomic
def enrol_candidate(
    *, actor: User | None, course: AwarenessCourse, candidate: Candidate
) -> CourseEnrolment:
    """Put a candidate of a cell under the organiser on the course's roster."""
    allowed(actor, candidate.organization)
    if not candidate.organization.path.startswith(course.organization.path):
        raise field_error("candidate", "Lớp này do đơn vị khác tổ chức, không dành cho chi bộ.")
    if CourseEnrolment.objects.filter(course=course, candidate=candidate).exists():
        raise field_error("candidate", f"{candidate.full_name} đã có trong danh sách lớp.")
    enrolment = CourseEnrolment.objects.create(course=course, candidate=candidate)
    audit(actor, "course.enrol", enrolment, candidate.organization, course=course.pk)
    return enrolment


@transaction.atomic
def record_course_result(
    *, actor: User | None, enrolment: CourseEnrolment, result: str,
    certificate_on: date | None = None,
) -> CourseEnrolment:  # fmt: skip
    """A pass moves the candidate to the COURSE stage (certificate date = stage date)."""
    if result not in CourseResult.values:
        raise field_error("result", "Chọn kết quả.")
    if result == CourseResult.PASSED:
        pass_course(
            actor=actor,
            candidate=enrolment.candidate,
            course=enrolment.course,
            on=past(certificate_on, "certificate_on"),
        )
        enrolment.refresh_from_db()
        return enrolment
    allowed(actor, enrolment.candidate.organization)
    enrolment.result, enrolment.certificate_on = result, None
    enrolment.save()
    audit(actor, "course.result", enrolment, enrolment.candidate.organization, result=result)
    return enrolment
