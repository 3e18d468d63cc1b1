"""站内搜索: an index on the text vector the database backend matches on.

On PostgreSQL, Wagtail's database backend matches a query against each
entry's title and body vectors joined (``title || body``), which no index of
its own covers: every search read every entry (45 ms at a thousand pages, most
of an uncached search). A GIN index on that very expression makes it a bitmap
index scan (about 1 ms). SQLite (FTS5) has its own index; nothing to do there.
"""

from django.db import migrations

INDEX = "portal_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_chinese_group_names"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
