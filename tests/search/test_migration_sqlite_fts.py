"""search 0007: SQLite's FTS5 table gains the filter and date tokens of each document.

The documents are written at 0006 with their tokens in the earlier layout (three
columns: bigrams, unigrams, identifiers), as the code of the time wrote them.
Forwards, the table has a fourth column ``f`` holding every document's filter
values and UTC month and year, each token matching exactly the documents that
have it, its segments merged into one, and searches with words, filters and
date ranges find the same documents; backwards, the three-column table holds
every document's tokens again. On PostgreSQL the migration changes nothing.
Runs on SQLite and on PostgreSQL alike (set DATABASE_URL for the latter).
"""

import pytest
from django.db import connection

from search.backends.database import DIALECTS, _tokens
from search.backends.database.sqlite import filter_tokens

from .test_migration_pg_tokens import (
    DOCUMENTS,
    _migrate,
    _the_same_searches_find_the_same_documents,
)

BEFORE = [("archive_search", "0006_pg_tokens_uncompressed")]
AFTER = [("archive_search", "0007_sqlite_fts_filters")]
FTS = "archive_search_fts"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fts_columns() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({FTS})")
        return [row[1] for row in cursor.fetchall()]


def _matching(expression: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s",  # noqa: S608
            [expression],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def three_columns():
    """Three documents and their tokens as the code before 0007 wrote them."""
    old = _migrate(BEFORE)
    document = old.get_model("archive_search", "SearchDocument")
    rows = [document.objects.create(**values) for values in DOCUMENTS]
    entries = [_tokens(row) for row in rows]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS}(rowid, bi, uni, ident) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                [(row.pk, bi, uni, ident) for row, bi, uni, ident in entries],
            )
    else:
        DIALECTS["postgresql"].add(entries)
    yield rows
    _migrate(AFTER)


def test_migration_sqlite_fts_adds_filter_and_date_tokens_and_back(three_columns):
    rows = three_columns
    if connection.vendor == "sqlite":
        assert _fts_columns() == ["bi", "uni", "ident"]
    _migrate(AFTER)
    _the_same_searches_find_the_same_documents()
    if connection.vendor != "sqlite":
        _migrate(BEFORE)
        _the_same_searches_find_the_same_documents()
        return
    assert _fts_columns() == ["bi", "uni", "ident", "f"]
    everyone = {row.pk for row in rows}
    for row in rows:
        tokens = filter_tokens(row).split()
        # Each filter value and the UTC month and year, one token each.
        assert len(tokens) == 2 + sum(
            1
            for name in ("kind", "assistance_type", "status", "township")
            + ("channel", "handler", "user")
            if getattr(row, name)
        )
        for token in tokens:
            holders = _matching(f'f : "{token}"') & everyone
            assert row.pk in holders
            assert holders == {r.pk for r in rows if token in filter_tokens(r).split()}
    # 2024-12-31 16:30 UTC (2025-01-01 in Beijing): its UTC month and year.
    assert _matching('f : "m202412"') & everyone == {rows[2].pk}
    assert _matching('f : "y2024"') & everyone == {rows[2].pk}
    with connection.cursor() as cursor:  # the segments merged into one
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {FTS}_idx")  # noqa: S608
        assert cursor.fetchone() == (1,)

    _migrate(BEFORE)
    assert _fts_columns() == ["bi", "uni", "ident"]
    assert _matching('bi : "医疗 疗救 救助"') & everyone == {rows[0].pk}
    assert _matching('ident : "jz2026000123"') & everyone == {rows[0].pk}
    assert _matching('uni : "塌"') & everyone == {rows[2].pk}
