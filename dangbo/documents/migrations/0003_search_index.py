"""The full-text index of documents (dangbo/documents/search.py): an FTS5 table kept in step
with Document.search_text by triggers on SQLite, a GIN index on PostgreSQL. Each database gets
only its own; the model state does not change. Idempotent: browser tests re-run every RunPython
of the project after flushing (tests/browser/conftest.py)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "documents_document"
FTS = "documents_document_fts"
GIN = "documents_document_search_gin"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_text, content='{TABLE}', content_rowid='id')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_text ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
# A stored vector (stripped of positions: only AND and prefix queries are asked) so that no
# plan ever re-parses 30 KB bodies; the model does not name it, PostgreSQL fills it.
PG_CREATE = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple', search_text))) STORED",
    f"CREATE INDEX IF NOT EXISTS {GIN} ON {TABLE} USING gin (search_vector)",
]
PG_DROP = [f"DROP INDEX IF EXISTS {GIN}", f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector"]


def fill_search_text(apps: Any, schema_editor: Any) -> None:
    """Rows written before this migration get their folded words (search.index_text)."""
    from dangbo.documents.search import index_text

    Document = apps.get_model("documents", "Document")
    for doc in Document.objects.filter(search_text="").iterator():
        symbol = f"{doc.number:02d}-{doc.kind}/{doc.issuer_code}" if doc.number else ""
        doc.search_text = index_text(doc.title, symbol, doc.summary, doc.body)
        doc.save(update_fields=["search_text"])


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps: Any, schema_editor: Any) -> None:
    fill_search_text(apps, schema_editor)
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE})


def drop(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_numbering_rule")]

    operations = [migrations.RunPython(create, drop)]
