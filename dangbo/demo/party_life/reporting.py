"""Reporting forms in the demo (issue #9 §2): what the units report that the software does not
hold, through the forms their committees issue, as on paper.

- The Đảng ủy MTTQ tỉnh issues the quarterly "Biểu 01/BC-ĐU" for the four reported targets of
  02-CTr/ĐU; each of its cells reports Q1–Q3 2026, approved. The figures rise over the
  quarters in line with the program's quarterly progress (dangbo.demo.program.TARGETS): a cell
  reports for itself, so for "% chi bộ" it writes 1/1 or 0/1 and the Đảng bộ's value is the
  share of its cells that do. One cell's Q3 report is returned with a comment and sent again;
  one cell sent its Q1 report late. Q4 2026 is not yet due (it ends on 31/12).
- The bithu's commune issues a yearly form for the poor-household rate to its cells; 2025 is
  reported and approved.

Everything goes through dangbo.indicators.reporting, with the dates the reports were sent and
reviewed (entered from paper); nothing draws on a random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.demo.party_life.context import Context, load_context
from dangbo.demo.program import TARGETS
from dangbo.indicators import reporting
from dangbo.indicators.models import Indicator, ReportingForm
from dangbo.indicators.periods import Period, PeriodKind, period_of
from dangbo.indicators.reporting_queries import reporting_units
from dangbo.orgs.models import CELL_KINDS, Organization

FRONT_FORM = "bieu-01-bc-du"
FRONT_NAME = "Biểu 01/BC-ĐU: Kết quả thực hiện Chương trình hành động 02-CTr/ĐU"
COMMUNE_FORM = "bieu-02-ho-ngheo"
COMMUNE_NAME = "Biểu 02/BC-ĐU: Hộ nghèo trên địa bàn"
QUARTERS = tuple(period_of(PeriodKind.QUARTER, date(2026, m, 1)) for m in (1, 4, 7))
YEAR_2025 = period_of(PeriodKind.YEAR, date(2025, 1, 1))
RETURN_COMMENT = (
    "Tổng số cán bộ, đảng viên, đoàn viên, hội viên chưa khớp với danh sách đã gửi Ban Tổ "
    "chức; đề nghị chi bộ rà soát, báo cáo lại."
)


@dataclass(frozen=True)
class ReportingStats:
    forms: int
    approved: int
    returned: int

    def summary(self) -> str:
        return (
            f"Biểu mẫu báo cáo: {self.forms} biểu, {self.approved} báo cáo đã duyệt "
            f"({self.returned} lần trả lại)"
        )


def _program_share(code: str, quarter: int) -> Decimal:
    """The program's reported progress for a quarter of 2026 (TARGETS values are Q4/2025, then
    Q1–Q3/2026), as a number: "97,5" → 97.5."""
    line = {
        "cells_qd144": "100% chi bộ thực hiện Quy định 144",
        "cell_models": "Mỗi chi bộ có ít nhất một mô hình",
        "cells_digital": "100% chi bộ thực hiện nghiêm Đề án chuyển đổi số",
        "digital_literacy": "100% cán bộ, đảng viên, đoàn viên",
    }[code]
    plan = next(t for t in TARGETS if t.line == line)
    return Decimal(plan.values[quarter + 1].replace(",", "."))


def _doing(count: int, share: Decimal, index: int) -> bool:
    """Is the cell at `index` among the round(count × share) cells that do it? The same cells
    keep doing it as the share rises."""
    return index < int(count * share + Decimal("0.5"))


def _figures(
    indicators: dict[str, Indicator], cells: int, index: int, quarter: int, people: int
) -> dict[Indicator, tuple[int, int, str]]:
    qd144 = _program_share("cells_qd144", quarter) / 100
    digital = _program_share("cells_digital", quarter) / 100
    models = _program_share("cell_models", quarter)
    literacy = _program_share("digital_literacy", quarter) + (index % 5 - 2) * 3
    trained = min(people, int(people * literacy / 100 + Decimal("0.5")))
    # Other orders than qd144's, so the cells doing one thing are not always the same ones.
    digital_index = (index + 2) % cells
    models_index = (cells - 1 - index) % cells
    return {
        indicators["cells_qd144"]: (int(_doing(cells, qd144, index)), 1, ""),
        indicators["cell_models"]: (
            int(_doing(cells, models, models_index)),
            1,
            "Mô hình «Dân vận khéo»" if _doing(cells, models, models_index) else "",
        ),
        indicators["cells_digital"]: (int(_doing(cells, digital, digital_index)), 1, ""),
        indicators["digital_literacy"]: (trained, people, ""),
    }


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _send(
    actor: User,
    office: User,
    form: ReportingForm,
    cell: Organization,
    period: Period,
    values: dict[Indicator, tuple[int, int, str]],
    sent_on: date,
) -> None:
    submission = reporting.save_submission(
        actor=actor, form=form, organization=cell, period=period, values=values
    )
    reporting.submit_submission(actor=actor, submission=submission, sent_at=_at(sent_on))
    reporting.approve_submission(
        actor=office, submission=submission, reviewed_at=_at(sent_on + timedelta(days=3), 15)
    )


def _front_form(ctx: Context, front: Organization, indicators: dict[str, Indicator]) -> int:
    """Biểu 01/BC-ĐU and three quarters of reports of every cell; returns how many."""
    form = reporting.create_form(
        actor=ctx.office,
        issuer=front,
        code=FRONT_FORM,
        name=FRONT_NAME,
        period_kind=PeriodKind.QUARTER,
        org_kinds=list(CELL_KINDS),
        indicators=[indicators[c] for c in ("cells_qd144", "cell_models", "cells_digital")]
        + [indicators["digital_literacy"]],
        due_days=10,
        remind_days=5,
    )
    cells = list(reporting_units(form).order_by("path"))
    approved = 0
    for quarter, period in enumerate(QUARTERS):
        due = reporting.due_on(form, period)
        for index, cell in enumerate(cells):
            people = 24 + (index * 7) % 19
            values = _figures(indicators, len(cells), index, quarter, people)
            actor = ctx.actor_for(cell)
            # Most send a few days before the deadline; the last cell sent its Q1 late.
            late = quarter == 0 and index == len(cells) - 1
            sent_on = due + timedelta(days=4) if late else due - timedelta(days=2 + index % 4)
            if quarter == 2 and index == 0:
                _returned_once(ctx, form, cell, period, values, sent_on)
            else:
                _send(actor, ctx.office, form, cell, period, values, sent_on)
            approved += 1
    return approved


def _returned_once(
    ctx: Context,
    form: ReportingForm,
    cell: Organization,
    period: Period,
    values: dict[Indicator, tuple[int, int, str]],
    sent_on: date,
) -> None:
    """Sent with a wrong total of people, returned with the office's comment, corrected."""
    actor = ctx.actor_for(cell)
    literacy = next(i for i in values if i.code == "digital_literacy")
    trained, people, _ = values[literacy]
    wrong = {**values, literacy: (trained, people + 40, "")}
    first = reporting.save_submission(
        actor=actor, form=form, organization=cell, period=period, values=wrong
    )
    early = sent_on - timedelta(days=5)
    reporting.submit_submission(actor=actor, submission=first, sent_at=_at(early))
    reporting.return_submission(
        actor=ctx.office,
        submission=first,
        comment=RETURN_COMMENT,
        reviewed_at=_at(early + timedelta(days=1), 14),
    )
    _send(actor, ctx.office, form, cell, period, values, sent_on)


