"""SQLite: one FTS5 table of each document's word tokens *and* its filter tokens.

The table ``archive_search_fts`` (search migration 0007) has four columns:

- ``bi`` and ``uni``: the document's bigrams and unigrams (core.cjk), so a query
  word is a phrase of them — exactly the substring rule;
- ``ident``: its identifiers, matched exactly;
- ``f``: its filter values and the UTC month and year of its time, one token
  each: ``t`` + the township code in hex (``t646f6e676c696e67``), ``s`` + the
  status in hex, …, ``m202606``, ``y2026``.

A search with words is then one MATCH expression that holds the words, the
filters and the months of the date range (a whole year as its year), so FTS5
intersects their posting lists inside the index in one pass: a broad word with a
selective filter visits only the documents having both. The matches are joined to
the document table by id (in the index's order, which SQLite's CROSS JOIN keeps)
for the scope, the exact filters and date bounds, and read once for the total,
the five facets and the page: one statement.

Token spellings: unicode61 keeps a run of letters and digits as one token and
splits at anything else, and a filter value may hold ``-``, ``_``, ``.`` or
``@`` (``hotline_12349``, ``wang.li-2@x``); written in hex after a one-letter
code, every value is one token of ``[0-9a-z]``, different for every field and
value, and a query's values cannot carry FTS5 syntax. Months and years are of
the UTC instant, so the tokens do not depend on the time zone a query is read in:
a range is matched as the UTC months its local bounds cover, a superset; the
exact bounds apply beside it.

The table is contentless (``content=''``), so it holds only the inverted index;
removing a document's tokens means giving FTS5 the same tokens again, which are
recomputed from the document row (tokenising is deterministic). Its detail stays
``full``: a word of several bigrams is a phrase, and FTS5 answers phrases of a
contentless table only from positions (``detail=column`` or ``none`` would refuse
them). bm25 is computed only when sorting by relevance, with the filter column
weighted 0 so the filters do not score.
"""

from dataclasses import replace
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from core.cjk import Term

from ...models import SearchDocument
from ...query import FACETS, FILTERS, SearchQuery, tally

TABLE = "archive_search_fts"
DOCUMENTS = SearchDocument._meta.db_table
# Leaves of 4,000 bytes instead of FTS5's 1,000: a broad word's posting list is
# read in a quarter of the page look-ups.
PAGE_SIZE = 4000
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "bi, uni, ident, f, content='', tokenize='unicode61 remove_diacritics 0')",
    f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('pgsz', {PAGE_SIZE})",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]
# A contentless table: a document's old tokens must be removed before new ones go in.
ADD_REPLACES = False
# One letter per filter field, before the value in hex; months and years have
# their own letters. No two share a letter, so no two tokens can be alike.
CODES = {
    "kind": "k",
    "assistance_type": "a",
    "status": "s",
    "township": "t",
    "channel": "c",
    "handler": "h",
    "user": "u",
}
MONTH, YEAR = "m", "y"
if set(CODES) != set(FILTERS) or len({*CODES.values(), MONTH, YEAR}) != len(CODES) + 2:
    raise ImproperlyConfigured("every filter needs a letter of its own")
NO_FILTERS = dict.fromkeys(FILTERS, "")
# A date range of more months than this is left to the exact bounds alone.
MAX_DATE_TOKENS = 48


def filter_token(name: str, value: str) -> str:
    return CODES[name] + value.encode().hex()


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if timezone.is_aware(at) else at


def filter_tokens(row) -> str:
    """The ``f`` column of a document row: its filter values, UTC month and year."""
    tokens = [
        filter_token(name, value) for name in FILTERS if (value := getattr(row, name))
    ]
    at = _utc(row.at)
    tokens += [f"{MONTH}{at.year:04d}{at.month:02d}", f"{YEAR}{at.year:04d}"]
    return " ".join(tokens)


def date_tokens(start: datetime | None, end: datetime | None) -> list[str]:
    """Tokens of the UTC months the instants [start, end) fall in, a year whose
    twelve months all do as its year: what a document in the range has one of.
    Empty when the range is open, empty or too long to be worth matching."""
    if start is None or end is None or start >= end:
        return []
    first, last = _utc(start), _utc(end - datetime.resolution)  # end excluded
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if len(months) > 12 * (MAX_DATE_TOKENS + 1):
            return []
    tokens: list[str] = []
    for year in dict.fromkeys(year for year, _month in months):
        held = [month for y, month in months if y == year]
        if len(held) == 12:
            tokens.append(f"{YEAR}{year:04d}")
        else:
            tokens += [f"{MONTH}{year:04d}{month:02d}" for month in held]
    return tokens if len(tokens) <= MAX_DATE_TOKENS else []


