"""PostgreSQL: the archive index's tokens and filter columns in one table, one index.

The engine's table had three tsvector columns (bigrams, unigrams, identifiers)
under three GIN indexes and nothing else, so a search joined every match to the
document table to filter and count it. It becomes one ``tokens`` vector (the
same streams, the identifiers and the filter values as lexemes) beside copies of
the columns searches filter, count and sort by (search/backends/database/
postgresql/). The new table is filled in the database from the earlier one
(the same lexemes at the same positions, plus the filter values of the document
rows), indexed and swapped in; a document without tokens gets them from its
row. Backwards, the earlier three-column table is made and filled from the rows
in batches, with a progress line per batch. SQLite: nothing.
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


def _quoted(sql: str) -> str:
    """SQL for a tsvector-literal lexeme of a text expression (as _lexeme)."""
    return (
        "'''' || replace(replace(" + sql + r", E'\\', E'\\\\'), '''', '''''') || ''''"
    )


def _entries(column: str) -> str:
    lexeme = _quoted("lexeme")
    return (
        f"(SELECT string_agg(CASE WHEN positions IS NULL THEN {lexeme} ELSE "
        f"{lexeme} || ':' || array_to_string(positions, ',') END, ' ') "
        f"FROM unnest(o.{column}))"
    )


def _converted() -> str:
    """The new rows of every document that has a row in the earlier table, made
    in the database from its three vectors (the same lexemes at the same
    positions, as a rebuild writes them, without an hour of tokenizing in Python
    at a million documents)."""
    from search.backends.database.postgresql import COLUMNS, DOCUMENTS, NEW
    from search.query import FILTERS

    filters = [
        f"CASE WHEN d.\"{name}\" <> '' THEN "
        + _quoted(f"'={name}:' || d.\"{name}\"")
        + " END"
        for name in FILTERS
    ]
    idents = (
        "(SELECT string_agg(" + _quoted("'#' || lexeme") + ", ' ') "
        "FROM unnest(o.ident))"
    )
    vector = ", ".join([_entries("bi"), _entries("uni"), idents, *filters])
    columns = ", ".join(f'"{name}"' for name in COLUMNS)
    return (
        f"INSERT INTO {NEW} (doc_id, tokens, {columns}) "
        f"SELECT d.id, concat_ws(' ', {vector})::tsvector, "
        + ", ".join(f'd."{name}"' for name in COLUMNS)
        + f" FROM {DOCUMENTS} d JOIN archive_search_pgfts o ON o.doc_id = d.id"
    )


def _earlier_layout(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'archive_search_pgfts' AND column_name = 'bi'"
    )
    return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.database import postgresql, retokenise

    documents = apps.get_model("archive_search", "SearchDocument").objects
    with schema_editor.connection.cursor() as cursor:
        if not _earlier_layout(cursor):
            # Made by today's layout already (0001 on a new database): written
            # again from the rows, by today's rule.
            total = documents.count()
            retokenise(documents.all(), batch_size=BATCH, progress=_progress(total))
            return
        postgresql.begin_bulk()
        cursor.execute(_converted())
        sys.stdout.write(f"\n  Converted the tokens of {cursor.rowcount} documents")
        # A document without tokens in the earlier table gets them from its row.
        cursor.execute(
            f"SELECT d.id FROM {postgresql.DOCUMENTS} d WHERE NOT EXISTS "
            f"(SELECT 1 FROM {postgresql.NEW} n WHERE n.doc_id = d.id)"
        )
        missing = [pk for (pk,) in cursor.fetchall()]
        for start in range(0, len(missing), BATCH):
            postgresql.add_bulk(
                list(documents.filter(pk__in=missing[start : start + BATCH]))
            )
        postgresql.end_bulk()  # indexed, swapped in, analysed


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
