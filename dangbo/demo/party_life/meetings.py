"""A year of cell meetings in the bithu's commune: the yearly plan, twelve months of held
meetings with minutes and full attendance sheets, two thematic meetings, and December's meeting
planned with its notice. At the small size the other cells of the province keep their last
quarter too (September to November held, December announced), so the alerts show only what was
planted; at the larger sizes only the commune meets, to keep the seed time reasonable.

Planted on purpose, so the alerts page shows something real: in the bithu's cell one member
skipped the last three meetings without a reason (meetings.unexcused_streak) and another
skipped three months of the year; one other cell of the commune did not meet in November 2026;
the committee members in charge missed a meeting now and then (meetings.supervisor_share).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dangbo.demo.party_life.context import (
    DEPUTY_POST,
    LAST_HELD,
    SECRETARY_POST,
    Context,
    cell_roll,
    child_cells,
)
from dangbo.demo.party_life.texts import (
    CONCLUSIONS,
    CONTENT,
    EXCUSED_REASONS,
    LONG_ILLNESS,
    MONTHLY_TOPICS,
    THEMATIC,
    THEMATIC_CONCLUSIONS,
)
from dangbo.meetings import services as meeting_services
from dangbo.meetings.models import Mark, Meeting, MeetingKind
from dangbo.meetings.queries import quality_choices
from dangbo.members.models import Member, MemberStatus
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Committee, CommitteeSeat, Organization, SeatRole

# The month one cell of the bithu's commune did not meet: the alerts page's default month.
SKIPPED_MONTH = (2026, 11)
# Cells of the bithu's commune meet on the 10th, as the commune's committee asked; the others
# on a day of their own.
COMMUNE_DAY = 10
EXCUSED_SHARE = 0.07
SUPERVISOR_PRESENT = 0.85
# Cells outside the bithu's commune (small size): September to December 2026.
LATE_MONTHS = (9, 10, 11, 12)


@dataclass
class MeetingStats:
    cells: int = 0
    held: int = 0
    planned: int = 0
    marks: int = 0
    streak_member: Member | None = None
    months_member: Member | None = None
    skipped_cell: Organization | None = None
    # Extra agenda items of a cell's meeting on a day (the admissions votes): (cell, day).
    extras: dict[tuple[int, date], list[str]] = field(default_factory=dict)


def _place(cell: Organization) -> str:
    short = cell.name.removeprefix("Chi bộ ").strip()
    if short.startswith("khóm"):
        return f"Văn phòng {short}"
    if short.startswith("ấp"):
        return f"Nhà văn hóa {short}"
    return f"Phòng họp {short}"


def _post_holder(roll: list[Member], post: str, exclude: set[int]) -> Member | None:
    return next((m for m in roll if m.party_position == post and m.pk not in exclude), None)


def assign_supervisors(ctx: Context, start: date) -> dict[int, Member]:
    """Phụ trách: in each đảng bộ whose cells meet, a few cell secretaries are also members of
    its committee (orgs.add_seat) and each follows other cells (orgs.assign_unit). Returns the
    committee member in charge of each cell, as a member record for the minutes."""
    by_parent: dict[str, list[Organization]] = defaultdict(list)
    for cell in ctx.meeting_cells:
        by_parent[cell.path[: -Organization.steplen]].append(cell)
    found: dict[int, Member] = {}
    for parent_path, cells in by_parent.items():
        committee = (
            Committee.objects.filter(
                organization__path=parent_path,
                term__starts_on__lte=start,
                term__ends_on__gte=start,
            )
            .select_related("term", "organization")
            .first()
        )
        if committee is None or len(cells) < 2:
            continue
        holders = {n.casefold() for n in committee.seats.values_list("holder_name", flat=True)}
        wanted = min(6, max(2, -(-len(cells) // 4)))
        chosen: list[tuple[CommitteeSeat, Member]] = []
        for cell in cells:
            if len(chosen) == wanted:
                break
            if cell.pk == ctx.bithu_cell.pk:
                continue
            secretary = Member.objects.filter(
                organization=cell, party_position=SECRETARY_POST, status=MemberStatus.OFFICIAL
            ).first()
            if secretary is None or secretary.full_name.casefold() in holders:
                continue
            holders.add(secretary.full_name.casefold())
            seat = org_services.add_seat(
                actor=ctx.office,
                committee=committee,
                holder_name=secretary.full_name,
                role=SeatRole.MEMBER,
                started_on=committee.term.starts_on,
                decision_number=f"{ctx.rng.randint(20, 199)}-QĐ/ĐU",
            )
            chosen.append((seat, secretary))
        for index, cell in enumerate(cells):
            options = [(s, m) for s, m in chosen if m.organization_id != cell.pk]
            if not options:
                continue
            seat, member = options[index % len(options)]
            org_services.assign_unit(
                actor=ctx.office,
                seat=seat,
                unit=cell,
                started_on=committee.term.starts_on,
            )
            found[cell.pk] = member
    return found


@dataclass
class CellYear:
    """One cell's year: its meetings and the absences planted in it."""

    cell: Organization
    day: int
    place: str
    supervisor: Member | None
    skip: bool
    full_year: bool = True
    qualities: list[str] | None = None
    unexcused: set[tuple[int, int]] = field(default_factory=set)  # (member, meeting)
    ill: set[tuple[int, int]] = field(default_factory=set)


