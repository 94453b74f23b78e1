"""Schema changes that several apps' migrations make the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import migrations
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
