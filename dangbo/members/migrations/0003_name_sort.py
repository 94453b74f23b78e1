from typing import Any

from django.db import migrations, models

from dangbo.members.models.sorting import name_sort_string


def fill_name_sort(apps: Any, schema_editor: Any) -> None:
    """Existing members get their sort text as Member.save() now writes it."""
    member_model = apps.get_model("members", "Member")
    batch = []
    for member in member_model.objects.only("pk", "full_name").iterator(chunk_size=2000):
        member.name_sort = name_sort_string(member.full_name)
        batch.append(member)
        if len(batch) >= 2000:
            member_model.objects.bulk_update(batch, ["name_sort"])
            batch = []
    if batch:
        member_model.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_catalogs"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=2000),
        ),
        migrations.RunPython(fill_name_sort, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["name_sort", "id"], name="members_member_name_sort"),
        ),
    ]
