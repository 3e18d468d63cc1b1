"""A search with words: one tsquery of the words, filters and months, one statement."""

from django.db import connection

from core.cjk import Term

from ....query import FACETS, SearchQuery, tally
from .schema import DOCUMENTS, TABLE
from .vectors import date_range, filter_lexeme, lexeme


def _phrase(term: Term) -> str:
    return " <-> ".join(lexeme(gram) for gram in term.grams)


def tsquery(query: SearchQuery) -> str:
    """Every term (its phrase or its identifier), every filter and the months of
    the date range, as one tsquery."""
    parts = [
        f"(({_phrase(term)}) | {lexeme('#' + term.ident)})" for term in query.terms
    ]
    parts += [filter_lexeme(name, value) for name, value in query.filters().items()]
    if months := date_range(query.date_from, query.date_to):
        parts.append(months)
    return " & ".join(parts)


def search(
    query: SearchQuery, where: tuple[str, list]
) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Total, facets and the page's document ids of a search with words, in one
    statement: the matching rows are found once and read twice.

    ``where`` is the compiled WHERE clause of the filters and scope on the
    document table; the token table holds the same columns and takes the
    document table's name as its alias, so the clause applies to it as written.
    """
    alias = connection.ops.quote_name(DOCUMENTS)
    where_sql, where_params = where
    rank_sql, rank_params = "0", []
    if query.sort == "relevance":
        rank_sql = " + ".join("ts_rank(tokens, %s::tsquery)" for _term in query.terms)
        rank_params = [_phrase(term) for term in query.terms]
        order = 'rank DESC, "at" DESC, "key" DESC'
    elif query.sort == "oldest":
        order = '"at" ASC, "key" ASC'
    else:
        order = '"at" DESC, "key" DESC'
    facets = ", ".join(FACETS)
    sql = (
        "WITH m AS MATERIALIZED ("
        f'SELECT doc_id, {facets}, "at", "key", {rank_sql} AS rank '
        f"FROM {TABLE} AS {alias} WHERE tokens @@ %s::tsquery"
        + (f" AND {where_sql}" if where_sql else "")
        + ") "
        f"SELECT {facets}, COUNT(*), NULL::bigint[] FROM m GROUP BY {facets} "
        f"UNION ALL SELECT {', '.join(['NULL'] * len(FACETS))}, NULL, "
        f"ARRAY(SELECT doc_id FROM m ORDER BY {order} LIMIT %s OFFSET %s)"
    )
    params = [*rank_params, tsquery(query), *where_params]
    params += [query.page_size, query.offset]
    total = 0
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    ids: list[int] = []
    with connection.cursor() as cursor:
        # A search costs more than the threshold at which PostgreSQL compiles it
        # (JIT): compiling takes longer than running it.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for *values, count, page in cursor.fetchall():
            if page is not None:
                ids = list(page)
                continue
            total += count
            tally(counts, values, count)
    return total, counts, ids
