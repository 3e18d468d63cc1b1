"""PostgreSQL: the archive index's tokens and filter columns in one table, one index.

The engine's table had three tsvector columns (bigrams, unigrams, identifiers)
under three GIN indexes and nothing else, so a search joined every match to the
document table to filter and count it. It becomes one ``tokens`` vector (the
same streams, the identifiers and the filter values as lexemes) beside copies of
the columns searches filter, count and sort by (search/backends/database/
postgresql.py). The table is made anew and filled from the document rows, in
batches, with a progress line per batch: the documents keep every field, and the
tokens are recomputed from them as a rebuild would. Backwards, the earlier
three-column table is made and filled again the same way. SQLite: nothing.
"""

import sys

from django.db import migrations

BATCH = 2000
OLD_TABLE = [
    "CREATE TABLE archive_search_pgfts (doc_id bigint PRIMARY KEY, "
    "bi tsvector NOT NULL, uni tsvector NOT NULL, ident tsvector NOT NULL)",
    "CREATE INDEX archive_search_pgfts_bi ON archive_search_pgfts USING gin (bi)",
    "CREATE INDEX archive_search_pgfts_uni ON archive_search_pgfts USING gin (uni)",
    "CREATE INDEX archive_search_pgfts_ident ON archive_search_pgfts "
    "USING gin (ident)",
]


def _progress(total):
    done = 0

    def step(rows):
        nonlocal done
        done += rows
        sys.stdout.write(f"\n  Writing the archive index's tokens: {done}/{total}")
        sys.stdout.flush()

    return step


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.database import retokenise

    documents = apps.get_model("archive_search", "SearchDocument").objects
    # Drops the table, makes it by today's layout and fills it from the rows.
    retokenise(documents.all(), batch_size=BATCH, progress=_progress(documents.count()))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.database import _tokens
    from search.backends.database.postgresql import DROP, vector

    for statement in DROP + OLD_TABLE:
        schema_editor.execute(statement)

    def write(rows):
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO archive_search_pgfts (doc_id, bi, uni, ident) "
                "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector)",
                [
                    (row.pk, vector(bi), vector(uni), vector(ident))
                    for row, bi, uni, ident in map(_tokens, rows)
                ],
            )

    documents = apps.get_model("archive_search", "SearchDocument").objects
    progress = _progress(documents.count())
    last = 0
    while rows := list(documents.filter(pk__gt=last).order_by("pk")[:BATCH]):
        write(rows)
        last = rows[-1].pk
        progress(len(rows))


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0003_retokenise_simplified"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
