"""Rows of one table written in batches: COPY on PostgreSQL, executemany elsewhere.

The bulk paths (the demo roll, spreadsheet imports) write tens of thousands of rows where the
ORM's save() or bulk_create() would cost a round trip or a model instance per row. Rows are
tuples of database-ready values in the order of `columns`; whoever builds them keeps the
promises the services keep (see dangbo.members.services.bulk).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


class TableWriter:
    """Rows of one table, written in batches inside the caller's transaction.

    A row gives `columns` (attnames) in order; every other column gets its field's default
    (or NULL), so a field added to the model later does not break the seed."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], batch_size: int):
        self.model = model
        self.batch_size = batch_size
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        given = set(columns)
        # An auto-increment primary key left out is numbered by the database.
        tail = [
            f
            for name, f in by_attname.items()
            if name not in given and not (f.primary_key and isinstance(f, models.AutoField))
        ]
        for f in tail:
            if not (f.has_default() or f.null or (f.blank and f.empty_strings_allowed)):
                raise ValueError(f"{model.__name__}.{f.name} needs a value in bulk rows")
        names = [by_attname[c].column for c in columns] + [f.column for f in tail]
        # get_default() is the default, else None for a nullable field, else "".
        self._tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in tail)
        quote = connection.ops.quote_name
        self._table = quote(model._meta.db_table)
        self._columns = ", ".join(quote(n) for n in names)
        self._rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self._rows.append(row + self._tail if self._tail else row)
        if len(self._rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        rows, self._rows = self._rows, []
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than INSERT for millions of rows.
                copy_sql = f"COPY {self._table} ({self._columns}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                insert_sql = f"INSERT INTO {self._table} ({self._columns}) VALUES ({marks})"  # noqa: S608 (names from model metadata)
                cursor.executemany(insert_sql, rows)
        self.written += len(rows)


class FreshStatistics:
    """Fresh PostgreSQL statistics for a table after a long bulk write, before COMMIT.

    Inside one transaction the planner still has the statistics of the table as it was
    before it. The writes' own lookups do not depend on them (they probe an index per value),
    but the deferred foreign-key checks at COMMIT run queries that PostgreSQL plans once per
    connection and keeps: planned against a table believed to hold a few hundred rows, each
    of 100,000 checks could scan it whole. ANALYZE within the transaction counts its own rows
    and drops such kept plans; once, when the writes are done (`settle`), and only when they
    added at least as many rows as the table had (ANALYZE after every batch cost a PostgreSQL
    commit of 100,000 members 1.3–2 s). Nothing to do on SQLite.
    """

    def __init__(self, *models: type[models.Model]) -> None:
        self.tables = [m._meta.db_table for m in models]
        self.added = 0

    def grew(self, rows: int) -> None:
        self.added += rows

    def settle(self) -> bool:
        """ANALYZE the tables if the writes doubled the first one; True when it ran."""
        if connection.vendor != "postgresql" or not self.tables or not self.added:
            return False
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # reltuples is what the last ANALYZE (or VACUUM) counted, before this transaction.
            cursor.execute(
                "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = %s",
                [self.tables[0]],
            )
            found = cursor.fetchone()
            if self.added < max(1000, int(found[0]) if found else 0):
                return False
            cursor.execute("ANALYZE " + ", ".join(quote(t) for t in self.tables))
        self.added = 0
        return True
