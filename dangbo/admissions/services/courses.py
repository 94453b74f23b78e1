"""Awareness courses (lớp bồi dưỡng nhận thức về Đảng): roster and results.

A course is opened by a committee for the candidates of the cells below it; only candidates
waiting for the course (stage «Chi bộ xác định quần chúng ưu tú») are enrolled. A pass moves
the candidate to the COURSE stage with the certificate date, which is never before the course
ends (the certificate is issued at the close) nor after today. An enrolment is never deleted:
a candidate who leaves before the result is marked withdrawn (DESIGN rule 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
    Stage,
)
from dangbo.admissions.services.base import (
    allowed,
    audit,
    clean_text,
    past,
)
from dangbo.admissions.services.transitions import pass_course
from dangbo.admissions.stages import stage_label
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.orgs.models import Organization

# --- Courses -------------------------------------------------------------------------------


def _course_fields(title: str, starts_on: date, ends_on: date, place: str) -> dict[str, object]:
    name = clean_text(title, "title", 255)
    if not name:
        raise field_error("title", "Nhập tên lớp.")
    if starts_on is None:
        raise field_error("starts_on", "Nhập ngày khai giảng (dd/mm/yyyy).")
    if ends_on is None:
        raise field_error("ends_on", "Nhập ngày bế giảng (dd/mm/yyyy).")
    if ends_on < starts_on:
        raise field_error("ends_on", "Ngày bế giảng không được trước ngày khai giảng.")
    return {
        "title": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "place": clean_text(place, "place", 255),
    }


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
    fields = _course_fields(title, starts_on, ends_on, place)
    course = AwarenessCourse.objects.create(organization=organization, **fields)
    audit(
        actor, "course.create", course, organization,
        title=fields["title"], starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    return course


@transaction.atomic
def update_course(
    *,
    actor: User | None,
    course: AwarenessCourse,
    title: str,
    starts_on: date,
    ends_on: date,
    place: str = "",
) -> AwarenessCourse:
    """Correct a course's name, dates or place. The organiser never changes (the roster was
    enrolled from its cells); dates may not move past a certificate already issued."""
    course = AwarenessCourse.objects.select_for_update().get(pk=course.pk)
    allowed(actor, course.organization)
    fields = _course_fields(title, starts_on, ends_on, place)
    first = (
        CourseEnrolment.objects.filter(course=course, certificate_on__isnull=False)
        .order_by("certificate_on")
        .values_list("certificate_on", flat=True)
        .first()
    )
    if first is not None and ends_on > first:
        raise field_error(
            "ends_on",
            f"Đã cấp giấy chứng nhận ngày {format_date(first)}: ngày bế giảng không được sau "
            "ngày đó.",
        )
    before = {name: getattr(course, name) for name in fields}
    for name, value in fields.items():
        setattr(course, name, value)
    course.save()
    audit(
        actor, "course.update", course, course.organization,
        **{k: v for k, v in fields.items() if before[k] != v},
    )  # fmt: skip
    return course


# --- Roster --------------------------------------------------------------------------------


@transaction.atomic
def enrol_candidate(
    *, actor: User | None, course: AwarenessCourse, candidate: Candidate
) -> CourseEnrolment:
    """Put a candidate of a cell under the organiser, waiting for the course, on its roster
    (a withdrawn enrolment comes back as «Đang học»)."""
    allowed(actor, candidate.organization)
    if not candidate.organization.path.startswith(course.organization.path):
        raise field_error("candidate", "Lớp này do đơn vị khác tổ chức, không dành cho chi bộ.")
    if candidate.stage != Stage.IDENTIFIED:
        raise field_error(
            "candidate",
            f"{candidate.full_name} đang ở bước «{stage_label(candidate.stage)}»: chỉ thêm vào "
            "lớp người chi bộ đã xác định, chưa học lớp nhận thức.",
        )
    enrolment = CourseEnrolment.objects.filter(course=course, candidate=candidate).first()
    if enrolment is not None and enrolment.result != CourseResult.WITHDRAWN:
        raise field_error("candidate", f"{candidate.full_name} đã có trong danh sách lớp.")
    if enrolment is None:
        enrolment = CourseEnrolment.objects.create(course=course, candidate=candidate)
    else:
        enrolment.result = CourseResult.PENDING
        enrolment.save(update_fields=["result"])
    audit(actor, "course.enrol", enrolment, candidate.organization, course=course.pk)
    return enrolment


@transaction.atomic
def enrol_candidates(
    *, actor: User | None, course: AwarenessCourse, candidates: Sequence[Candidate]
) -> list[CourseEnrolment]:
    """Several candidates at once: all are enrolled, or none (every refusal is reported)."""
    if not candidates:
        raise field_error("candidate", "Chọn ít nhất một người để thêm vào lớp.")
    done, errors = [], []
    for candidate in candidates:
        try:
            done.append(enrol_candidate(actor=actor, course=course, candidate=candidate))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"candidate": errors})
    return done


@transaction.atomic
def withdraw_enrolment(*, actor: User | None, enrolment: CourseEnrolment) -> CourseEnrolment:
    """The candidate left the course before passing it: kept on record as «Rút khỏi lớp»."""
    enrolment = (
        CourseEnrolment.objects.select_for_update()
        .select_related("candidate__organization", "course")
        .get(pk=enrolment.pk)
    )
    allowed(actor, enrolment.candidate.organization)
    if enrolment.result == CourseResult.PASSED:
        raise field_error(
            "result",
            f"{enrolment.candidate.full_name} đã được cấp giấy chứng nhận: không rút khỏi lớp.",
        )
    if enrolment.result == CourseResult.WITHDRAWN:
        raise field_error("result", f"{enrolment.candidate.full_name} đã rút khỏi lớp.")
    previous = enrolment.result
    enrolment.result, enrolment.certificate_on = CourseResult.WITHDRAWN, None
    enrolment.save(update_fields=["result", "certificate_on"])
    audit(
        actor, "course.withdraw", enrolment, enrolment.candidate.organization,
        course=enrolment.course_id, previous=previous,
    )  # fmt: skip
    return enrolment


# --- Results -------------------------------------------------------------------------------


def _check_certificate(course: AwarenessCourse, day: date | None) -> date:
    day = past(day, "certificate_on")
    if day < course.ends_on:
        raise field_error(
            "certificate_on",
            "Ngày cấp giấy chứng nhận không được trước ngày bế giảng "
            f"({format_date(course.ends_on)}).",
        )
    return day


@transaction.atomic
def record_course_result(
    *, actor: User | None, enrolment: CourseEnrolment, result: str,
    certificate_on: date | None = None,
) -> CourseEnrolment:  # fmt: skip
    """A pass moves the candidate to the COURSE stage (certificate date = stage date); a
    result already «Đạt» is final (the candidate has moved on)."""
    if result not in (CourseResult.PENDING, CourseResult.PASSED, CourseResult.FAILED):
        raise field_error("result", "Chọn kết quả.")
    name = enrolment.candidate.full_name
    if enrolment.result == CourseResult.WITHDRAWN:
        raise field_error("result", f"{name} đã rút khỏi lớp: thêm lại vào lớp trước khi ghi.")
    if enrolment.result == CourseResult.PASSED:
        raise field_error(
            "result", f"{name} đã đạt và được cấp giấy chứng nhận: không sửa kết quả."
        )
    if result == CourseResult.PASSED:
        on = _check_certificate(enrolment.course, certificate_on)
        try:
            pass_course(actor=actor, candidate=enrolment.candidate, course=enrolment.course, on=on)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError(
                {
                    {"on": "certificate_on", "stage": "result"}.get(k, k): v
                    for k, v in exc.message_dict.items()
                }
            ) from exc
        enrolment.refresh_from_db()
        return enrolment
    if certificate_on is not None:
        raise field_error(
            "certificate_on", "Chỉ ghi ngày cấp giấy chứng nhận khi kết quả là «Đạt»."
        )
    allowed(actor, enrolment.candidate.organization)
    enrolment.result, enrolment.certificate_on = result, None
    enrolment.save()
    audit(actor, "course.result", enrolment, enrolment.candidate.organization, result=result)
    return enrolment


@dataclass(frozen=True)
class ResultRow:
    candidate: Candidate
    result: str
    certificate_on: date | None = None


@transaction.atomic
def record_course_results(
    *, actor: User | None, course: AwarenessCourse, rows: Sequence[ResultRow]
) -> list[CourseEnrolment]:
    """The results of a whole roster in one go: all are written, or none. Rows that do not
    change anything are skipped, so the same form can be sent again; every refusal is
    returned keyed «candidate-<id>» with the person's name."""
    enrolments = {
        e.candidate_id: e
        for e in CourseEnrolment.objects.select_for_update()
        .filter(course=course, candidate__in=[r.candidate.pk for r in rows])
        .select_related("candidate__organization", "course")
    }
    changed: list[CourseEnrolment] = []
    errors: dict[str, list[str]] = {}
    for row in rows:
        key = f"candidate-{row.candidate.pk}"
        enrolment = enrolments.get(row.candidate.pk)
        if enrolment is None:
            errors[key] = [f"{row.candidate.full_name} chưa có trong danh sách lớp."]
            continue
        if (enrolment.result, enrolment.certificate_on) == (row.result, row.certificate_on) or (
            enrolment.result == row.result == CourseResult.PASSED and row.certificate_on is None
        ):
            continue
        try:
            changed.append(
                record_course_result(
                    actor=actor,
                    enrolment=enrolment,
                    result=row.result,
                    certificate_on=row.certificate_on,
                )
            )
        except ValidationError as exc:
            errors[key] = [f"{row.candidate.full_name}: {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return changed
