"""Member.name_folded's index becomes (name_folded, birth_date): the same lookups by name, and
a record found by name and birth date without fetching every namesake. The old index is
dropped by name rather than by AlterField, which on SQLite would copy the members table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_member_no_pattern_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="name_folded",
                    field=models.CharField(editable=False, max_length=128),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "members_member_name_folded_c9c9d7df"',
                    reverse_sql='CREATE INDEX "members_member_name_folded_c9c9d7df" '
                    'ON "members_member" ("name_folded")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["name_folded", "birth_date"], name="members_name_birth"),
        ),
    ]
