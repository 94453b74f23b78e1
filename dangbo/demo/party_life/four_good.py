"""«Chi bộ bốn tốt» in the demo (issue #9: target 6 of 02-CTr/ĐU, "70% chi bộ đạt chuẩn «Chi bộ
bốn tốt»", is measured from the recognitions).

The Đảng ủy MTTQ tỉnh issues its criteria for cells from 2025 (one per content of NQ 21-NQ/TW;
three read from the data: the cell's own 2025 rating, its members' ratings, no discipline),
assesses each of its cells for 2025 after its January rating (dangbo.demo.party_life.evaluations)
and recognizes by decision those that pass all four. The content the software cannot read
(the quality of meetings, judged from the minutes) passes for about a third of the cells, so
2025 starts near the program's baseline of 15–20%.

Everything goes through dangbo.four_good.services; choices come from a generator of their own
seeded with a constant.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.demo.party_life.context import Context, child_cells
from dangbo.four_good import services
from dangbo.four_good.models import AppliesTo, FourGoodAssessment, Group, Measure

SEED = 2104
YEAR = 2025
SET_NAME = "Tiêu chí chi bộ bốn tốt (Đảng bộ MTTQ tỉnh)"
SET_SOURCE = "Hướng dẫn của Ban Thường vụ Đảng ủy MTTQ tỉnh, ngày 15/12/2025 (dữ liệu mẫu)"
DECISION_NUMBER = "12-QĐ/ĐU"
DECISION_DATE = date(2026, 1, 22)
MEETINGS_PASS_SHARE = 0.35
MEETINGS_LABEL = (
    "Sinh hoạt chi bộ nền nếp, đúng định kỳ; nội dung thiết thực theo Hướng dẫn 12-HD/BTCTW"
)
MEETINGS_EVIDENCE = "Biên bản sinh hoạt chi bộ 12 tháng năm 2025; sổ ghi biên bản được kiểm tra."
# (content, label, how it is decided, threshold)
CRITERIA = (
    (Group.LEADERSHIP, "", Measure.ORG_RATING, None),
    (Group.MEETINGS, MEETINGS_LABEL, Measure.MANUAL, None),
    (Group.UNITY, "", Measure.NO_DISCIPLINE, None),
    (Group.CADRES, "", Measure.MEMBER_GOOD_SHARE, Decimal(90)),
)


@dataclass(frozen=True)
class FourGoodStats:
    assessed: int
    recognized: int

    def summary(self) -> str:
        return f"chi bộ bốn tốt năm {YEAR}: {self.recognized}/{self.assessed} chi bộ được công nhận"


def seed_four_good(ctx: Context) -> FourGoodStats | None:
    """The front's 2025 criteria, assessments and recognitions; None without a front."""
    front = ctx.front
    if front is None or front.path.startswith(ctx.commune.path):
        return None
    # Demo data, not secrets: a seeded generator is what makes the results reproducible.
    rng = random.Random(SEED)  # noqa: S311
    criteria_set = services.create_set(
        actor=ctx.office,
        organization=front,
        data=services.SetInput(
            name=SET_NAME, source=SET_SOURCE, valid_from=YEAR, applies_to=AppliesTo.CELL
        ),
    )
    manual = []
    for group, label, measure_kind, threshold in CRITERIA:
        criterion = services.add_criterion(
            actor=ctx.office,
            criteria_set=criteria_set,
            group=group,
            label=label,
            measure_kind=measure_kind,
            threshold=threshold,
        )
        if measure_kind == Measure.MANUAL:
            manual.append(criterion.pk)
    assessments: list[FourGoodAssessment] = []
    for cell in child_cells(front):
        passed = rng.random() < MEETINGS_PASS_SHARE
        answers = {
            pk: services.ManualAnswer(passed, MEETINGS_EVIDENCE if passed else "") for pk in manual
        }
        assessments.append(
            services.assess(actor=ctx.office, organization=cell, year=YEAR, manual_answers=answers)
        )
    recognized = 0
    for assessment in assessments:
        if assessment.eligible:
            services.recognize(
                actor=ctx.office,
                assessment=assessment,
                decision_number=DECISION_NUMBER,
                decision_date=DECISION_DATE,
            )
            recognized += 1
    return FourGoodStats(len(assessments), recognized)
