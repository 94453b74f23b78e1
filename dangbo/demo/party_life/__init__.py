"""A year of party life for the demo (issue #7 §4), December 2025 to November 2026, seen on
01/12/2026: cell meetings with their attendance (`meetings`), two study campaigns (`study`),
candidates at every stage of admission (`admissions`) and the commune's 2026 admission target
(`target`).

Like dangbo.demo.program it goes through the apps' services only, on fixed dates. Choices
among members (who is absent, who sponsors) come from a generator seeded with a constant,
consumed in a fixed order, so the same roll gives the same year. The candidates come first:
those admitted are on their cell's roll, and so on the attendance sheets, from their
ceremony on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from dangbo.core.formats import format_number
from dangbo.demo.party_life.admissions import AdmissionStats, seed_admissions
from dangbo.demo.party_life.context import load_context
from dangbo.demo.party_life.evaluations import EvaluationStats, seed_evaluations
from dangbo.demo.party_life.four_good import FourGoodStats, seed_four_good
from dangbo.demo.party_life.meetings import MeetingStats, seed_meetings
from dangbo.demo.party_life.study import CampaignStats, seed_study
from dangbo.demo.party_life.target import seed_target
from dangbo.demo.program import RESOLUTION_SYMBOL, SYMBOL
from dangbo.documents.models import Document
from dangbo.meetings.models import Meeting
from dangbo.targets.models import Target

__all__ = ["PartyLifeResult", "load_party_life"]

SEED = 2026


@dataclass
class PartyLifeResult:
    meetings: MeetingStats
    campaigns: list[CampaignStats]
    admissions: AdmissionStats
    plan: Document
    target: Target
    evaluations: EvaluationStats | None = None
    four_good: FourGoodStats | None = None

    def summary(self) -> str:
        m, a, n = self.meetings, self.admissions, format_number
        campaigns = ", ".join(
            f"{c.document.symbol} {n(c.studied)}/{n(c.expected)} đảng viên ({c.sessions} buổi)"
            for c in self.campaigns
        )
        return (
            f"Sinh hoạt đảng: {n(m.cells)} chi bộ, {n(m.held)} buổi đã họp "
            f"({n(m.marks)} lượt điểm danh), "
            f"{m.planned} buổi tháng 12/2026 đã thông báo; học tập: {campaigns or 'không có'}; "
            f"phát triển đảng viên: {a.candidates} người vào Đảng, {a.courses} lớp nhận thức; "
            f"chỉ tiêu «{self.target.label}» ({self.plan.symbol})"
            + (f"; {self.evaluations.summary()}" if self.evaluations else "")
            + (f"; {self.four_good.summary()}." if self.four_good else ".")
        )


def _documents(root_code: str) -> dict[str, Document]:
    found = Document.objects.filter(issuer__code=f"{root_code}.MTTQ", number__isnull=False)
    return {d.symbol: d for d in found if d.symbol in (RESOLUTION_SYMBOL, SYMBOL)}


def load_party_life(root_code: str = "CM", *, all_cells: bool = False) -> PartyLifeResult | None:
    """The year for the bithu's commune (every cell of the province when `all_cells`, the small
    size); None when the demo has no bithu cell or already has its meetings."""
    # Demo data, not secrets: a seeded generator is what makes the year reproducible.
    rng = random.Random(SEED)  # noqa: S311
    ctx = load_context(rng, all_cells, root_code)
    if ctx is None or Meeting.objects.filter(organization=ctx.bithu_cell).exists():
        return None
    admissions = seed_admissions(ctx)
    meetings = seed_meetings(ctx, admissions.agenda or {})
    campaigns = seed_study(ctx, _documents(root_code))
    plan, target = seed_target(ctx)
    # Last: the members admitted in December 2025 are on the 2025 rating day's roll.
    evaluations = seed_evaluations(ctx)
    # After the ratings of 2025, which two of its criteria read.
    four_good = seed_four_good(ctx)
    return PartyLifeResult(meetings, campaigns, admissions, plan, target, evaluations, four_good)
