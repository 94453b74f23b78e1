"""The data sources computed indicators are declared over (issue #9 §1).

A definition ("member_ratings where rating in (excellent, good)") names a source and filters
its rows; the engine (dangbo.indicators.compute) counts the distinct subjects of the filtered
rows per unit and rolls the counts up the tree. A source therefore says, once for every
indicator built on it:

- which rows belong to a period (`rows(period)`): event-dated rows by a date within the
  period; states (members on the roll) as of the period's end, or today while it runs;
  evaluations and the four-good standard by the round of the period's (last) year, current
  rows only;
- which unit holds a row (`unit`: a lookup giving an organization id) and what is counted
  (`subject`, counted distinct: a member studying twice counts once);
- which fields a definition may filter on, with their allowed values and Vietnamese labels;
- which models it reads (`depends_on`, `_meta.label_lower`), so the incremental refresh knows
  which indicators an audit event touches.

The four-good assessments live in a sibling app: they are read through the app registry
(`apps.get_model`), never imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from dangbo.admissions.models import Candidate
from dangbo.core.clock import today
from dangbo.evaluations.models import MemberEvaluation, OrganizationEvaluation, Rating
from dangbo.indicators.periods import Period
from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingStatus
from dangbo.members.models import ON_ROLL, Member, MemberEvent, MemberStatus, Sex, TheoryLevel
from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind
from dangbo.study.models import StudyAttendance

CHOICE = "choice"
BOOL = "bool"
DATE = "date"

TRUE_WORDS = ("true", "có", "co", "yes", "1")
FALSE_WORDS = ("false", "không", "khong", "no", "0")
TODAY_WORDS = ("today", "hôm_nay", "hom_nay")


@dataclass(frozen=True)
class Field:
    """A field a definition may filter on. `choices` are (value, label) pairs; a value may also
    be written as its English name ("excellent" for "htxs")."""

    name: str
    label: str
    lookup: str
    kind: str = CHOICE
    choices: tuple[tuple[str, str], ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)

    def allowed(self) -> list[str]:
        """The words a definition may use, as the error message lists them."""
        if self.kind == BOOL:
            return ["true", "false"]
        if self.kind == DATE:
            return ["today", "yyyy-mm-dd"]
        return [value for value, _ in self.choices]

    def value(self, word: str) -> Any:
        """The stored value a word stands for, or ValueError when it is not allowed."""
        folded = word.lower()
        if self.kind == BOOL:
            if folded in TRUE_WORDS:
                return True
            if folded in FALSE_WORDS:
                return False
            raise ValueError(word)
        if self.kind == DATE:
            if folded in TODAY_WORDS:
                return "today"
            return date.fromisoformat(word)
        folded = self.aliases.get(folded, folded)
        if folded not in {value for value, _ in self.choices}:
            raise ValueError(word)
        return folded

    def label_of(self, value: Any) -> str:
        if self.kind == BOOL:
            return "có" if value else "không"
        if self.kind == DATE:
            return "hôm nay" if value == "today" else value.strftime("%d/%m/%Y")
        return dict(self.choices).get(value, str(value))


def _choice(name: str, label: str, lookup: str, enum: Any, only: Any = None) -> Field:
    members = [m for m in enum if only is None or m in only]
    return Field(
        name,
        label,
        lookup,
        CHOICE,
        tuple((str(m.value), str(m.label)) for m in members),
        {m.name.lower(): str(m.value) for m in members},
    )


# The kinds of what a source counts: members (drill-down lists them) or organizations
# (drill-down lists the units), or other rows (meetings, attendance marks).
MEMBERS = "members"
ORGANIZATIONS = "organizations"
ROWS = "rows"


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    subject_kind: str
    subject_label: str
    unit: str
    subject: str
    fields: dict[str, Field]
    depends_on: tuple[str, ...]
    rows: Callable[[Period], QuerySet[Any]]
    # The lookup of the member a row is about (member-subject sources).
    member: str | None = None
    # A state read on one day (`on_day`): two periods ending the same day (a year and its
    # last quarter) give the same rows, so a refresh counts them once.
    read_on_day: bool = False


def on_day(period: Period) -> date:
    """The day a state is read on: the period's end, or today while the period runs."""
    return min(period.end, today())


