"""Shared set-up of the reporting-form tests: a quarterly form issued by the commune of the
fixed cast to its cells, with a rate (% chi bộ) and a count per cell (mô hình / chi bộ), and
a user of the commune who reviews the reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.indicators import reporting
from dangbo.indicators.models import Indicator, ReportingForm
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.orgs.models import CELL_KINDS

Q3 = period_of(PeriodKind.QUARTER, dt.date(2026, 7, 1))  # due 10/10/2026
Q2 = Q3.previous()
Q4 = Q3.next()  # ends 31/12/2026, after today (01/12/2026)


@dataclass
class Setup:
    form: ReportingForm
    rate: Indicator
    models: Indicator
    reviewer: User


def make_form(tree: Tree, *, reviewer: User | None = None, due_days: int = 10) -> Setup:
    reviewer = reviewer or make_user("vanphong_xa", "Đỗ Thị Văn Phòng", tree.commune, Role.OFFICE)
    rate = IndicatorFactory.create(
        code="ty-le-chi-bo-144", name="Tỷ lệ chi bộ thực hiện Quy định 144"
    )
    models = IndicatorFactory.create(
        code="mo-hinh-moi-chi-bo",
        name="Số mô hình học tập và làm theo Bác mỗi chi bộ",
        unit="mô hình/chi bộ",
        numerator_label="Số mô hình",
        denominator_label="Số chi bộ",
        min_value=Decimal(0),
        max_value=Decimal(20),
    )
    form = reporting.create_form(
        actor=reviewer,
        issuer=tree.commune,
        code="bieu-01-xa",
        name="Biểu 01: Kết quả thực hiện chương trình hành động",
        period_kind=PeriodKind.QUARTER,
        org_kinds=list(CELL_KINDS),
        indicators=[rate, models],
        due_days=due_days,
        remind_days=3,
    )
    return Setup(form, rate, models, reviewer)


def good_values(s: Setup, done: int = 1, models: int = 2) -> dict[Indicator, tuple[Any, ...]]:
    return {s.rate: (done, 1, ""), s.models: (models, 1, "Mô hình «Dân vận khéo»")}
