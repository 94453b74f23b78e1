"""Phát triển đảng viên in the bithu's commune: awareness courses with their rosters and
results, and eleven candidates, at least one at every stage of dangbo.admissions — from the
quần chúng ưu tú the cell has just named to the one recognised as an official member (a Member
through the member services) — and one whose ceremony is past its working-day deadline.

Every date is fixed; the stage dates of the cell's votes fall on its monthly meeting (the 10th),
so those meetings list the vote in their agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dangbo.admissions import services as admission_services
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    CourseEnrolment,
    CourseResult,
    SponsorRole,
    Stage,
)
from dangbo.admissions.votes import official_count
from dangbo.demo.names import person_name
from dangbo.demo.party_life.context import LAST_HELD, Context, child_cells, officials
from dangbo.members import services as member_services
from dangbo.members.models import Ethnicity, Member, Religion, Sex
from dangbo.orgs.models import Organization

D = date
OCCUPATIONS = ("Giáo viên", "Công chức", "Viên chức y tế", "Kinh doanh", "Nuôi trồng thủy sản")


@dataclass(frozen=True)
class CoursePlan:
    key: str
    title: str
    starts_on: date
    ends_on: date
    certificate_on: date


COURSES = (
    CoursePlan("2025-1", "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2025",
               D(2025, 7, 21), D(2025, 7, 25), D(2025, 7, 28)),
    CoursePlan("2026-1", "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
               D(2026, 1, 12), D(2026, 1, 16), D(2026, 1, 19)),
    CoursePlan("2026-2", "Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2026",
               D(2026, 10, 5), D(2026, 10, 9), D(2026, 10, 12)),
    # Opened on 30/11/2026: its students are still studying on 01/12/2026.
    CoursePlan("2026-3", "Lớp bồi dưỡng nhận thức về Đảng khóa III năm 2026",
               D(2026, 11, 30), D(2026, 12, 4), D(2026, 12, 7)),
)  # fmt: skip


@dataclass(frozen=True)
class CandidatePlan:
    """One candidate's path. `cell` 0 is the bithu's cell, 1 and 2 two other cells of the
    commune (the bithu's cell when the commune has no others). A date left None is a stage
    not reached."""

    cell: int
    female: bool
    born: date
    identified: date
    course: str
    result: str = CourseResult.PASSED
    file: date | None = None
    resolution: date | None = None
    committee: date | None = None
    decision: date | None = None
    received: date | None = None
    ceremony: date | None = None
    vote: date | None = None
    official: date | None = None


PLANS = (
    # Official: admitted 19/09/2025, recognised after 12 months of probation.
    CandidatePlan(0, False, D(1996, 4, 12), D(2025, 7, 10), "2025-1", file=D(2025, 8, 5),
                  resolution=D(2025, 8, 10), committee=D(2025, 8, 20), decision=D(2025, 9, 5),
                  received=D(2025, 9, 8), ceremony=D(2025, 9, 19), vote=D(2026, 10, 10),
                  official=D(2026, 10, 26)),
    # The cell voted on recognition; the decision is awaited (due by early December).
    CandidatePlan(0, True, D(1999, 11, 3), D(2025, 7, 10), "2025-1", file=D(2025, 8, 25),
                  resolution=D(2025, 9, 10), committee=D(2025, 9, 22), decision=D(2025, 10, 6),
                  received=D(2025, 10, 8), ceremony=D(2025, 10, 24), vote=D(2026, 11, 10)),
    # Probationary since the ceremony on 19/05/2026.
    CandidatePlan(0, False, D(2001, 8, 22), D(2025, 12, 10), "2026-1", file=D(2026, 3, 2),
                  resolution=D(2026, 3, 10), committee=D(2026, 3, 25), decision=D(2026, 4, 20),
                  received=D(2026, 4, 22), ceremony=D(2026, 5, 19)),
    # Overdue: the decision reached the cell on 24/08/2026 and no ceremony followed within
    # 30 working days.
    CandidatePlan(0, True, D(1998, 2, 14), D(2025, 12, 10), "2026-1", file=D(2026, 5, 25),
                  resolution=D(2026, 6, 10), committee=D(2026, 7, 6), decision=D(2026, 8, 20),
                  received=D(2026, 8, 24)),
    CandidatePlan(0, False, D(2003, 5, 30), D(2026, 3, 10), "2026-2", file=D(2026, 11, 24)),
    CandidatePlan(0, True, D(2005, 9, 9), D(2026, 11, 10), "2026-3", result=CourseResult.PENDING),
    # The decision of 16/11/2026: the ceremony is due by the end of December.
    CandidatePlan(1, True, D(1997, 12, 1), D(2025, 12, 10), "2026-1", file=D(2026, 8, 20),
                  resolution=D(2026, 9, 10), committee=D(2026, 10, 5), decision=D(2026, 11, 16),
                  received=D(2026, 11, 18)),
    CandidatePlan(2, False, D(2000, 1, 19), D(2026, 3, 10), "2026-2", file=D(2026, 10, 26),
                  resolution=D(2026, 11, 10), committee=D(2026, 11, 20)),
    CandidatePlan(2, True, D(2002, 6, 6), D(2025, 12, 10), "2026-1", file=D(2026, 10, 28),
                  resolution=D(2026, 11, 10)),
    CandidatePlan(1, False, D(2004, 3, 27), D(2026, 6, 10), "2026-2"),
    CandidatePlan(1, False, D(1994, 10, 15), D(2026, 6, 10), "2026-2", result=CourseResult.FAILED),
)  # fmt: skip


@dataclass
class AdmissionStats:
    courses: int = 0
    candidates: int = 0
    admitted: list[Member] | None = None
    # Agenda items of the cells' meetings: (cell id, day) → what the cell voted on.
    agenda: dict[tuple[int, date], list[str]] | None = None


def _number(ctx: Context, suffix: str) -> str:
    return f"{ctx.rng.randint(10, 299)}-{suffix}"


def _votes(cell: Organization, on: date, against: int = 0) -> tuple[int, int]:
    total = official_count(cell, on)
    absent = max(1, total // 10)
    return total - absent - against, against


def _sponsors(ctx: Context, cell: Organization, since: date, until: date) -> list[Member]:
    later = {m.pk for m in officials(cell, until)}
    pool = [m for m in officials(cell, since) if m.pk in later and m.user_id is None]
    return ctx.rng.sample(pool, 2)


def _advance(ctx: Context, candidate: Candidate, plan: CandidatePlan) -> Candidate:
    s = admission_services
    actor = ctx.actor_for(candidate.organization)
    cell = candidate.organization
    if plan.file is not None:
        since = plan.file - timedelta(days=14)
        until = min(plan.ceremony or plan.file, LAST_HELD)
        for member, role in zip(
            _sponsors(ctx, cell, since, until), (SponsorRole.FIRST, SponsorRole.SECOND), strict=True
        ):
            s.add_sponsor(actor=actor, candidate=candidate, member=member, role=role, since=since)
        s.update_papers(
            actor=actor,
            candidate=candidate,
            paper_history=True,
            paper_mass_org=True,
            paper_verification=True,
        )
        candidate = s.complete_file(actor=actor, candidate=candidate, on=plan.file)
    elif plan.result == CourseResult.PASSED:
        # Still gathering the file: the life history is in, one sponsor so far.
        s.update_papers(actor=actor, candidate=candidate, paper_history=True)
        since = plan.identified + timedelta(days=120)
        member = _sponsors(ctx, cell, since, LAST_HELD)[0]
        s.add_sponsor(
            actor=actor, candidate=candidate, member=member, role=SponsorRole.FIRST, since=since
        )
    if plan.resolution is not None:
        votes_for, against = _votes(cell, plan.resolution)
        candidate = s.pass_cell_resolution(
            actor=actor, candidate=candidate, on=plan.resolution, votes_for=votes_for,
            votes_against=against, decision_number=_number(ctx, "NQ/CB"),
        )  # fmt: skip
    if plan.committee is not None:
        candidate = s.approve_by_committee(
            actor=ctx.office, candidate=candidate, on=plan.committee,
            decision_number=_number(ctx, "NQ/ĐU"),
        )  # fmt: skip
    if plan.decision is not None:
        candidate = s.record_admission_decision(
            actor=ctx.office, candidate=candidate, on=plan.decision,
            decision_number=_number(ctx, "QĐ/ĐU"), received_on=plan.received,
        )  # fmt: skip
    if plan.ceremony is not None:
        candidate = s.hold_ceremony(
            actor=actor, candidate=candidate, on=plan.ceremony,
            note="Lễ kết nạp tổ chức trang trọng tại chi bộ, có đại diện Đảng ủy dự.",
        )  # fmt: skip
        _complete_record(ctx, candidate)
    if plan.vote is not None:
        votes_for, against = _votes(cell, plan.vote, against=1)
        candidate = s.hold_official_vote(
            actor=actor, candidate=candidate, on=plan.vote, votes_for=votes_for,
            votes_against=against,
        )  # fmt: skip
    if plan.official is not None:
        candidate = s.recognise_official(
            actor=ctx.office, candidate=candidate, on=plan.official,
            decision_number=_number(ctx, "QĐ/ĐU"),
        )  # fmt: skip
    return candidate


def _complete_record(ctx: Context, candidate: Candidate) -> None:
    """The office completes the new member's record from the life history in the file."""
    assert candidate.member is not None
    place = f"{ctx.commune.name.removeprefix('Đảng bộ ')}, tỉnh Cà Mau"
    member_services.update_member(
        actor=ctx.office,
        member=candidate.member,
        data={
            "ethnicity": Ethnicity.objects.get(code="01"),  # Kinh
            "religion": Religion.objects.get(code="none"),
            "birth_place": place,
            "hometown": place,
            "occupation": ctx.rng.choice(OCCUPATIONS),
        },
    )


def _agenda(stats: AdmissionStats, cell: Organization, plan: CandidatePlan, name: str) -> None:
    assert stats.agenda is not None
    items = (
        (plan.identified, f"Xác định quần chúng ưu tú {name}, phân công đảng viên giúp đỡ"),
        (plan.resolution, f"Xét, đề nghị kết nạp quần chúng {name} vào Đảng"),
        (plan.ceremony, f"Lễ kết nạp đảng viên mới {name}"),
        (plan.vote, f"Xét, đề nghị công nhận đảng viên chính thức đối với đồng chí {name}"),
    )
    for day, text in items:
        if day is not None and day.day == 10:
            stats.agenda.setdefault((cell.pk, day), []).append(text)


def seed_admissions(ctx: Context) -> AdmissionStats:
    stats = AdmissionStats(admitted=[], agenda={})
    siblings = [c for c in child_cells(ctx.commune) if c.pk != ctx.bithu_cell.pk]
    cells = [ctx.bithu_cell, *(siblings or [ctx.bithu_cell]) * 2][:3]
    place = f"Hội trường Đảng ủy {ctx.commune.name.removeprefix('Đảng bộ ')}"
    courses: dict[str, tuple[CoursePlan, AwarenessCourse]] = {}
    for course_plan in COURSES:
        course = admission_services.create_course(
            actor=ctx.office, organization=ctx.commune, title=course_plan.title,
            starts_on=course_plan.starts_on, ends_on=course_plan.ends_on, place=place,
        )  # fmt: skip
        courses[course_plan.key] = (course_plan, course)
        stats.courses += 1
    for plan in PLANS:
        cell = cells[plan.cell]
        actor = ctx.actor_for(cell)
        candidate = admission_services.identify_candidate(
            actor=actor,
            organization=cell,
            full_name=person_name(ctx.rng, plan.female),
            birth_date=plan.born,
            sex=Sex.FEMALE if plan.female else Sex.MALE,
            identified_on=plan.identified,
            notes="Quần chúng ưu tú, tích cực trong công tác đoàn thể ở địa phương.",
        )
        course_plan, course = courses[plan.course]
        enrolment: CourseEnrolment = admission_services.enrol_candidate(
            actor=actor, course=course, candidate=candidate
        )
        if plan.result != CourseResult.PENDING:
            admission_services.record_course_result(
                actor=ctx.office, enrolment=enrolment, result=plan.result,
                certificate_on=(
                    course_plan.certificate_on if plan.result == CourseResult.PASSED else None
                ),
            )  # fmt: skip
            candidate.refresh_from_db()
        if plan.result == CourseResult.PASSED:
            candidate = _advance(ctx, candidate, plan)
        if candidate.stage in (Stage.CEREMONY, Stage.CELL_VOTE, Stage.OFFICIAL):
            assert candidate.member is not None and stats.admitted is not None
            stats.admitted.append(candidate.member)
        _agenda(stats, cell, plan, candidate.full_name)
        stats.candidates += 1
    return stats
