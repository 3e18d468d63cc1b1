"""PostgreSQL: the archive index's vectors are no longer compressed in rows
that fit a page.

0005 kept the vectors inline, compressed with lz4 once a row passed 2 kB (a
quarter of the rows). A search decompresses each match's vector to rank it and
again to check a phrase, while lz4 saves only a few per cent of the table; the
table now sets ``toast_tuple_target`` to a page (search/backends/database/
postgresql/), so only rows larger than that are compressed.

The option applies to rows written from now on, so the table is made anew: the
rebuild's new table (today's storage) is filled in the database from the current
one, each vector written again as it is (``|| ''``, a vector's own value, not a
copy of its compressed bytes), indexed and swapped in. Backwards, the same with
the option removed, so the vectors are compressed as before. The vectors are the
same either way. SQLite: nothing.
"""

import sys

from django.db import migrations


def _copy_again(schema_editor, *, tuple_target: bool) -> None:
    from search.backends.database import postgresql

    postgresql.begin_bulk()
    columns = ", ".join(f'"{name}"' for name in postgresql.COLUMNS)
    with schema_editor.connection.cursor() as cursor:
        if not tuple_target:
            cursor.execute(f"ALTER TABLE {postgresql.NEW} RESET (toast_tuple_target)")
        cursor.execute(
            f"INSERT INTO {postgresql.NEW} (doc_id, tokens, {columns}) "
            f"SELECT doc_id, tokens || ''::tsvector, {columns} "
            f"FROM {postgresql.TABLE}"
        )
        sys.stdout.write(f"\n  Wrote the tokens of {cursor.rowcount} documents")
    postgresql.end_bulk()  # indexed, swapped in, analysed


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _copy_again(schema_editor, tuple_target=True)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _copy_again(schema_editor, tuple_target=False)


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0005_pg_tokens_dates_inline"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