def _plan_cell(ctx: Context, year: CellYear) -> list[Meeting]:
    """The yearly plan and the December 2025 meeting; the rest of the province (small size)
    began to keep its meetings in the software in September 2026: its last quarter only."""
    cell, day, place = year.cell, year.day, year.place
    actor = ctx.actor_for(cell)
    if not year.full_year:
        return [
            meeting_services.create_meeting(
                actor=actor,
                organization=cell,
                date=date(2026, month, day),
                agenda=MONTHLY_TOPICS[(2026, month)],
                place=place,
            )
            for month in LATE_MONTHS
        ]
    meetings = [
        meeting_services.create_meeting(
            actor=actor,
            organization=cell,
            date=date(2025, 12, day),
            agenda=MONTHLY_TOPICS[(2025, 12)],
            place=place,
        )
    ]
    meetings += meeting_services.plan_year(
        actor=actor, organization=cell, year=2026, day_of_month=day, place=place
    )
    for month, thematic_day, topic in THEMATIC:
        meetings.append(
            meeting_services.create_meeting(
                actor=actor,
                organization=cell,
                date=date(2026, month, thematic_day),
                agenda=topic,
                kind=MeetingKind.THEMATIC,
                place=place,
            )
        )
    return sorted(meetings, key=lambda m: (m.date, m.pk))


def _plant(ctx: Context, year: CellYear, held: list[Meeting], stats: MeetingStats) -> None:
    """Who skips which meeting: stable members (on the roll all year), never the chi ủy."""
    first, last = cell_roll(year.cell, held[0].date), cell_roll(year.cell, held[-1].date)
    last_ids = {m.pk for m in last}
    stable = [m for m in first if m.pk in last_ids and not m.party_position and m.user_id is None]
    if len(stable) < 4:
        return
    picked = ctx.rng.sample(stable, 4)
    # One unexcused absence somewhere in the year, and a long illness over three months.
    year.unexcused.add((picked[0].pk, held[ctx.rng.randrange(1, len(held) - 4)].pk))
    start = ctx.rng.randrange(2, len(held) - 5)
    year.ill |= {(picked[1].pk, m.pk) for m in held[start : start + 3]}
    if year.cell.pk != ctx.bithu_cell.pk:
        return
    # The streak: the cell's last three held meetings, without a reason.
    stats.streak_member = picked[2]
    year.unexcused |= {(picked[2].pk, m.pk) for m in held[-3:]}
    # Three months of the year skipped, never two in a row (no streak, but the Điều lệ's
    # "bỏ sinh hoạt ba tháng trong năm").
    stats.months_member = picked[3]
    regular_2026 = [m for m in held if m.kind == MeetingKind.REGULAR and m.date.year == 2026]
    for index in (1, 4, 7):
        year.unexcused.add((picked[3].pk, regular_2026[index].pk))


