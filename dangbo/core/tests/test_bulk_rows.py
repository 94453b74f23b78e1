from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.db import connection

from dangbo.core.bulk_rows import FreshStatistics, TableWriter
from dangbo.core.models import Rule

pytestmark = pytest.mark.django_db

COLUMNS = ("key", "value", "source", "valid_from")


def _write(count: int, prefix: str) -> None:
    writer = TableWriter(Rule, COLUMNS, batch_size=500)
    for n in range(count):
        day = date(2000, 1, 1) + timedelta(days=n)
        writer.add((f"{prefix}_{n % 7}", json.dumps(n), "thử", day))
    writer.flush()


def _counted_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Rule._meta.db_table])
        return int(cursor.fetchone()[0])


def test_the_rows_are_written_with_the_defaults_of_the_columns_left_out() -> None:
    _write(1200, "bulk")

    rows = Rule.objects.filter(key__startswith="bulk_")
    assert rows.count() == 1200
    assert set(rows.values_list("note", flat=True)) == {""}
    assert set(rows.values_list("valid_to", flat=True)) == {None}


def test_statistics_are_refreshed_once_the_writes_have_at_least_doubled_the_table() -> None:
    statistics = FreshStatistics(Rule)
    _write(1500, "bulk")
    statistics.grew(1500)

    ran = statistics.settle()

    if connection.vendor != "postgresql":
        assert ran is False  # SQLite plans without kept statistics: nothing to do
        return
    assert ran is True
    assert _counted_rows() >= 1500  # ANALYZE counted the rows of this transaction
    # Nothing added since: nothing to do.
    assert statistics.settle() is False


def test_a_write_small_beside_the_table_leaves_the_statistics_alone() -> None:
    statistics = FreshStatistics(Rule)
    _write(2000, "bulk")
    statistics.grew(2000)
    statistics.settle()
    _write(10, "more")
    statistics.grew(10)

    assert statistics.settle() is False
