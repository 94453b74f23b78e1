"""The period a target is measured over and the value expected of it by a given day, shared
by every measure of a target (targets.admission, targets.measured) so they agree.

When. An annual target («hằng năm», period ANNUAL) is measured over one calendar year: the
current year, kept between the year the document was issued and the year of the deadline. A
term target (period TERM, or no period) runs from its baseline date, else the document's
issue date, else the start of the document's term, to its deadline, else the end of the term;
without both ends the period is unknown and nothing is measured.

Expected by now. The way from the baseline to the target's value, pro-rated by days across
the window: baseline + (value − baseline) × elapsed share (a term target of 400 over five
years expects 80 after one year; an annual target of 12 expects 6 at the end of June), the
whole value once the window is over. A target without a baseline starts from 0, the rule of
targets.progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dangbo.core.formats import format_date
from dangbo.targets.models import Period, Target


@dataclass(frozen=True)
class Window:
    starts_on: date
    ends_on: date
    label: str

    def elapsed_share(self, today: date) -> Decimal:
        """0 before the window, 1 from its last day, the share of days in between."""
        if today >= self.ends_on:
            return Decimal(1)
        if today < self.starts_on:
            return Decimal(0)
        days = (self.ends_on - self.starts_on).days or 1
        return Decimal((today - self.starts_on).days) / Decimal(days)


def window(target: Target, today: date) -> Window | None:
    """The period the target is measured over (module docstring), or None when unknown."""
    document = target.document
    if target.period == Period.ANNUAL:
        year = today.year
        if target.deadline is not None:
            year = min(year, target.deadline.year)
        if document.issued_on is not None:
            year = max(year, document.issued_on.year)
        return Window(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")
    term = document.term if document.term_id else None
    start = target.baseline_on or document.issued_on or (term.starts_on if term else None)
    end = target.deadline or (term.ends_on if term else None)
    if start is None or end is None or end < start:
        return None
    return Window(start, end, f"Từ {format_date(start)} đến {format_date(end)}")


def expected(value: Decimal, span: Window, today: date, baseline: Decimal | None = None) -> Decimal:
    """What the target should have reached by `today` (module docstring), to 0,1."""
    start = baseline if baseline is not None else Decimal(0)
    reached = start + (value - start) * span.elapsed_share(today)
    return reached.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
