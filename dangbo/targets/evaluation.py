"""Evaluation targets measured from the rounds' results (issue #8 §4: "against the program's
targets"), as targets.admission does for admissions.

Which target is an evaluation target. Its unit is "%"; its metric (else its label) names a
rating, read folded (dangbo.core.text.fold: lower case, no diacritics):

- «không hoàn thành nhiệm vụ» → the share of KHTNV (targets like «dưới 0,4%»);
- «hoàn thành xuất sắc» → the share of HTXSNV («trong đó 20% hoàn thành xuất sắc nhiệm vụ»);
- «hoàn thành tốt» → the share of HTTNV or better: a program's «hoàn thành tốt nhiệm vụ» counts
  those rated better too, with or without «trở lên»;
- «hoàn thành nhiệm vụ» → HTNV or better.

Its subject says whose ratings: «đảng viên» the members; «tổ chức đảng», «chi bộ», «đảng bộ»
the party organizations («tổ chức cơ sở đảng», «chi, đảng bộ cơ sở»: grassroots organizations
only; «chi bộ» alone: cells only). «Chi bộ và đảng viên» names both: each is measured and the
target is met when both are. Other subjects («tổ chức Công đoàn», «cán bộ, công chức») and
other metrics («Chi bộ bốn tốt», «Lao động tiên tiến») are not evaluation targets.

Where. The subtree of the responsible organization, else of the document's issuer. Members:
every current result of a cell in it; organizations: those below the unit (the unit itself is
rated by its superior).

When. The round of the year covering the unit (opened at the unit or above it): on the
target's page, the latest year within the target's period (from its baseline date, else the
document's issue date, else its term's start; to its deadline, else its term's end) up to
today; on a round's report, that round's year.

The figure. The share of each rating among those rated (the committee's decision, else the
cell's proposal), as the report's tables show it; «Đạt» when it satisfies the target's
comparator, «Không đạt» when not, «Chưa có số liệu» when nobody is rated yet. As with
admissions, the figure belongs to the target: it counts the whole subtree whoever reads the
target's page, and no name is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from dangbo.core.formats import format_figure
from dangbo.core.text import fold
from dangbo.documents.models import DocStatus
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
)
from dangbo.evaluations.summary import UNRATED_KINDS, Counts, percent_text, tally
from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind
from dangbo.targets.models import Comparator, Target

PERCENT = "%"
# (words of the metric, ratings counted, how the report names them), first match wins.
LEVELS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("khong hoan thanh", (Rating.FAILED,), "KHTNV"),
    ("hoan thanh xuat sac", (Rating.EXCELLENT,), "HTXSNV"),
    ("hoan thanh tot", (Rating.EXCELLENT, Rating.GOOD), "HTTNV trở lên"),
    ("hoan thanh nhiem vu", (Rating.EXCELLENT, Rating.GOOD, Rating.SATISFACTORY), "HTNV trở lên"),
)
MEMBER_WORDS = ("dang vien",)
ORGANIZATION_WORDS = ("to chuc dang", "to chuc co so dang", "chi bo", "dang bo", "chi, dang bo")
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
SYMBOLS: dict[str, str] = {
    Comparator.AT_LEAST: "≥",
    Comparator.MORE_THAN: ">",
    Comparator.AT_MOST: "≤",
    Comparator.LESS_THAN: "<",
    Comparator.EQUAL: "≥",
}


@dataclass(frozen=True)
class Subject:
    members: bool
    label: str  # "đảng viên", "tổ chức cơ sở đảng", "chi bộ", "tổ chức đảng"
    kinds: tuple[str, ...] = ()  # organizations: the kinds counted, () for every rated kind


@dataclass(frozen=True)
class Reading:
    ratings: tuple[str, ...]
    level: str
    subjects: tuple[Subject, ...]


def reading(target: Target) -> Reading | None:
    """What the target counts (module docstring), or None when it is not an evaluation target."""
    if fold(target.unit).strip() != PERCENT:
        return None
    metric = fold(target.metric or target.label or "")
    level = next((lv for lv in LEVELS if lv[0] in metric), None)
    if level is None:
        return None
    subject = fold(target.subject or "")
    subjects: list[Subject] = []
    if any(word in subject for word in ORGANIZATION_WORDS):
        if "co so" in subject:
            subjects.append(Subject(False, "tổ chức cơ sở đảng", GRASSROOTS))
        elif "chi bo" in subject and "dang bo" not in subject and "to chuc" not in subject:
            subjects.append(Subject(False, "chi bộ", CELL_KINDS))
        else:
            subjects.append(Subject(False, "tổ chức đảng"))
    if any(word in subject for word in MEMBER_WORDS):
        subjects.insert(0, Subject(True, "đảng viên"))
    if not subjects:
        return None
    return Reading(level[1], level[2], tuple(subjects))


def is_evaluation_target(target: Target) -> bool:
    return reading(target) is not None


def _compare(achieved: float, comparator: str, value: Decimal) -> bool:
    figure = Decimal(str(round(achieved, 4)))
    if comparator == Comparator.MORE_THAN:
        return figure > value
    if comparator == Comparator.AT_MOST:
        return figure <= value
    if comparator == Comparator.LESS_THAN:
        return figure < value
    return figure >= value


@dataclass(frozen=True)
class Part:
    subject: Subject
    counts: Counts
    share: float | None
    met: bool | None  # None: nobody rated yet

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    @property
    def text(self) -> str:
        """ "đảng viên: 87,5 % (7/8)" """
        if self.share is None:
            return f"{self.subject.label}: chưa có kết quả"
        counted = round(self.share * self.counts.rated / 100)
        return f"{self.subject.label}: {self.share_text} ({counted}/{self.counts.rated})"


@dataclass(frozen=True)
class Measure:
    target: Target
    organization: Organization
    reading: Reading
    round: EvaluationRound | None
    parts: tuple[Part, ...]

    @property
    def required(self) -> str:
        """ "≥ 90 % HTTNV trở lên" """
        symbol = SYMBOLS.get(self.target.comparator, "≥")
        return f"{symbol} {format_figure(self.target.value)} % {self.reading.level}"

    @property
    def achieved(self) -> str:
        if not self.parts:
            return "Chưa có đợt đánh giá"
        if len(self.parts) == 1:
            part = self.parts[0]
            if part.share is None:
                return "Chưa có kết quả"
            counted = round(part.share * part.counts.rated / 100)
            return f"{part.share_text} ({counted}/{part.counts.rated})"
        return "; ".join(part.text for part in self.parts)

    @property
    def met(self) -> bool | None:
        if not self.parts or any(part.met is None for part in self.parts):
            return None
        return all(part.met for part in self.parts)

    @property
    def status(self) -> str:
        return {True: "Đạt", False: "Không đạt", None: "Chưa có số liệu"}[self.met]

    @property
    def colour(self) -> str:
        return {True: "success", False: "danger", None: "secondary"}[self.met]

    @property
    def text(self) -> str:
        target = self.target
        return target.source_text.strip() or str(target)


def _years(target: Target) -> tuple[int | None, int | None]:
    document = target.document
    term = document.term if document.term_id else None
    start = target.baseline_on or document.issued_on or (term.starts_on if term else None)
    end = target.deadline or (term.ends_on if term else None)
    return (start.year if start else None, end.year if end else None)


def covers(target: Target, year: int) -> bool:
    first, last = _years(target)
    return (first is None or first <= year) and (last is None or year <= last)


def organization_of(target: Target) -> Organization:
    return target.responsible or target.document.issuer


def _prefixes(path: str, step: int) -> list[str]:
    return [path[:end] for end in range(step, len(path) + 1, step)]


def round_for(target: Target, today: date) -> EvaluationRound | None:
    """The round the target's page measures (module docstring): one query."""
    org = organization_of(target)
    first, last = _years(target)
    rounds = EvaluationRound.objects.filter(
        organization__path__in=_prefixes(org.path, Organization.steplen), year__lte=today.year
    )
    if first is not None:
        rounds = rounds.filter(year__gte=first)
    if last is not None:
        rounds = rounds.filter(year__lte=last)
    return rounds.order_by("-year", "-organization__depth").first()


