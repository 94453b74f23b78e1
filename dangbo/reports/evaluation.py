"""Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm N: what the page,
the spreadsheet and the Word file of one round and one unit show (issue #8 §4).

It gathers, for a unit of the round's subtree: the rules applied (the round's rules source and
the reading of the HTXSNV quota), the member and organization tables per child unit with
their totals (evaluations.summary), the unit's evaluation targets against the round's results
(targets.evaluation) and the members not classified with why. The caller passes what the user
may see (already scoped by dangbo.access)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from dangbo.evaluations.models import SHORT, EvaluationRound, Rating, RoundStage
from dangbo.evaluations.quota import reading_text
from dangbo.evaluations.rules import for_year
from dangbo.evaluations.summary import (
    RATINGS,
    Counts,
    Summary,
    SummaryTable,
    UnclassifiedList,
    Visible,
    percent_text,
    summary,
    unclassified,
)
from dangbo.orgs.models import Organization
from dangbo.targets.evaluation import Measure, measures, targets_of
from dangbo.targets.models import Target

FINAL_STAGES = (RoundStage.PUBLISHED, RoundStage.LOCKED)


def title(year: int) -> str:
    return f"Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}"


@dataclass
class EvaluationReport:
    round: EvaluationRound
    unit: Organization
    summary: Summary
    unclassified: UnclassifiedList
    measures: list[Measure]
    quota_text: str

    @property
    def title(self) -> str:
        return title(self.round.year)

    @property
    def final(self) -> bool:
        """Published or locked: otherwise the figures are provisional (proposals count)."""
        return self.round.stage in FINAL_STAGES

    @property
    def members(self) -> SummaryTable:
        return self.summary.members

    @property
    def organizations(self) -> SummaryTable:
        return self.summary.organizations


def quota_text(round_: EvaluationRound) -> str:
    try:
        share = for_year(round_.year).excellent_share
    except ImproperlyConfigured:
        share = Fraction(1, 5)
    return reading_text(round_.quota_reading, share)


def build(
    visible: Visible, targets: QuerySet[Target], round_: EvaluationRound, unit: Organization
) -> EvaluationReport:
    """ValidationError (field "don-vi") when the unit is outside the round."""
    tables = summary(visible, round_, unit)
    return EvaluationReport(
        round=round_,
        unit=unit,
        summary=tables,
        unclassified=unclassified(visible, round_, unit),
        measures=measures(
            targets_of(targets, unit, round_.year),
            round_,
            visible.member_evaluations,
            visible.organization_evaluations,
        ),
        quota_text=quota_text(round_),
    )


def totals_sentence(counts: Counts, noun: str, *, members: bool) -> str:
    """The figures of a total as the report's prose gives them."""
    parts = [
        f"{Rating(r).label} ({SHORT[r]}): {counts.ratings[r]} ({percent_text(counts.share(r))})"
        for r in RATINGS
    ]
    text = (
        f"Tổng số {noun} phải đánh giá, xếp loại: {counts.roll}; đã xếp loại: {counts.rated}, "
        f"trong đó: {'; '.join(parts)}. Không xếp loại: {counts.not_rated}; "
        f"chưa xếp loại: {counts.unrated}."
    )
    if members and counts.exempt:
        text += f" Miễn công tác và sinh hoạt đảng (không đánh giá): {counts.exempt}."
    return text
