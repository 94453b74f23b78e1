"""The foreign keys few rows fill are indexed only where set (members/0012): a lookup by one
of them must still be read from that index, on both databases."""

import pytest
from django.db import connection

from dangbo.members.models import Member, MemberEvent

LOOKUPS = [
    (Member, "sponsor_1", "members_sponsor_1"),
    (Member, "sponsor_2", "members_sponsor_2"),
    (Member, "temporary_organization", "members_temporary_org"),
    (MemberEvent, "counterpart", "members_event_counterpart"),
    (MemberEvent, "corrects", "members_event_corrects"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "index"), LOOKUPS)
def test_lookup_by_a_rarely_set_key_reads_its_partial_index(model, field, index):
    if connection.vendor == "postgresql":
        # The test tables are nearly empty: a scan would win on cost alone.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = model.objects.filter(**{f"{field}_id": 7}).order_by().values("pk").explain()
    assert index in plan


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "index"), LOOKUPS)
def test_the_partial_index_holds_only_rows_that_set_the_key(model, field, index):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [index])
        (definition,) = cursor.fetchone()
        column = model._meta.get_field(field).column
        assert column in definition and "IS NOT NULL" in definition
        # The full index it replaces is gone: the partial one is the column's only index.
        constraints = connection.introspection.get_constraints(cursor, table)
        assert [
            name for name, c in constraints.items() if c["index"] and c["columns"] == [column]
        ] == [index]
