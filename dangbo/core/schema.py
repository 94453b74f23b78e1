"""Schema pieces that several apps' models and migrations build the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import migrations, models
from django.db.migrations.operations.base import Operation


def without_own_indexes(
    state_operations: Sequence[Operation], dropped: Mapping[str, tuple[str, str]]
) -> migrations.SeparateDatabaseAndState:
    """Fields that lose their single-column index (`state_operations`: their AlterField with
    db_index=False), the indexes dropped by name: Django names them the same on SQLite and
    PostgreSQL, and on SQLite an AlterField would copy the whole table to drop one index.
    `dropped`: index name → (table, column), to build it again if the migration is reversed."""
    return migrations.SeparateDatabaseAndState(
        state_operations=list(state_operations),
        database_operations=[
            migrations.RunSQL(
                f'DROP INDEX IF EXISTS "{name}"',
                reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
            )
            for name, (table, column) in dropped.items()
        ],
    )


def where_set(field: str, name: str) -> models.Index:
    """An index of `field` holding only the rows where it is set: for a foreign key few rows
    fill, so inserts write no entry for NULL into it. A lookup by the key implies IS NOT NULL,
    which both databases read from such an index."""
    return models.Index(
        fields=[field], condition=models.Q(**{f"{field}__isnull": False}), name=name
    )
