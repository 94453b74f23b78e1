"""Targets measured from the indicator values (issue #9 §3): a target linked to an indicator
fills in its own progress, with a forecast to its deadline and a status whose rule is shown.

Which value. The `IndicatorValue` rows of the linked indicator for the responsible
organization, else the document's issuer (a unit's value is that of its whole subtree), in
the target's window (dangbo.targets.windows: the year of today for an annual target, from
the baseline date to the deadline for a term target):

* a count that adds up over time (no denominator, not "%", and the term among the
  indicator's kinds: new members admitted) is the sum of its year values over the window
  (whole years, as the engine computes them), else of its term value; a stock such as the
  members on the roll does not add up and is read as a rate is;
* anything else (a rate, an average, a stock) is the value of the most recent period with a
  value among the indicator's kinds: the latest end, and of two ending the same day (the
  year and its last quarter) the longer, which holds more of the data: in December the
  year so far rather than a quarter barely begun.

The figure belongs to the target, as its reported progress does: the whole subtree's value,
whoever reads the page.

Expected by now. baseline + (target − baseline) × elapsed share of the window
(windows.expected, the rule admissions use too).

Forecast to the deadline (the end of the window). A straight line through the series of
values of the same kind (least squares, targets.progress.least_squares) when there are two
periods or more; else the line from the dated baseline to the current value; else the
current value itself. Clamped to 0–100 for "%" and to the indicator's range.

Status, in this order: «Đạt» (met) when the current value already satisfies the comparator;
«Đúng tiến độ» when the forecast satisfies it and the current value is at or past the
expected one; «Có nguy cơ» when the forecast satisfies it but the current value is behind,
or the forecast misses by at most 10% of the target; «Chậm tiến độ» otherwise; «Chưa có số
liệu» without a value. For "≤"/"<" targets (poor households, KHTNV) "past" means below. The
`formula` states the rule applied with the numbers.
"""

from dangbo.targets.measured.measure import Measured, measure, measure_all, measure_one
from dangbo.targets.measured.reading import Reading, Row, additive, read
from dangbo.targets.measured.rules import (
    AT_RISK_GAP,
    RULE,
    STATUS_COLOURS,
    STATUS_LABELS,
    Status,
    figure,
    forecast,
    formula,
    satisfies,
    status,
)

__all__ = [
    "AT_RISK_GAP",
    "RULE",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "Measured",
    "Reading",
    "Row",
    "Status",
    "additive",
    "figure",
    "forecast",
    "formula",
    "measure",
    "measure_all",
    "measure_one",
    "read",
    "satisfies",
    "status",
]
