"""SQLite: the archive index's FTS5 table gains a column of filter and date tokens.

A search with words matched them in FTS5 and then looked every match up in the
document table to apply the filters and date range, so a broad word with a
selective filter visited every document having the word. The table
``archive_search_fts`` gains a fourth column ``f`` holding each document's filter
values (kind, assistance type, status, township, channel, handler, user; a
one-letter code and the value in hex) and the UTC month and year of its time,
which a search matches together with its words (search/backends/database/
sqlite.py). The table is contentless, so the tokens are written again from the
stored document rows, in batches, with a progress line per batch, and its
segments merged at the end. Backwards, the earlier three-column table is made
and filled from the rows the same way. PostgreSQL: nothing (its vectors hold
the filters since 0004).
"""

import sys

from django.db import migrations

BATCH = 2000
TABLE = "archive_search_fts"
OLD_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "bi, uni, ident, content='', tokenize='unicode61 remove_diacritics 0')"
)


def _progress(total):
    done = 0

    def step(rows):
        nonlocal done
        done += rows
        sys.stdout.write(f"\n  Writing the archive index's tokens: {done}/{total}")
        sys.stdout.flush()

    return step


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.database import retokenise

    documents = apps.get_model("archive_search", "SearchDocument").objects
    # The table made anew by today's layout, filled from the rows, optimised.
    retokenise(documents.all(), batch_size=BATCH, progress=_progress(documents.count()))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.database import _tokens

    documents = apps.get_model("archive_search", "SearchDocument").objects
    step = _progress(documents.count())
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(OLD_TABLE)
        last = 0
        while rows := list(documents.filter(pk__gt=last).order_by("pk")[:BATCH]):
            cursor.executemany(
                f"INSERT INTO {TABLE}(rowid, bi, uni, ident) VALUES (%s, %s, %s, %s)",
                [(row.pk, bi, uni, ident) for row, bi, uni, ident in map(_tokens, rows)],
            )
            last = rows[-1].pk
            step(len(rows))


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0006_pg_tokens_uncompressed"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
