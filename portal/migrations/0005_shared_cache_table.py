"""The shared cache's table (config/cache.py), made wherever the database is
migrated: `make run`, the test databases, every deployment."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates the table of every database cache in CACHES; an existing one is kept.
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_password_state_and_log_kinds")]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
