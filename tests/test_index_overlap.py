"""The tables written in bulk (imports, attendance marks, evaluations, indicator values) keep
no single-column index that only repeats the first column of a composite one: the composite
serves the same lookups, and each extra index costs every row written."""

from __future__ import annotations

import pytest
from django.db import connection, models

from dangbo.evaluations.models import MemberEvaluation
from dangbo.imports.models import ImportRecord
from dangbo.indicators.models import IndicatorValue, SubmissionValue
from dangbo.meetings.models import Attendance
from dangbo.members.models import Member, MemberEvent
from dangbo.study.models import StudyAttendance

WRITTEN_IN_BULK = [
    Member,
    MemberEvent,
    ImportRecord,
    Attendance,
    StudyAttendance,
    MemberEvaluation,
    IndicatorValue,
    SubmissionValue,
]


def _partial(model: type[models.Model]) -> set[str]:
    """Names of the model's indexes and constraints that hold only some rows."""
    declared = [*model._meta.indexes, *model._meta.constraints]
    return {item.name for item in declared if getattr(item, "condition", None) is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("model", WRITTEN_IN_BULK, ids=lambda m: m.__name__)
def test_no_single_column_index_repeats_the_lead_of_a_composite_one(model) -> None:
    partial = _partial(model)
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = {
        name: c["columns"]
        for name, c in found.items()
        if (c["index"] or c["unique"]) and not c["primary_key"] and name not in partial
    }
    repeated = [
        name
        for name, columns in indexes.items()
        if len(columns) == 1
        and not found[name]["unique"]
        and any(
            len(other) > 1 and other[0] == columns[0]
            for key, other in indexes.items()
            if key != name
        )
    ]
    assert repeated == []