def _rows(entries: list[tuple]) -> list[tuple[int, str, str, str, str]]:
    return [
        (row.pk, bi, uni, ident, filter_tokens(row)) for row, bi, uni, ident in entries
    ]


def add(entries: list[tuple]) -> None:
    """Write (row, bigrams, unigrams, identifiers) of document rows."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE}(rowid, bi, uni, ident, f) "
            "VALUES (%s, %s, %s, %s, %s)",
            _rows(entries),
        )


def remove(entries: list[tuple]) -> None:
    """Remove the tokens of document rows as they were written (the rows' values
    before any change)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE}({TABLE}, rowid, bi, uni, ident, f) "
            "VALUES ('delete', %s, %s, %s, %s, %s)",
            _rows(entries),
        )


def reset() -> None:
    """The table made anew by today's layout, empty (for re-tokenising)."""
    with connection.cursor() as cursor:
        for statement in DROP + CREATE:
            cursor.execute(statement)


def lock_documents() -> None:
    """Nothing to do: transactions begin IMMEDIATE, so writers already take turns."""


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")


def optimize() -> None:
    """Merge the index's segments into one (after a rebuild): a token's posting
    list is then read from one b-tree instead of several."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


# --- searching ---------------------------------------------------------------


def _phrase(tokens) -> str:
    # Tokens are letters and digits only (core.cjk), so quoting cannot break out.
    return '"' + " ".join(tokens) + '"'


def _term(term: Term) -> str:
    return f"({term.field} : {_phrase(term.grams)} OR ident : {_phrase([term.ident])})"


def match_expression(
    query: SearchQuery, start: datetime | None = None, end: datetime | None = None
) -> str:
    """Every term (its phrase or its identifier), every filter and the months of
    the date range [start, end), as one FTS5 query."""
    parts = [_term(term) for term in query.terms]
    parts += [
        f'f : "{filter_token(name, value)}"' for name, value in query.filters().items()
    ]
    if months := date_tokens(start, end):
        parts.append("(" + " OR ".join(f'f : "{token}"' for token in months) + ")")
    return " AND ".join(parts)


def search(
    query: SearchQuery,
    where: tuple[str, list],
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Total, facets and the page's document ids of a search with words, in one
    statement: the matches are found once, joined to their rows once, and read
    twice (grouped for the facets, sorted for the page).

    ``where`` is the compiled WHERE clause of the filters, scope and exact date
    bounds on the document table, which is joined under its own name.
    """
    where_sql, where_params = where
    documents = connection.ops.quote_name(DOCUMENTS)
    match = match_expression(query, start, end)
    if query.sort == "relevance":
        # bm25 reads every row of each phrase of the MATCH once, to weigh it:
        # a filter's token is in a large share of the documents, so the rank is
        # of a MATCH of the words alone, over the documents that also match the
        # whole expression (``+rowid``: a test of each row, not a look-up per id).
        rank_sql = f", bm25({TABLE}, 1.0, 1.0, 1.0, 0.0) AS rank"
        source = f"SELECT rowid AS id{rank_sql} FROM {TABLE} WHERE {TABLE} MATCH %s"
        source_params = [match_expression(replace(query, **NO_FILTERS))]
        if source_params[0] != match:
            source += (
                f" AND +rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)"
            )
            source_params.append(match)
        order = 'rank, "at" DESC, "key" DESC'
    else:
        rank_sql = ""
        source = f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s"
        source_params = [match]
        direction = "ASC" if query.sort == "oldest" else "DESC"
        order = f'"at" {direction}, "key" {direction}'
    facets = ", ".join(f'"{name}"' for name in FACETS)
    columns = ", ".join(
        f"{documents}.{connection.ops.quote_name(name)}"
        for name in ("id", *FACETS, "at", "key")
    )
    nulls = ", ".join(["NULL"] * len(FACETS))
    sql = (
        "WITH m AS MATERIALIZED ("
        f"SELECT {columns}{', r.rank' if rank_sql else ''} "
        f"FROM ({source}) r "
        f"CROSS JOIN {documents} ON {documents}.id = r.id"
        + (f" WHERE {where_sql}" if where_sql else "")
        + ") "
        f"SELECT {facets}, COUNT(*), NULL FROM m GROUP BY {facets} "
        f"UNION ALL SELECT * FROM (SELECT {nulls}, NULL, id FROM m "
        f"ORDER BY {order} LIMIT %s OFFSET %s)"
    )
    params = [*source_params, *where_params]
    params += [query.page_size, query.offset]
    total = 0
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    ids: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *values, count, pk in cursor.fetchall():
            if count is None:
                ids.append(pk)
                continue
            total += count
            tally(counts, values, count)
    return total, counts, ids
