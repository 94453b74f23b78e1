"""Admission targets measured from the admissions data (issue #7 §3: "a funnel per
organization and year against the admission targets of the current program").

Which target is an admission target. Its unit folds (dangbo.core.text.fold: lower case, no
diacritics) to exactly "dang vien", and its metric, label, subject or source text folds to
contain "ket nap": «Kết nạp 12 đảng viên mới trong năm 2026», «kết nạp từ 400 đảng viên mới
trở lên». A target in "%" or about members in general ("đảng viên được đánh giá…") is not one.

Where. The subtree of the responsible organization, or of the document's issuer when no
organization is responsible; every candidate of a cell in that subtree counts.

When. The target's window (dangbo.targets.windows): one calendar year for an annual
target, from its baseline date to its deadline for a term target.

What counts as admitted. A candidate is admitted on the date of the decision to admit
(«quyết định kết nạp», Điều lệ Art. 5: the party age counts from it), the DECISION stage
record of admissions, not the ceremony. The count is every decision in the subtree dated in
the period up to today. The figure belongs to the target, as its reported progress does:
it counts the whole subtree whoever reads the page, and no name is ever shown.

Expected by now. The target's value pro-rated by days across the window (windows.expected,
counted from 0: a term target of 400 over five years expects 80 after one year). «Đạt» when
the admitted count reaches the expected value, «Chậm» when it does not; the target is met
when the count reaches its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.admissions.models import Candidate, Stage
from dangbo.admissions.queries import stage_counts_by_year
from dangbo.core.text import fold
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target
from dangbo.targets.windows import Window, window
from dangbo.targets.windows import expected as expected_by

UNIT = "dang vien"
VERB = "ket nap"
ADMITTED = Stage.DECISION  # «quyết định kết nạp»: the date a candidate is admitted
# The columns of the funnel: identified → course → file → resolution → decision → official.
FUNNEL = (
    Stage.IDENTIFIED,
    Stage.COURSE,
    Stage.FILE,
    Stage.CELL_RESOLUTION,
    Stage.DECISION,
    Stage.OFFICIAL,
)
FUNNEL_LABELS = {
    Stage.IDENTIFIED: "Xác định",
    Stage.COURSE: "Học lớp nhận thức",
    Stage.FILE: "Hoàn thiện hồ sơ",
    Stage.CELL_RESOLUTION: "Nghị quyết chi bộ",
    Stage.DECISION: "Quyết định kết nạp",
    Stage.OFFICIAL: "Công nhận chính thức",
}


def is_admission_target(target: Target) -> bool:
    if fold(target.unit) != UNIT:
        return False
    texts = (target.metric, target.label, target.subject, target.source_text)
    return any(VERB in fold(text or "") for text in texts)


@dataclass(frozen=True)
class YearRow:
    year: int
    starts_on: date
    ends_on: date
    counts: list[int]  # in the order of FUNNEL

    @property
    def admitted(self) -> int:
        return self.counts[FUNNEL.index(ADMITTED)]


@dataclass(frozen=True)
class Measure:
    organization: Organization
    window: Window | None
    years: list[YearRow]
    admitted: int
    value: Decimal
    expected: Decimal
    on_track: bool
    met: bool

    @property
    def columns(self) -> list[str]:
        return [FUNNEL_LABELS[s] for s in FUNNEL]

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.years) for i in range(len(FUNNEL))]

    @property
    def status(self) -> str:
        return "Đạt" if self.on_track else "Chậm"

    @property
    def colour(self) -> str:
        return "success" if self.on_track else "danger"


def measure(target: Target, today: date) -> Measure | None:
    """The admission target measured from the candidates' stage records; None when the
    target is not an admission target. Two queries (the term, when used; the counts)."""
    if not is_admission_target(target):
        return None
    org = target.responsible or target.document.issuer
    span = window(target, today)
    if span is None:
        return Measure(org, None, [], 0, target.value, Decimal(0), False, False)
    last = min(span.ends_on, today)
    candidates = Candidate.objects.filter(organization__path__startswith=org.path)
    counts = (
        stage_counts_by_year(candidates, span.starts_on, last) if last >= span.starts_on else {}
    )
    years = [
        YearRow(
            year,
            max(span.starts_on, date(year, 1, 1)),
            min(span.ends_on, date(year, 12, 31)),
            [counts.get(year, {}).get(stage, 0) for stage in FUNNEL],
        )
        for year in range(span.starts_on.year, max(span.starts_on.year, last.year) + 1)
    ]
    admitted = sum(row.admitted for row in years)
    expected = expected_by(target.value, span, today)
    return Measure(
        organization=org,
        window=span,
        years=years,
        admitted=admitted,
        value=target.value,
        expected=expected,
        on_track=admitted >= expected,
        met=admitted >= target.value,
    )
