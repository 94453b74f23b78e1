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
        tail = [f for name, f in by_attname.items() if name not in given]
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
