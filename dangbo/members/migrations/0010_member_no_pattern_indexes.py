"""On PostgreSQL, Django gives every indexed or unique CharField a second index with
varchar_pattern_ops, for LIKE 'prefix%'. The members' card number, CCCD and folded name are
only ever looked up whole (=, IN) or searched inside (LIKE '%word%', which no b-tree serves):
those three indexes were never read, yet written with every member (an import writes 100,000).
Nothing to do on SQLite, which has no such indexes."""

from django.db import migrations

PATTERN_INDEXES = {
    "members_member_card_number_429e92e0_like": "card_number",
    "members_member_national_id_9e760f80_like": "national_id",
    "members_member_name_folded_c9c9d7df_like": "name_folded",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in PATTERN_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in PATTERN_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "members_member" '
            f'("{column}" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_event_indexes_from_composites"),
    ]

    operations = [migrations.RunPython(drop, restore)]