def measure_in(
    target: Target,
    round_: EvaluationRound | None,
    *,
    member_rows: QuerySet[MemberEvaluation] | None = None,
    organization_rows: QuerySet[OrganizationEvaluation] | None = None,
) -> Measure | None:
    """The target measured from `round_` (None: not yet opened) over its unit's subtree, from
    the rows given (every row when None); None when it is not an evaluation target. One
    statement per subject."""
    read = reading(target)
    if read is None:
        return None
    org = organization_of(target)
    if round_ is None:
        return Measure(target, org, read, None, ())
    members = MemberEvaluation.objects.all() if member_rows is None else member_rows
    bodies = (
        OrganizationEvaluation.objects.all() if organization_rows is None else organization_rows
    )
    parts = []
    for subject in read.subjects:
        if subject.members:
            rows: QuerySet[Any] = members.filter(
                round=round_, organization__path__startswith=org.path
            )
        else:
            rows = bodies.filter(
                round=round_,
                organization__path__startswith=org.path,
                organization__depth__gt=org.depth,
            ).exclude(organization__kind__in=UNRATED_KINDS)
            if subject.kinds:
                rows = rows.filter(organization__kind__in=subject.kinds)
        counts = tally(rows)
        share = counts.share_of(*read.ratings)
        met = None if share is None else _compare(share, target.comparator, target.value)
        parts.append(Part(subject, counts, share, met))
    return Measure(target, org, read, round_, tuple(parts))


def measure(target: Target, today: date) -> Measure | None:
    """For the target's page: the latest round of its period up to today."""
    if reading(target) is None:
        return None
    return measure_in(target, round_for(target, today))


def targets_of(targets: QuerySet[Target], unit: Organization, year: int) -> list[Target]:
    """The evaluation targets the unit answers for in `year`: those it is responsible for, or
    of its own documents with nobody else responsible. `targets` is already scoped."""
    targets = targets.filter(document__status=DocStatus.ISSUED)
    found = (
        targets.filter(responsible=unit)
        | targets.filter(responsible__isnull=True, document__issuer=unit)
    ).select_related("document__term", "document__issuer", "responsible")
    return [
        t
        for t in found.order_by("document__issued_on", "document_id", "position", "id")
        if reading(t) is not None and covers(t, year)
    ]


def measures(
    targets: Iterable[Target],
    round_: EvaluationRound,
    member_rows: QuerySet[MemberEvaluation],
    organization_rows: QuerySet[OrganizationEvaluation],
) -> list[Measure]:
    found = []
    for target in targets:
        result = measure_in(
            target, round_, member_rows=member_rows, organization_rows=organization_rows
        )
        if result is not None:
            found.append(result)
    return found
