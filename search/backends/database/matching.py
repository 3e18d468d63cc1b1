"""SQLite's searches with words: driven from FTS5's matches, not the filters.

(PostgreSQL answers them in one statement of its own: postgresql.search.)

A word's matches are a short list the engine produces in milliseconds; starting
from them and looking each document up by its key is fast whatever the filters
are. Left to itself SQLite would often start from a filter's index instead (all
archived documents of a township, say) and test each against the matches — a
hundred times slower on a million documents. So the SQL here fixes the join
order (SQLite's CROSS JOIN keeps it) and takes the filters as a WHERE clause
compiled from the same Django queryset the other searches use.
"""

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import QuerySet

from ...models import SearchDocument
from ...query import FACETS, SearchQuery

TABLE = SearchDocument._meta.db_table
# SQLite's CROSS JOIN keeps the written order.
JOIN = {"sqlite": "CROSS JOIN"}


def filters_where(documents: QuerySet) -> tuple[str, list] | None:
    """The filters' WHERE clause, "" for none, None when nothing can match."""
    query = documents.query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:
        return "", []
    except EmptyResultSet:
        return None
    return sql, list(params)


def _from(source_sql: str, where_sql: str) -> str:
    join = JOIN.get(connection.vendor, "JOIN")
    sql = f"FROM ({source_sql}) r {join} {TABLE} ON {TABLE}.id = r.id"
    return f"{sql} WHERE {where_sql}" if where_sql else sql


def total_and_facets(
    dialect, query: SearchQuery, filtered: QuerySet
) -> tuple[int, dict[str, dict[str, int]]]:
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    where = filters_where(filtered)
    if where is None:
        return 0, facets
    match_sql, match_params = dialect.matching_ids(query.terms)
    columns = ", ".join(f"{TABLE}.{name}" for name in FACETS)
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*) {_from(match_sql, where[0])} "
            f"GROUP BY {columns}",
            [*match_params, *where[1]],
        )
        for *values, count in cursor.fetchall():
            total += count
            for name, value in zip(FACETS, values, strict=True):
                if value:
                    facets[name][value] = facets[name].get(value, 0) + count
    return total, facets


def page_ids(dialect, query: SearchQuery, filtered: QuerySet) -> list[int]:
    where = filters_where(filtered)
    if where is None:
        return []
    if query.sort == "relevance":
        source_sql, source_params = dialect.ranked(query.terms)
        order = f"r.rank, {TABLE}.at DESC, {TABLE}.key DESC"
    else:
        source_sql, source_params = dialect.matching_ids(query.terms)
        direction = "ASC" if query.sort == "oldest" else "DESC"
        order = f"{TABLE}.at {direction}, {TABLE}.key {direction}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {TABLE}.id {_from(source_sql, where[0])} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*source_params, *where[1], query.page_size, query.offset],
        )
        return [row[0] for row in cursor.fetchall()]
