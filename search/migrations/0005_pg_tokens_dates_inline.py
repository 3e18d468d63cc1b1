"""PostgreSQL: the archive index's vectors gain the month and year of each
document, and are kept inline (storage MAIN, lz4).

A search with a date range matched its words and filters inside the GIN index
and then read every match of all time to drop those outside the range; the
months (a whole year as its year) are now lexemes of the vector as well, so the
index intersects them too (search/backends/database/postgresql/). The vectors
were stored out of line in the TOAST table, which cost an index look-up per
match; they are now kept in the table's pages.

The new table is filled in the database from the current one (each vector with
the two lexemes of its document's local time), indexed and swapped in.
Backwards, the lexemes are removed and the column stored as before. Adding the
same lexemes twice changes nothing, so a table already written by today's code
comes out the same. SQLite: nothing.
"""

import sys

from django.conf import settings
from django.db import migrations


def _copy(cursor, vector: str, params: list) -> None:
    """Fill the rebuild's new table from the current one, each row's vector
    given by the SQL expression ``vector`` over the current row ``t``."""
    from search.backends.database.postgresql import COLUMNS, NEW, TABLE

    columns = ", ".join(f'"{name}"' for name in COLUMNS)
    cursor.execute(
        f"INSERT INTO {NEW} (doc_id, tokens, {columns}) "
        f"SELECT doc_id, {vector}, {columns} FROM {TABLE} AS t",
        params,
    )
    sys.stdout.write(f"\n  Wrote the tokens of {cursor.rowcount} documents")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.database import postgresql

    postgresql.begin_bulk()
    with schema_editor.connection.cursor() as cursor:
        _copy(
            cursor,
            "t.tokens || array_to_tsvector(ARRAY["
            "'=month:' || to_char(t.at AT TIME ZONE %s, 'YYYY-MM'), "
            "'=year:' || to_char(t.at AT TIME ZONE %s, 'YYYY')])",
            [settings.TIME_ZONE, settings.TIME_ZONE],
        )
    postgresql.end_bulk()  # indexed, swapped in, analysed


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.database import postgresql

    postgresql.begin_bulk()
    with schema_editor.connection.cursor() as cursor:
        for setting in ("STORAGE EXTENDED", "COMPRESSION default"):
            cursor.execute(
                f"ALTER TABLE {postgresql.NEW} ALTER COLUMN tokens SET {setting}"
            )
        # Today's storage (0006) sets this too; the earlier table did not.
        cursor.execute(f"ALTER TABLE {postgresql.NEW} RESET (toast_tuple_target)")
        _copy(
            cursor,
            "ts_delete(t.tokens, ARRAY(SELECT lexeme FROM unnest(t.tokens) "
            "WHERE lexeme LIKE '=month:%%' OR lexeme LIKE '=year:%%'))",
            [],
        )
    postgresql.end_bulk()


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0004_pg_tokens_with_filters"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
