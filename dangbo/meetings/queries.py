"""Reads of meetings and attendance for pages, API, minutes and alerts. Callers pass querysets
already scoped by dangbo.access; each read runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from dangbo.core.rules import rule
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingStatus
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import CELL_KINDS, Organization

# How far back the alert looks for a run of unexcused absences: enough for monthly meetings.
STREAK_WINDOW_DAYS = 730


@dataclass(frozen=True)
class QuorumRule:
    numerator: int
    denominator: int
    strict: bool

    @property
    def text(self) -> str:
        share = f"{self.numerator}/{self.denominator}"
        return f"quá {share}" if self.strict else f"từ {share} trở lên"

    def needed(self, expected: int) -> int:
        """The fewest present members that satisfy the rule for `expected` members."""
        bound = self.numerator * expected
        if self.strict:
            return bound // self.denominator + 1
        return -(-bound // self.denominator)


def quorum_rule(day: date) -> QuorumRule:
    value: dict[str, Any] = rule("meetings.quorum", day)
    return QuorumRule(int(value["numerator"]), int(value["denominator"]), bool(value["strict"]))


def quality_choices(day: date) -> list[tuple[str, str]]:
    """The rating scale in force on `day` (rule meetings.quality_scale)."""
    return [(str(code), str(label)) for code, label in rule("meetings.quality_scale", day)]


def quality_label(meeting: Meeting) -> str:
    return dict(quality_choices(meeting.date)).get(meeting.quality, meeting.quality)


@dataclass
class RollEntry:
    member: Member
    exempt: bool
    mark: str = ""
    reason: str = ""


@dataclass
class Quorum:
    expected: int  # members who must attend: on the roll, not exempted
    present: int
    needed: int
    rule_text: str

    @property
    def reached(self) -> bool:
        return self.expected > 0 and self.present >= self.needed


@dataclass
class Sheet:
    """The attendance page: members who must attend, exempt members apart, and the quorum."""

    meeting: Meeting
    members: list[RollEntry] = field(default_factory=list)
    exempt: list[RollEntry] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {mark.value: 0 for mark in Mark}
        for entry in self.members:
            if entry.mark:
                counts[entry.mark] += 1
        return counts

    @property
    def unmarked(self) -> list[RollEntry]:
        return [entry for entry in self.members if not entry.mark]

    def quorum(self) -> Quorum:
        rule_ = quorum_rule(self.meeting.date)
        expected = len(self.members)
        present = self.counts[Mark.PRESENT]
        return Quorum(expected, present, rule_.needed(expected), rule_.text)


def roll_on(meeting: Meeting) -> QuerySet[Member]:
    """Members on the cell's roll at the end of the meeting's day (one query when evaluated)."""
    cell = Organization.objects.filter(pk=meeting.organization_id)
    return members_as_of(cell, meeting.date)


def attendance_sheet(meeting: Meeting) -> Sheet:
    """Two queries: the roll that day, and the marks saved so far."""
    saved = {
        row.member_id: row
        for row in Attendance.objects.filter(meeting=meeting).only(
            "member_id", "mark", "reason", "exempt"
        )
    }
    sheet = Sheet(meeting)
    for member in roll_on(meeting).order_by("name_sort", "id"):
        row = saved.get(member.pk)
        exempt = getattr(member, "status_on", "") == MemberStatus.EXEMPT
        entry = RollEntry(member, exempt, row.mark if row else "", row.reason if row else "")
        (sheet.exempt if exempt else sheet.members).append(entry)
    return sheet


def meeting_rows(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their cell and the counts of each mark, for lists (one query)."""
    return meetings.select_related("organization").annotate(
        present_count=Count("attendance", filter=Q(attendance__mark=Mark.PRESENT)),
        excused_count=Count("attendance", filter=Q(attendance__mark=Mark.EXCUSED)),
        unexcused_count=Count("attendance", filter=Q(attendance__mark=Mark.UNEXCUSED)),
    )


@dataclass(frozen=True)
class AbsenceStreak:
    member_id: int
    member_name: str
    organization_id: int
    organization_name: str
    count: int
    since: date


def unexcused_streaks(
    attendance: QuerySet[Attendance], on: date, threshold: int | None = None
) -> list[AbsenceStreak]:
    """Members whose latest `threshold` held meetings (rule meetings.unexcused_streak) were
    all unexcused absences, up to `on`, among the (already scoped) `attendance` rows. One query
    over a bounded window; the run is counted in Python per member, newest first, and stops at
    the first meeting they did not skip."""
    need = threshold if threshold is not None else int(rule("meetings.unexcused_streak", on))
    rows = (
        attendance.filter(
            meeting__status=MeetingStatus.HELD,
            meeting__date__lte=on,
            meeting__date__gt=on - timedelta(days=STREAK_WINDOW_DAYS),
            exempt=False,
        )
        .order_by("member_id", "-meeting__date", "-meeting_id")
        .values_list(
            "member_id",
            "member__full_name",
            "meeting__organization_id",
            "meeting__organization__name",
            "mark",
            "meeting__date",
        )
    )
    runs: dict[int, list[Any]] = {}
    broken: set[int] = set()
    for member_id, name, org_id, org_name, mark, day in rows.iterator(chunk_size=2000):
        if member_id in broken:
            continue
        if mark != Mark.UNEXCUSED:
            broken.add(member_id)
            continue
        run = runs.setdefault(member_id, [name, org_id, org_name, 0, day])
        run[3] += 1
        run[4] = day
    found = [
        AbsenceStreak(member_id, name, org_id, org_name, count, since)
        for member_id, (name, org_id, org_name, count, since) in runs.items()
        if count >= need
    ]
    return sorted(found, key=lambda s: (s.organization_name, -s.count, s.member_name))


