"""Two study campaigns in the Đảng bộ Ủy ban MTTQ tỉnh, which issued both documents: the
congress resolution 01-NQ/ĐH and the program 02-CTr/ĐU carrying it out. Each has a
conference of the đảng bộ (with people outside the Party), sessions in every cell for those
who missed it, a make-up session, and reflections handed in and received; about nine in ten
members on today's roll have studied each, and the coverage page lists the others.

Only units under the issuer may study a document (study.services.check_readable), so the
campaigns run in that đảng bộ, not in the bithu's commune.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile

from dangbo.demo.party_life.context import Context, child_cells, roll
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization
from dangbo.study import services as study_services
from dangbo.study.models import StudyLevel, StudySession

# Coverage is planned as of the demo's "today".
AS_OF = date(2026, 12, 1)


@dataclass(frozen=True)
class Campaign:
    symbol: str
    conference: date
    cells_from: date  # the cells' sessions, one a working day from this date
    makeup: date
    share: float  # of the members on the roll on AS_OF who have studied
    guests: int
    reflections: float  # share of those who studied that hand in a paper
    paper: str


CAMPAIGNS = (
    Campaign("01-NQ/ĐH", date(2025, 12, 16), date(2026, 1, 6), date(2026, 3, 12), 0.92, 14,
             0.3, "Bài thu hoạch học tập, quán triệt Nghị quyết Đại hội"),
    Campaign("02-CTr/ĐU", date(2026, 1, 20), date(2026, 3, 2), date(2026, 5, 14), 0.87, 9,
             0.2, "Kế hoạch hành động cá nhân thực hiện Chương trình hành động"),
)  # fmt: skip
# Of those who study, where they do it: the make-up session (a few), else the conference or
# their cell's session.
MAKEUP_SHARE = 0.05
CONFERENCE_SHARE = 0.82


@dataclass
class CampaignStats:
    document: Document
    sessions: int = 0
    studied: int = 0
    expected: int = 0
    reflections: int = 0


def _units(front: Organization) -> Any:
    return Organization.objects.filter(path__startswith=front.path)


def _session(
    ctx: Context, document: Document, org: Organization, day: date, level: str, **extra: Any
) -> StudySession:
    return study_services.create_study_session(
        actor=ctx.office, document=document, organization=org, held_on=day, level=level, **extra
    )


def _campaign(
    ctx: Context, front: Organization, document: Document, plan: Campaign
) -> CampaignStats:
    stats = CampaignStats(document)
    units = _units(front)
    expected = roll(units, AS_OF)
    stats.expected = len(expected)
    on_conference = {m.pk: m for m in roll(units, plan.conference)}
    on_makeup = {m.pk for m in roll(units, plan.makeup)}
    # Who never studies: those who came after the make-up session, and a few more.
    late = [m for m in expected if m.pk not in on_makeup]
    others = [m for m in expected if m.pk in on_makeup]
    missing = max(0, round((1 - plan.share) * len(expected)) - len(late))
    never = {m.pk for m in ctx.rng.sample(others, min(missing, len(others)))}
    studying = [m for m in others if m.pk not in never]
    makeup_count = max(3, round(MAKEUP_SHARE * len(studying)))
    where = {m.pk: "makeup" for m in ctx.rng.sample(studying, min(makeup_count, len(studying)))}
    for member in studying:
        if member.pk not in where:
            where[member.pk] = "conference" if ctx.rng.random() < CONFERENCE_SHARE else "cell"
    # Members who have left since studied like the others.
    for pk in on_conference:
        where.setdefault(pk, "conference" if ctx.rng.random() < 0.85 else "")
    for pk in never:
        where[pk] = ""

    conference = _session(
        ctx, document, front, plan.conference, StudyLevel.UPPER,
        place="Hội trường Ủy ban MTTQ tỉnh", guests=plan.guests,
        notes="Hội nghị học tập, quán triệt của Đảng bộ, có cán bộ, công chức ngoài Đảng dự.",
    )  # fmt: skip
    present = [pk for pk in on_conference if where.get(pk) == "conference"]
    # Not on the conference's roll (came later): their cell's session instead.
    for pk, chosen in where.items():
        if chosen == "conference" and pk not in on_conference:
            where[pk] = "cell"
    study_services.record_attendance(actor=ctx.office, session=conference, member_ids=present)
    studied = set(present)
    stats.sessions += 1

    day = plan.cells_from
    for cell in child_cells(front):
        on_cell = roll(Organization.objects.filter(pk=cell.pk), day)
        ids = [m.pk for m in on_cell if where.get(m.pk) == "cell"]
        session = _session(
            ctx, document, cell, day, StudyLevel.CELL, place="Phòng họp chi bộ",
            guests=ctx.rng.randint(0, 3),
        )  # fmt: skip
        study_services.record_attendance(actor=ctx.office, session=session, member_ids=ids)
        studied |= set(ids)
        stats.sessions += 1
        day += timedelta(days=1 if day.weekday() < 4 else 3)

    makeup_roll = {m.pk for m in roll(units, plan.makeup)}
    ids = [pk for pk in makeup_roll if pk not in studied and where.get(pk) in ("makeup", "cell")]
    makeup = _session(
        ctx, document, front, plan.makeup, StudyLevel.UPPER, place="Phòng họp Đảng ủy",
        makeup_for=conference, notes="Học bù cho đảng viên vắng hội nghị có lý do.",
    )  # fmt: skip
    study_services.record_attendance(actor=ctx.office, session=makeup, member_ids=sorted(ids))
    studied |= set(ids)
    stats.sessions += 1

    stats.studied = sum(1 for m in expected if m.pk in studied)
    stats.reflections = _reflections(ctx, document, plan, [m for m in expected if m.pk in studied])
    return stats


def _reflections(ctx: Context, document: Document, plan: Campaign, studied: list[Any]) -> int:
    writers = ctx.rng.sample(studied, round(plan.reflections * len(studied)))
    for member in writers:
        submitted = plan.makeup + timedelta(days=ctx.rng.randint(3, 40))
        text = (
            f"{plan.paper.upper()}\n{document.symbol} — {document.title}\n\n"
            f"Họ và tên: {member.full_name}\n"
            "1. Những nội dung cơ bản, cốt lõi đã tiếp thu.\n"
            "2. Liên hệ với nhiệm vụ của bản thân và đơn vị.\n"
            "3. Việc làm cụ thể đăng ký thực hiện trong năm 2026.\n"
        )
        reflection = study_services.upload_reflection(
            actor=ctx.office,
            member=member,
            document=document,
            file=ContentFile(text.encode("utf-8"), name=f"thu-hoach-{member.pk}.txt"),
            submitted_on=submitted,
        )
        if ctx.rng.random() < 0.75:
            study_services.mark_reflection_received(
                actor=ctx.office,
                reflection=reflection,
                received_on=submitted + timedelta(days=ctx.rng.randint(2, 10)),
            )
    return len(writers)


def seed_study(ctx: Context, documents: dict[str, Document]) -> list[CampaignStats]:
    if ctx.front is None:
        return []
    return [
        _campaign(ctx, ctx.front, documents[plan.symbol], plan)
        for plan in CAMPAIGNS
        if plan.symbol in documents
    ]
