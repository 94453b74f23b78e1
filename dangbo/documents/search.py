"""Full-text search over documents, forgiving of diacritics ("nghi quyet" finds "Nghị quyết",
"d" finds "đ"), fast at province scale on both databases.

`Document.search_text` holds the folded words of title, symbol, summary and body (lower-case
ASCII letters and digits separated by single spaces, see `index_text`). It is indexed by:
- SQLite: the FTS5 table `documents_document_fts` (external content on search_text, kept in
  step by triggers, migration 0003);
- PostgreSQL: a GIN index on to_tsvector('simple', search_text) (migration 0003).
Punctuation is dropped before indexing so that both engines split "02-CTr/ĐU" into the same
words (PostgreSQL's parser would otherwise read "ctr/du" as a file path).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from dangbo.core.text import fold
from dangbo.documents.models import Document

FTS_TABLE = "documents_document_fts"
PG_INDEX = "documents_document_search_gin"
_WORD = re.compile(r"[a-z0-9]+")
SQLITE_MATCH = (
    '+"documents_document"."id" IN '
    "(SELECT rowid FROM documents_document_fts WHERE documents_document_fts MATCH %s)"
)
PG_MATCH = '"documents_document"."search_vector" @@ to_tsquery(\'simple\', %s)'
# A query has at most this many words: more only slows the engine without narrowing much.
MAX_WORDS = 12


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text or ""))


def index_text(*parts: str) -> str:
    """The folded words of `parts`, as stored in Document.search_text."""
    return " ".join(word for part in parts for word in words(part))


def document_index_text(document: Document) -> str:
    return index_text(document.title, document.symbol, document.summary, document.body)


# A last word this short is matched whole, not as a prefix: "t*" would expand to most of the
# vocabulary (about 1 s on 20,000 documents on SQLite) and narrow nothing.
MIN_PREFIX = 2


def _sqlite_match(terms: list[str]) -> str:
    # Each word quoted (no FTS5 operator can slip in); the last one is a prefix, so the list
    # narrows while the user types.
    quoted = [f'"{term}"' for term in terms]
    if len(terms[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


def _pg_tsquery(terms: list[str]) -> str:
    last = f"{terms[-1]}:*" if len(terms[-1]) >= MIN_PREFIX else terms[-1]
    return " & ".join([*terms[:-1], last])


@contextmanager
def search_plan() -> Iterator[None]:
    """Run the list's count and page queries inside this on PostgreSQL: its planner prices
    `@@` on a TOASTed vector as cheap and picks a sequential scan for common words (≈ 130 ms
    on 20,000 documents) where the GIN bitmap takes ≈ 15 ms. SET LOCAL ends with the block."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def search(rows: QuerySet[Document], query: str) -> QuerySet[Document]:
    """`rows` (already scoped by access) narrowed to those matching every word of `query`."""
    terms = words(query)[:MAX_WORDS]
    if not terms:
        folded = fold(query or "").strip()
        # Nothing an index can look up (only punctuation): the plain substring, or everything.
        return rows.filter(search_text__contains=folded) if folded else rows
    # The SQL is constant; the user's words only ever travel as a bound parameter.
    if connection.vendor == "sqlite":
        condition = RawSQL(SQLITE_MATCH, [_sqlite_match(terms)], output_field=BooleanField())  # noqa: S611
        return rows.filter(condition)
    if connection.vendor == "postgresql":
        condition = RawSQL(PG_MATCH, [_pg_tsquery(terms)], output_field=BooleanField())  # noqa: S611
        return rows.filter(condition)
    for term in terms:  # another database: correct, if slow
        rows = rows.filter(search_text__contains=term)
    return rows
