"""SQLite: an FTS5 table of bigram, unigram and identifier tokens, no stored content.

The table is contentless, so it holds only the inverted index; removing a
document's tokens means giving FTS5 the same tokens again, which are recomputed
from the document row (tokenising is deterministic).
"""

from django.db import connection

from core.cjk import Term

TABLE = "archive_search_fts"
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "bi, uni, ident, content='', tokenize='unicode61 remove_diacritics 0')"
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]
# A contentless table: a document's old tokens must be removed before new ones go in.
ADD_REPLACES = False


def _rows(entries: list[tuple]) -> list[tuple[int, str, str, str]]:
    return [(row.pk, bi, uni, ident) for row, bi, uni, ident in entries]


def add(entries: list[tuple]) -> None:
    """Write (row, bigrams, unigrams, identifiers) of document rows."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE}(rowid, bi, uni, ident) VALUES (%s, %s, %s, %s)",
            _rows(entries),
        )


def remove(entries: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE}({TABLE}, rowid, bi, uni, ident) "
            "VALUES ('delete', %s, %s, %s, %s)",
            _rows(entries),
        )


def reset() -> None:
    clear()


def lock_documents() -> None:
    """Nothing to do: transactions begin IMMEDIATE, so writers already take turns."""


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")


def _phrase(tokens) -> str:
    # Tokens are letters and digits only (core.cjk), so quoting cannot break out.
    return '"' + " ".join(tokens) + '"'


def match_expression(terms: list[Term]) -> str:
    return " AND ".join(
        f"({term.field} : {_phrase(term.grams)} OR ident : {_phrase([term.ident])})"
        for term in terms
    )


def matching_ids(terms: list[Term]) -> tuple[str, list]:
    """SQL selecting the ids of documents that match every term."""
    return f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s", [
        match_expression(terms)
    ]


def ranked(terms: list[Term]) -> tuple[str, list]:
    """SQL giving (id, rank) for matching documents; lower rank is better."""
    return (
        f"SELECT rowid AS id, bm25({TABLE}) AS rank "
        f"FROM {TABLE} WHERE {TABLE} MATCH %s",
        [match_expression(terms)],
    )
