"""PostgreSQL: tsvectors of bigram, unigram and identifier tokens under GIN indexes.

The vectors are written as tsvector literals with explicit positions, so no text
search configuration or dictionary touches the tokens, and a query word is a
phrase (``<->``) of its bigrams: exactly the substring rule of core.cjk.
"""

from collections import defaultdict

from django.db import connection

from core.cjk import Term

TABLE = "archive_search_pgfts"
CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    # No foreign key: Django's flush (tests) truncates the document table alone;
    # the backend removes a document's tokens itself whenever it removes the row.
    "doc_id bigint PRIMARY KEY, "
    "bi tsvector NOT NULL, uni tsvector NOT NULL, ident tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_bi ON {TABLE} USING gin (bi)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_uni ON {TABLE} USING gin (uni)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_ident ON {TABLE} USING gin (ident)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]
# ``add`` replaces a document's tokens (ON CONFLICT), so nothing is removed first.
ADD_REPLACES = True


def vector(tokens: str) -> str:
    """A tsvector literal: each token with the positions it holds (1-based)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for position, token in enumerate(tokens.split(), start=1):
        positions[token].append(min(position, 16383))
    # Tokens are letters and digits only (core.cjk): nothing to escape.
    return " ".join(
        f"'{t}':{','.join(map(str, p[:256]))}" for t, p in positions.items()
    )


def add(rows: list[tuple[int, str, str, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (doc_id, bi, uni, ident) "
            "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector) "
            "ON CONFLICT (doc_id) DO UPDATE SET bi = EXCLUDED.bi, uni = EXCLUDED.uni, "
            "ident = EXCLUDED.ident",
            [
                (pk, vector(bi), vector(uni), vector(ident))
                for pk, bi, uni, ident in rows
            ],
        )


def remove(rows: list[tuple[int, str, str, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE doc_id = ANY(%s)",
            [[row[0] for row in rows]],
        )


def lock_documents() -> None:
    """Hold off every other writer of documents (searches still read) until commit."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE archive_search_searchdocument IN EXCLUSIVE MODE")


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")


def _query(tokens) -> str:
    return " <-> ".join(f"'{t}'" for t in tokens)


def _where(terms: list[Term]) -> tuple[str, list]:
    clauses, params = [], []
    for term in terms:
        clauses.append(f"({term.field} @@ %s::tsquery OR ident @@ %s::tsquery)")
        params += [_query(term.grams), _query([term.ident])]
    return " AND ".join(clauses), params


def matching_ids(terms: list[Term]) -> tuple[str, list]:
    where, params = _where(terms)
    return f"SELECT doc_id AS id FROM {TABLE} WHERE {where}", params


def ranked(terms: list[Term]) -> tuple[str, list]:
    """SQL giving (id, rank) for matching documents; lower rank is better."""
    where, params = _where(terms)
    rank = " + ".join(f"ts_rank({term.field}, %s::tsquery)" for term in terms)
    rank_params = [_query(term.grams) for term in terms]
    return (
        f"SELECT doc_id AS id, -({rank}) AS rank FROM {TABLE} WHERE {where}",
        rank_params + params,
    )
