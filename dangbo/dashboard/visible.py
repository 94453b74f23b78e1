"""What the dashboard's reader may see, each queryset already scoped by dangbo.access.

The view builds it (only the web edge imports access: DESIGN rule 2, docs/adr/0001); every
section below reads through it and never through a bare manager, so a secretary of cell A
counts only cell A's rows whatever the section. The querysets are lazy: building this costs
no query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, OrganizationEvaluation
from dangbo.indicators.models import IndicatorValue, ReportingForm
from dangbo.meetings import rates
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target, Task


@dataclass(frozen=True)
class Visible:
    # The statistics of the roll and the programs' query scope themselves from the user.
    user: Any
    organizations: QuerySet[Organization]
    meetings: rates.Visible
    rounds: QuerySet[EvaluationRound]
    member_evaluations: QuerySet[MemberEvaluation]
    organization_evaluations: QuerySet[OrganizationEvaluation]
    targets: QuerySet[Target]
    tasks: QuerySet[Task]
    values: QuerySet[IndicatorValue]
    forms: QuerySet[ReportingForm]