def cells_without_meeting(
    orgs: QuerySet[Organization], year: int, month: int
) -> list[Organization]:
    """Active cells among `orgs` with no held meeting in the month (one query)."""
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    met = Meeting.objects.filter(status=MeetingStatus.HELD, date__gte=first, date__lte=last).values(
        "organization_id"
    )
    return list(
        orgs.filter(kind__in=CELL_KINDS, active_from__lte=last)
        .filter(Q(active_to__isnull=True) | Q(active_to__gt=first))
        .exclude(pk__in=met)
        .order_by("path")
    )


@dataclass(frozen=True)
class SupervisorAttendance:
    member_id: int
    member_name: str
    held: int
    attended: int
    needed: int

    @property
    def below(self) -> bool:
        return self.attended < self.needed


def supervisor_attendance(meetings: QuerySet[Meeting], year: int) -> list[SupervisorAttendance]:
    """Per committee member in charge: the held meetings of `year` they were in charge of, how
    many they attended, and how many the rule meetings.supervisor_share requires (one query)."""
    share = rule("meetings.supervisor_share", date(year, 12, 31))
    num, den = int(share["numerator"]), int(share["denominator"])
    rows = (
        meetings.filter(status=MeetingStatus.HELD, date__year=year, supervisor__isnull=False)
        .values("supervisor_id", "supervisor__full_name")
        .annotate(held=Count("id"), attended=Count("id", filter=Q(supervisor_attended=True)))
        .order_by("supervisor__name_sort", "supervisor_id")
    )
    return [
        SupervisorAttendance(
            row["supervisor_id"],
            row["supervisor__full_name"],
            row["held"],
            row["attended"],
            -(-row["held"] * num // den),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class SkippedMonths:
    """A member who skipped meetings without a valid reason in `months` of one calendar year."""

    member_id: int
    member_name: str
    organization_name: str
    months: tuple[int, ...]

    @property
    def months_text(self) -> str:
        return ", ".join(str(month) for month in self.months)


def unexcused_months(
    attendance: QuerySet[Attendance], year: int, threshold: int | None = None
) -> list[SkippedMonths]:
    """Members with unexcused absences from held meetings in at least `threshold` different
    months of `year` (rule meetings.unexcused_months): regulations.md §3.6 counts the months
    within the calendar year, consecutive or not, and the cell then proposes striking the name.
    One query over the year's unexcused rows, grouped per member here."""
    need = (
        threshold
        if threshold is not None
        else int(rule("meetings.unexcused_months", date(year, 12, 31)))
    )
    rows = (
        attendance.filter(
            meeting__status=MeetingStatus.HELD,
            meeting__date__year=year,
            mark=Mark.UNEXCUSED,
            exempt=False,
        )
        .annotate(month=ExtractMonth("meeting__date"))
        .values_list("member_id", "member__full_name", "meeting__organization__name", "month")
        .distinct()
    )
    found: dict[int, tuple[str, str, set[int]]] = {}
    for member_id, name, org_name, month in rows:
        found.setdefault(member_id, (name, org_name, set()))[2].add(month)
    listed = [
        SkippedMonths(member_id, name, org_name, tuple(sorted(months)))
        for member_id, (name, org_name, months) in found.items()
        if len(months) >= need
    ]
    return sorted(listed, key=lambda s: (s.organization_name, -len(s.months), s.member_name))


@dataclass
class MemberSchedule:
    """What one member sees of their cells' meetings: the notices published for meetings to
    come, and their own marks at the meetings held in the year."""

    member: Member
    notices: list[Meeting]
    held: list[tuple[Meeting, Attendance | None]]

    @property
    def counts(self) -> dict[str, int]:
        counts = {mark.value: 0 for mark in Mark}
        for _, row in self.held:
            if row is not None and not row.exempt:
                counts[row.mark] += 1
        return counts


def member_schedule(meetings: QuerySet[Meeting], member: Member, on: date) -> MemberSchedule:
    """Three queries. `meetings` is already scoped; only the member's own cells count (their
    cell, and the cell of a temporary transfer), and only notices the secretary published."""
    cells = [pk for pk in (member.organization_id, member.temporary_organization_id) if pk]
    mine = meetings.filter(organization_id__in=cells).select_related("organization")
    notices = list(
        mine.filter(
            status=MeetingStatus.PLANNED,
            notice_published_at__isnull=False,
            date__gte=on,
        ).order_by("date", "id")
    )
    held = list(
        mine.filter(status=MeetingStatus.HELD, date__year=on.year, date__lte=on).order_by(
            "-date", "-id"
        )
    )
    marks = {
        row.meeting_id: row
        for row in Attendance.objects.filter(member=member, meeting__in=[m.pk for m in held])
    }
    return MemberSchedule(member, notices, [(m, marks.get(m.pk)) for m in held])