def _commune_form(ctx: Context, poor: Indicator) -> int:
    """The commune's yearly poor-household form, 2025 reported and approved by its cells."""
    form = reporting.create_form(
        actor=ctx.office,
        issuer=ctx.commune,
        code=COMMUNE_FORM,
        name=COMMUNE_NAME,
        period_kind=PeriodKind.YEAR,
        org_kinds=list(CELL_KINDS),
        indicators=[poor],
        due_days=15,
        remind_days=5,
    )
    cells = list(reporting_units(form).order_by("path"))
    due = reporting.due_on(form, YEAR_2025)
    for index, cell in enumerate(cells):
        households = 320 + (index * 53) % 260
        poor_count = households * (2 + index % 4) // 100
        values = {poor: (poor_count, households, "Theo kết quả rà soát hộ nghèo cuối năm 2025")}
        _send(
            ctx.actor_for(cell), ctx.office, form, cell, YEAR_2025, values, due - timedelta(days=3)
        )
    return len(cells)


def load_reporting(root_code: str = "CM") -> ReportingStats | None:
    """The reporting demo for the province `root_code`; None when it has no bithu cell."""
    # The context's generator is not drawn on here; any seed gives the same reports.
    ctx = load_context(random.Random(0), False, root_code)  # noqa: S311
    if ctx is None or ReportingForm.objects.filter(code=FRONT_FORM).exists():
        return None
    return seed_reporting(ctx)


def seed_reporting(ctx: Context) -> ReportingStats | None:
    """Both forms and their reports; None when the catalog or the Đảng bộ MTTQ is missing."""
    codes = ("cells_qd144", "cell_models", "cells_digital", "digital_literacy", "poor_households")
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    if ctx.front is None or len(indicators) < len(codes):
        return None
    approved = _front_form(ctx, ctx.front, indicators)
    approved += _commune_form(ctx, indicators["poor_households"])
    return ReportingStats(forms=2, approved=approved, returned=1)