def _members_on_roll(period: Period) -> QuerySet[Any]:
    """Members on the roll at the end of the period, with `unit_on` and `status_on`.

    As members.statistics.counting reads a past day: a member with no live event after the
    day stands now where they stood then, so the state the services keep on Member answers;
    only for the others is the latest live event on or before the day read (its
    `organization_after` / `status_after` caches). The CASE asks the correlated subqueries
    only for those few, so a province's roll costs one index probe per member, not a replay.
    """
    day = on_day(period)
    if day >= today():
        return Member.objects.filter(status__in=ON_ROLL).annotate(
            unit_on=F("organization_id"), status_on=F("status")
        )
    live = MemberEvent.objects.filter(superseded=False)
    later = live.filter(member=OuterRef("pk"), effective_on__gt=day)
    latest = live.filter(member=OuterRef("pk"), effective_on__lte=day).order_by(
        "-effective_on", "-id"
    )
    changed = Exists(later)
    return Member.objects.annotate(
        unit_on=Case(
            When(changed, then=Subquery(latest.values("organization_after")[:1])),
            default=F("organization_id"),
            output_field=BigIntegerField(),
        ),
        status_on=Case(
            When(changed, then=Subquery(latest.values("status_after")[:1])),
            default=F("status"),
            output_field=CharField(),
        ),
    ).filter(status_on__in=ON_ROLL)


def _in_period(lookup: str, period: Period) -> Q:
    return Q(**{f"{lookup}__gte": period.start, f"{lookup}__lte": period.end})


def _rating_final() -> Case:
    """The committee's decision, else the cell's proposal (as evaluations.summary reads it)."""
    return Case(
        When(~Q(rating=""), then=F("rating")),
        When(~Q(proposed_rating=""), then=F("proposed_rating")),
        default=Value(""),
        output_field=CharField(),
    )


def _member_ratings(period: Period) -> QuerySet[Any]:
    return MemberEvaluation.objects.filter(current=True, round__year=period.end.year).annotate(
        rating_final=_rating_final()
    )


def _organization_ratings(period: Period) -> QuerySet[Any]:
    return OrganizationEvaluation.objects.filter(
        current=True, round__year=period.end.year
    ).annotate(rating_final=_rating_final())


def _organizations(period: Period) -> QuerySet[Any]:
    """Units active on some day of the period."""
    return Organization.objects.filter(active_from__lte=period.end).filter(
        Q(active_to__isnull=True) | Q(active_to__gt=period.start)
    )


def _four_good(period: Period) -> QuerySet[Any]:
    model = apps.get_model("four_good", "FourGoodAssessment")
    return model.objects.filter(current=True, year=period.end.year)


# The final rating: the decision, else the proposal (the source labels say so).
_RATING = _choice("rating", "xếp loại", "rating_final", Rating)
_ORG_KIND = _choice("kind", "loại tổ chức", "organization__kind", OrgKind)

SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source(
            "members",
            "Đảng viên trong danh sách (cuối kỳ)",
            MEMBERS,
            "đảng viên",
            unit="unit_on",
            subject="pk",
            member="pk",
            fields={
                "status": _choice("status", "trạng thái", "status_on", MemberStatus, ON_ROLL),
                "theory_level": _choice(
                    "theory_level", "trình độ LLCT", "theory_level", TheoryLevel
                ),
                "sex": _choice("sex", "giới tính", "sex", Sex),
            },
            depends_on=("members.member", "members.memberevent", "members.transfer"),
            rows=_members_on_roll,
            read_on_day=True,
        ),
        Source(
            "admissions",
            "Quần chúng được kết nạp (ngày quyết định trong kỳ)",
            MEMBERS,
            "người được kết nạp",
            unit="organization_id",
            subject="pk",
            member="member_id",
            fields={"sex": _choice("sex", "giới tính", "sex", Sex)},
            depends_on=("admissions.candidate",),
            rows=lambda p: Candidate.objects.filter(_in_period("decision_on", p)),
        ),
        Source(
            "member_ratings",
            "Xếp loại đảng viên (đợt đánh giá năm của kỳ; cấp ủy quyết định, chưa có thì "
            "theo chi bộ đề xuất)",
            MEMBERS,
            "đảng viên",
            unit="organization_id",
            subject="member_id",
            member="member_id",
            fields={
                "rating": _RATING,
                "not_rated": Field("not_rated", "không xếp loại", "not_rated", BOOL),
            },
            depends_on=("evaluations.memberevaluation", "evaluations.evaluationround"),
            rows=_member_ratings,
        ),
        Source(
            "organization_ratings",
            "Xếp loại tổ chức đảng (đợt đánh giá năm của kỳ; cấp trên quyết định, chưa có "
            "thì theo đề xuất)",
            ORGANIZATIONS,
            "tổ chức đảng",
            unit="organization_id",
            subject="organization_id",
            fields={
                "rating": _RATING,
                "kind": _ORG_KIND,
                "not_rated": Field("not_rated", "không xếp loại", "not_rated", BOOL),
            },
            depends_on=("evaluations.organizationevaluation", "evaluations.evaluationround"),
            rows=_organization_ratings,
        ),
        Source(
            "study",
            "Lượt học tập, quán triệt nghị quyết của đảng viên (buổi học trong kỳ)",
            MEMBERS,
            "đảng viên",
            unit="member__organization_id",
            subject="member_id",
            member="member_id",
            fields={
                "present": Field("present", "có mặt", "present", BOOL),
                "status": _choice("status", "trạng thái đảng viên", "member__status", MemberStatus),
            },
            depends_on=("study.studysession", "study.studyattendance"),
            rows=lambda p: StudyAttendance.objects.filter(_in_period("session__held_on", p)),
        ),
        Source(
            "meetings",
            "Cuộc sinh hoạt chi bộ (ngày họp trong kỳ)",
            ROWS,
            "cuộc sinh hoạt",
            unit="organization_id",
            subject="pk",
            fields={
                "status": _choice("status", "tình trạng", "status", MeetingStatus),
                "kind": _choice("kind", "loại sinh hoạt", "kind", MeetingKind),
                "date": Field("date", "ngày họp", "date", DATE),
            },
            depends_on=("meetings.meeting",),
            rows=lambda p: Meeting.objects.filter(_in_period("date", p)),
        ),
        Source(
            "attendance",
            "Điểm danh các cuộc sinh hoạt đã họp trong kỳ",
            ROWS,
            "lượt điểm danh",
            unit="meeting__organization_id",
            subject="pk",
            member="member_id",
            fields={
                "mark": _choice("mark", "điểm danh", "mark", Mark),
                "exempt": Field("exempt", "miễn sinh hoạt", "exempt", BOOL),
            },
            depends_on=("meetings.attendance", "meetings.meeting"),
            rows=lambda p: Attendance.objects.filter(
                _in_period("meeting__date", p), meeting__status=MeetingStatus.HELD
            ),
        ),
        Source(
            "four_good",
            "Đánh giá chi bộ bốn tốt (năm của kỳ, bản hiện hành)",
            ORGANIZATIONS,
            "chi bộ",
            unit="organization_id",
            subject="organization_id",
            fields={
                "recognized": Field("recognized", "đã công nhận", "recognized", BOOL),
                "eligible": Field("eligible", "đạt cả bốn nội dung", "eligible", BOOL),
                "kind": _ORG_KIND,
            },
            depends_on=("four_good.fourgoodassessment",),
            rows=_four_good,
        ),
        Source(
            "organizations",
            "Tổ chức đảng hoạt động trong kỳ",
            ORGANIZATIONS,
            "tổ chức đảng",
            unit="pk",
            subject="pk",
            fields={"kind": _choice("kind", "loại tổ chức", "kind", OrgKind)},
            depends_on=("orgs.organization",),
            rows=_organizations,
        ),
        Source(
            "cells",
            "Chi bộ (chi bộ cơ sở, chi bộ trực thuộc) hoạt động trong kỳ",
            ORGANIZATIONS,
            "chi bộ",
            unit="pk",
            subject="pk",
            fields={"kind": _choice("kind", "loại chi bộ", "kind", OrgKind, CELL_KINDS)},
            depends_on=("orgs.organization",),
            rows=lambda p: _organizations(p).filter(kind__in=CELL_KINDS),
        ),
    )
}

# The models a reported indicator depends on: its approved submissions.
REPORTED_DEPENDS_ON = ("indicators.submission", "indicators.submissionvalue")


def sources_reading(labels: set[str]) -> set[str]:
    """The names of the sources that read one of the models `labels`."""
    return {s.name for s in SOURCES.values() if labels.intersection(s.depends_on)}