def _hold(ctx: Context, year: CellYear, meeting: Meeting, stats: MeetingStats) -> None:
    actor = ctx.actor_for(year.cell)
    members = cell_roll(year.cell, meeting.date)
    chair = _post_holder(members, SECRETARY_POST, set()) or members[0]
    taker = _post_holder(members, DEPUTY_POST, {chair.pk}) or next(
        m for m in members if m.pk != chair.pk
    )
    marks: dict[int, tuple[str, str]] = {}
    for member in members:
        key = (member.pk, meeting.pk)
        if member.pk in (chair.pk, taker.pk):
            marks[member.pk] = (Mark.PRESENT, "")
        elif key in year.unexcused:
            marks[member.pk] = (Mark.UNEXCUSED, "")
        elif key in year.ill:
            marks[member.pk] = (Mark.EXCUSED, LONG_ILLNESS)
        elif ctx.rng.random() < EXCUSED_SHARE:
            marks[member.pk] = (Mark.EXCUSED, ctx.rng.choice(EXCUSED_REASONS))
        else:
            marks[member.pk] = (Mark.PRESENT, "")
    meeting_services.record_attendance(actor=actor, meeting=meeting, sheet=marks)
    present = sum(1 for mark, _ in marks.values() if mark == Mark.PRESENT)
    thematic = meeting.kind == MeetingKind.THEMATIC
    if thematic:
        topic = meeting.agenda.removeprefix("Sinh hoạt chuyên đề: ")
        agenda = meeting.agenda
    else:
        topic = agenda = MONTHLY_TOPICS[(meeting.date.year, meeting.date.month)]
    agenda = "; ".join([agenda, *stats.extras.get((year.cell.pk, meeting.date), [])])
    if year.qualities is None:
        year.qualities = [code for code, _ in quality_choices(meeting.date)][:3]
    quality = ctx.rng.choices(year.qualities, weights=(35, 55, 10))[0]
    meeting_services.update_meeting(
        actor=actor,
        meeting=meeting,
        agenda=agenda[:500],
        chair=chair,
        minute_taker=taker,
        supervisor=year.supervisor,
        supervisor_attended=(
            None if year.supervisor is None else ctx.rng.random() < SUPERVISOR_PRESENT
        ),
        content=CONTENT.format(topic=topic, present=present, expected=len(members)),
        conclusions=THEMATIC_CONCLUSIONS if thematic else CONCLUSIONS.format(topic=topic),
        quality=quality,
    )
    meeting_services.hold_meeting(actor=actor, meeting=meeting)
    stats.held += 1
    stats.marks += len(marks)


def _announce(ctx: Context, year: CellYear, meeting: Meeting, stats: MeetingStats) -> None:
    """December's meeting: topic, chair, secretary and supervisor set, notice published."""
    members = cell_roll(year.cell, meeting.date)
    chair = _post_holder(members, SECRETARY_POST, set())
    taker = _post_holder(members, DEPUTY_POST, {chair.pk} if chair else set())
    actor = ctx.actor_for(year.cell)
    meeting_services.update_meeting(
        actor=actor,
        meeting=meeting,
        agenda=MONTHLY_TOPICS[(meeting.date.year, meeting.date.month)],
        chair=chair,
        minute_taker=taker,
        supervisor=year.supervisor,
    )
    meeting_services.publish_notice(actor=actor, meeting=meeting)
    stats.planned += 1


def seed_meetings(ctx: Context, extras: dict[tuple[int, date], list[str]]) -> MeetingStats:
    stats = MeetingStats(extras=extras)
    start = date(2025, 12, 1)
    supervisors = assign_supervisors(ctx, start)
    siblings = [c for c in child_cells(ctx.commune) if c.pk != ctx.bithu_cell.pk]
    skipped = siblings[0] if siblings else None
    commune_path = ctx.commune.path
    for index, cell in enumerate(ctx.meeting_cells):
        in_commune = cell.path.startswith(commune_path)
        day = COMMUNE_DAY if in_commune else 5 + (index * 3) % 11
        year = CellYear(
            cell=cell,
            day=day,
            place=_place(cell),
            supervisor=supervisors.get(cell.pk),
            skip=skipped is not None and cell.pk == skipped.pk,
            full_year=in_commune,
        )
        meetings = _plan_cell(ctx, year)
        held = [
            m
            for m in meetings
            if m.date <= LAST_HELD
            and not (
                year.skip
                and m.kind == MeetingKind.REGULAR
                and (m.date.year, m.date.month) == SKIPPED_MONTH
            )
        ]
        if year.full_year:
            _plant(ctx, year, held, stats)
        for meeting in held:
            _hold(ctx, year, meeting, stats)
        upcoming = [m for m in meetings if m.date > LAST_HELD]
        for meeting in upcoming:
            _announce(ctx, year, meeting, stats)
        stats.cells += 1
        if year.skip:
            stats.skipped_cell = cell
    return stats
