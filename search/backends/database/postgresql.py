"""PostgreSQL: one table of tokens and filter columns under one GIN index.

Each document's row holds one tsvector ``tokens`` with

- its bigrams and unigrams (core.cjk) at their positions in their own stream, so
  a query word is a phrase (``<->``) of its bigrams: exactly the substring rule;
- its identifiers as ``#…`` lexemes, matched exactly;
- its filter values as ``=field:value`` lexemes (``=township:dongling``),
- the local month and year of its time as ``=month:2026-06`` and ``=year:2026``
  lexemes, so a date range is matched inside the index as well,

beside copies of the columns searches filter, count and sort by (township, status,
at, key …). A search is then one GIN scan that intersects the posting lists of
the words *and* of the filters inside the index — a broad word with a selective
filter visits only the rows having both, whatever the planner guesses about how
often bigrams go together (it multiplies their frequencies, so it expects a
phrase's bigrams in a few hundred documents where they are in tens of thousands)
— and one pass over those rows gives the total, the five facets and the page.

The vectors are kept in the table's own pages (storage MAIN) and, up to the
size of a page, not compressed (``toast_tuple_target``): a search reads every
match's vector, to rank it and to check a phrase's positions, often twice
(PostgreSQL does not keep a decompressed value from one to the other). A vector
moved out of line into the TOAST table costs an index look-up and more page
reads per match; a compressed one costs its decompression at each reading, and
lz4 saves little on these vectors (a few per cent of the table). Only a row
larger than a page is compressed, with lz4 where the server has it.

The vectors are written as tsvector literals, so no text search configuration
or dictionary touches the tokens. The streams' lexemes cannot be mistaken for
each other: a bigram has two characters, a unigram one, the others start with
``#`` or ``=`` (not letters or digits). ts_rank reads only the query's lexemes,
so a word ranks as it did when each stream had a column of its own.
"""

import functools
import operator
from datetime import date, datetime
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from core.cjk import Term, normalise_line, normalise_lines, runs

from ...models import SearchDocument
from ...query import FACETS, FILTERS, SearchQuery, tally

TABLE = "archive_search_pgfts"
INDEX = f"{TABLE}_tokens"
DOCUMENTS = SearchDocument._meta.db_table
# Copied from the document row: what filters, scope, facets and order read.
COLUMNS = (
    "key", "kind", "case_number", "township", "village", "assistance_type",
    "status", "channel", "handler", "user", "at",
)  # fmt: skip
_TYPES = {"at": "timestamp with time zone NOT NULL"}


def _create_table(name: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {name} ("
        # No foreign key: Django's flush (tests) truncates the document table
        # alone (CREATE_TRIGGER empties this one then).
        "doc_id bigint PRIMARY KEY, tokens tsvector NOT NULL, "
        + ", ".join(
            f'"{column}" '
            + _TYPES.get(
                column,
                f"varchar({SearchDocument._meta.get_field(column).max_length}) "
                "NOT NULL",
            )
            for column in COLUMNS
        )
        + ")"
    )


# The largest toast_tuple_target: rows up to a page's size are never compressed.
TUPLE_TARGET = 8160


def _storage(name: str) -> list[str]:
    """The tokens column kept inline, compressed only in a row larger than a
    page, and then with lz4 where the server was built with it (decompressing it
    costs a fraction of pglz)."""
    return [
        f"ALTER TABLE {name} SET (toast_tuple_target = {TUPLE_TARGET})",
        f"ALTER TABLE {name} ALTER COLUMN tokens SET STORAGE MAIN",
        "DO $$ BEGIN "
        f"ALTER TABLE {name} ALTER COLUMN tokens SET COMPRESSION lz4; "
        "EXCEPTION WHEN feature_not_supported THEN NULL; END $$",
    ]


CREATE_TABLE = _create_table(TABLE)
CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (tokens)"
# A search reads this table alone, so it must never hold the tokens of a row
# that is gone. The backend removes a document's tokens whenever it deletes the
# row; a TRUNCATE of the document table (Django's flush between tests, a
# restore) empties this one too, in the same transaction.
TRUNCATED = f"{TABLE}_truncated"
CREATE_TRIGGER = [
    f"CREATE OR REPLACE FUNCTION {TRUNCATED}() RETURNS trigger LANGUAGE plpgsql "
    f"AS $$ BEGIN TRUNCATE {TABLE}; RETURN NULL; END $$",
    f"CREATE OR REPLACE TRIGGER {TRUNCATED} AFTER TRUNCATE ON {DOCUMENTS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRUNCATED}()",
]
CREATE = [CREATE_TABLE, *_storage(TABLE), CREATE_INDEX, *CREATE_TRIGGER]
# The function's removal takes its trigger with it.
DROP = [
    f"DROP FUNCTION IF EXISTS {TRUNCATED}() CASCADE",
    f"DROP TABLE IF EXISTS {TABLE}",
]
# ``add`` replaces a document's tokens (ON CONFLICT), so nothing is removed first.
ADD_REPLACES = True
# Positions as PostgreSQL keeps them: at most 16383, 256 per lexeme.
MAX_POSITION, MAX_POSITIONS = 16383, 256


def _lexeme(text: str) -> str:
    """A quoted lexeme of a tsvector or tsquery literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _stream(tokens: str) -> list[str]:
    """Each token with the positions it holds in its stream (1-based)."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens.split(), start=1):
        held = positions.get(token)
        if held is None:
            positions[token] = [position]
        else:
            held.append(position)
    return _entries(positions)


def _text_streams(text: str) -> list[str]:
    """_stream of the bigrams, then of the unigrams, of a normalised text (what
    a rebuild spends most of its own time on: each token's positions are
    gathered in one loop of the stream, and written as text read from a table)."""
    parts = runs(text)
    grams: list[str] = []
    for run in parts:
        grams += map(operator.add, run, run[1:])  # run[i] + run[i + 1]: its bigrams
    return _positions(grams) + _positions("".join(parts))


# Positions as text, 1 to MAX_POSITION: _AT[i] is str(i + 1).
_AT = [str(position) for position in range(1, MAX_POSITION + 1)]


def _positions(tokens) -> list[str]:
    """_entries of a stream's tokens, given in position order."""
    if len(tokens) > MAX_POSITIONS:  # may hold too many positions: checked
        found: dict[str, list[int]] = {}
        for position, token in enumerate(tokens, start=1):
            held = found.get(token)
            if held is None:
                found[token] = [position]
            else:
                held.append(position)
        return _entries(found)
    # No token can have more than MAX_POSITIONS positions, nor one above it.
    at: dict[str, list[str]] = {}
    for position, token in zip(_AT, tokens, strict=False):
        held = at.get(token)
        if held is None:
            at[token] = [position]
        else:
            held.append(position)
    return [f"'{token}':{','.join(held)}" for token, held in at.items()]


def _entries(positions: dict[str, list[int]]) -> list[str]:
    entries = []
    for token, held in positions.items():
        if len(held) > MAX_POSITIONS:
            held = held[:MAX_POSITIONS]
        if held[-1] > MAX_POSITION:
            held = [min(position, MAX_POSITION) for position in held]
        # Tokens are letters and digits only (core.cjk): nothing to escape.
        entries.append(f"'{token}':{','.join(map(str, held))}")
    return entries


def vector(tokens: str) -> str:
    """A tsvector literal of one stream: each token at its positions."""
    return " ".join(_stream(tokens))


def _filter_lexeme(name: str, value: str) -> str:
    return _lexeme(f"={name}:{value}")


def _date_lexemes(at, zone=None) -> list[str]:
    """The local month and year of a document's time, as lexemes."""
    local = timezone.localtime(at, zone)
    return [f"'=month:{local.year:04d}-{local.month:02d}'", f"'=year:{local.year:04d}'"]


def date_range(date_from: date | None, date_to: date | None) -> str:
    """A tsquery of the months of a date range, a whole year as its year: what
    the index can match of a range; the exact bounds are applied beside it.
    Empty when the range is open (it would run to every month there is)."""
    if not date_from or not date_to or date_from > date_to:
        return ""
    lexemes = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        if month == 1 and (year, 12) <= (date_to.year, date_to.month):
            lexemes.append(f"'=year:{year:04d}'")
            year += 1
            continue
        lexemes.append(f"'=month:{year:04d}-{month:02d}'")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "(" + " | ".join(lexemes) + ")"


def document_vector(row, bi: str, uni: str, ident: str) -> str:
    """The ``tokens`` literal of one document row."""
    parts = _stream(bi) + _stream(uni)
    parts += [_lexeme(f"#{value}") for value in dict.fromkeys(ident.split())]
    parts += [
        _filter_lexeme(name, getattr(row, name))
        for name in FILTERS
        if getattr(row, name)
    ]
    parts += _date_lexemes(row.at)
    return " ".join(parts)


# Every entry of a literal, "'%s':1 '%s':2 …" up to MAX_POSITION: the entries
# of n tokens are its first n, _ENDS[n] characters, filled by one ``%`` (each
# token at its position without a Python loop or a string per entry).
_TEMPLATE = " ".join(f"'%s':{position}" for position in range(1, MAX_POSITION + 1))
_ENDS = [0]
for _position in range(1, MAX_POSITION + 1):
    _ENDS.append(_ENDS[-1] + len(f"'%s':{_position}") + (_position > 1))


def _occurrences(tokens) -> str:
    """``'a':1 'b':2 'a':3``: each token at its position, one entry each."""
    return _TEMPLATE[: _ENDS[len(tokens)]] % tuple(tokens)


@functools.lru_cache(maxsize=100_000)
def _line_runs(line: str) -> tuple[str, ...]:
    """The runs of a line once normalised, worked out once per distinct line:
    most lines of an archive recur (状态：公示 → 审批同意)."""
    return tuple(runs(normalise_line(line)))


def _text_occurrences(text: str) -> list[str]:
    """The vector entries of a normalised text's bigram and unigram streams,
    one per occurrence (``'救助':3 '救助':9``), made without a Python loop.

    PostgreSQL reads such a literal into the vector _text_streams writes: it
    merges a lexeme's entries, keeps 256 positions of one and clamps a
    position beyond MAX_POSITION; a stream reaching that far is grouped here
    (the clamped positions would otherwise not be merged alike).
    """
    return _runs_occurrences(runs(text), text)


def _lines_occurrences(lines: list[str]) -> list[str]:
    """_text_occurrences of the lines normalised (normalise_lines): a line
    break ends a run, so the text's runs are its lines' runs in turn."""
    parts: list[str] = []
    for line in lines:
        parts += _line_runs(line)
    return _runs_occurrences(parts, lines)


def _runs_occurrences(parts, text) -> list[str]:
    grams: list[str] = []
    for run in parts:
        grams += map(operator.add, run, run[1:])  # run[i] + run[i + 1]
    chars = "".join(parts)
    if len(chars) > MAX_POSITION:
        if not isinstance(text, str):
            text = normalise_lines("\n".join(text))
        return _text_streams(text)
    return [
        entries for entries in (_occurrences(grams), _occurrences(chars)) if entries
    ]


# The filter lexemes of one set of filter values, kept: few sets recur across
# an archive (one kind, type, status, township, channel, handler and user).
_FILTER_VALUES = attrgetter(*FILTERS)
_filter_sets: dict[tuple, list[str]] = {}


def _filter_lexemes(values: tuple) -> list[str]:
    lexemes = _filter_sets.get(values)
    if lexemes is None:
        if len(_filter_sets) > 100_000:
            _filter_sets.clear()
        lexemes = _filter_sets[values] = [
            _filter_lexeme(name, value)
            for name, value in zip(FILTERS, values, strict=True)
            if value
        ]
    return lexemes


def _vector(lines: list[str], idents, filters: tuple, at, zone) -> str:
    """A ``tokens`` literal: the text's lines (not yet normalised), the
    identifiers (each once), the filter values and the local month and year
    of ``at`` in ``zone``."""
    parts = _lines_occurrences(lines)
    parts += [_lexeme(f"#{value}") for value in idents]
    parts += _filter_lexemes(filters)
    parts += _date_lexemes(at, zone)
    return " ".join(parts)


def _row_vector(row) -> str:
    """document_vector(*_tokens(row)), computed without the token strings: the
    same vector once PostgreSQL has read it (its entries are not grouped)."""
    return _vector(
        "\n".join([row.title, row.body, row.names]).split("\n"),
        dict.fromkeys(row.idents.split()),
        _FILTER_VALUES(row),
        row.at,
        timezone.get_current_timezone(),
    )


def _record(entry) -> tuple:
    row, bi, uni, ident = entry
    return (
        row.pk,
        document_vector(row, bi, uni, ident),
        *(getattr(row, name) for name in COLUMNS),
    )


_NAMES = ", ".join(["doc_id", "tokens", *(f'"{name}"' for name in COLUMNS)])
_UPSERT = (
    f"INSERT INTO {TABLE} ({_NAMES}) VALUES "
    f"(%s, %s::tsvector, {', '.join(['%s'] * len(COLUMNS))}) "
    "ON CONFLICT (doc_id) DO UPDATE SET "
    + ", ".join(
        f"{name} = EXCLUDED.{name}"
        for name in ["tokens", *(f'"{name}"' for name in COLUMNS)]
    )
)


def add(entries: list[tuple]) -> None:
    """Write (row, bigrams, unigrams, identifiers) of document rows."""
    if not entries:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT, [_record(entry) for entry in entries])


def remove(entries: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE doc_id = ANY(%s)",
            [[entry[0].pk for entry in entries]],
        )


def lock_documents() -> None:
    """Hold off every other writer of documents (searches still read) until commit."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {DOCUMENTS} IN EXCLUSIVE MODE")


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")


def reset() -> None:
    """The table made anew by today's layout, empty (for re-tokenising)."""
    with connection.cursor() as cursor:
        for statement in DROP + CREATE:
            cursor.execute(statement)


# --- a rebuild: rows copied in, the index built once at the end --------------

# A rebuild writes the tokens into a table of its own and swaps it in when done:
# searches meanwhile read the table as it was (and the document rows as they
# were: those are deleted, not truncated, so only the rebuild's commit shows
# the new ones), and building the index once at the end is several times
# faster than growing it row by row.
NEW = f"{TABLE}_new"


def begin_bulk(*, documents: bool = False, shared: bool = False) -> None:
    """Start a table of tokens to be swapped in by end_bulk. ``documents``: delete
    the document rows too (a rebuild, which writes them all again). ``shared``:
    the table is committed at once, for worker processes to fill
    (:func:`shared_bulk_table`)."""
    if shared:
        shared_bulk_table()
    with connection.cursor() as cursor:
        if not shared:
            cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
            cursor.execute(_create_table(NEW))
            for statement in _storage(NEW):
                cursor.execute(statement)
        if documents:
            cursor.execute(f"DELETE FROM {DOCUMENTS}")


# A rebuild's document rows: the id, every other column, the stamp last.
_DOCUMENT_NAMES = [
    field.attname
    for field in SearchDocument._meta.concrete_fields
    if not field.primary_key and field.attname != "as_of"
]
_COPY_DOCUMENTS = f"COPY {DOCUMENTS} (id, %s, as_of) FROM STDIN" % ", ".join(
    f'"{SearchDocument._meta.get_field(name).column}"' for name in _DOCUMENT_NAMES
)


def add_bulk(rows: list[SearchDocument]) -> None:
    """Append the tokens of document rows to the table begin_bulk made, with
    COPY; a thread sends the data while the next rows are worked out."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {NEW} ({_NAMES}) FROM STDIN", writer=QueuedLibpqWriter(raw)
        ) as copy:
            for row in rows:
                copy.write_row(
                    (row.pk, _row_vector(row), *(getattr(row, n) for n in COLUMNS))
                )


# A rebuild writes COPY's text format itself: rows as lines of tab-separated
# fields, built in the worker processes that build the documents (one string
# per batch for the server, no per-row call into the driver).
_COPY_ESCAPES = (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
_TOKENS_COPY = f"COPY {NEW} ({_NAMES}) FROM STDIN"


def _copy_line(values: list[str]) -> str:
    """One row of COPY text from its fields, all text: joined first with a
    character no text value holds (PostgreSQL stores no NUL), so the whole
    line is escaped in four passes instead of each field in four."""
    line = "\0".join(values)
    for char, escaped in _COPY_ESCAPES:
        line = line.replace(char, escaped)
    return line.replace("\0", "\t")


def _copy_lines(records) -> bytes:
    return ("\n".join(records) + "\n").encode() if records else b""


def draw_ids(count: int) -> list[int]:
    """Document ids from the table's sequence (COPY returns none); any
    connection may draw them, a worker's too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [DOCUMENTS, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


# A document row's values in _COPY_DOCUMENTS's order, read off the document
# (IndexDoc) in one call; the names, identifiers and time are put in after.
_WORKED_OUT = ("names", "idents", "at")
_DOCUMENT_VALUES = attrgetter(
    *(name if name not in _WORKED_OUT else "key" for name in _DOCUMENT_NAMES)
)
_NAMES_AT, _IDENTS_AT, _AT_AT = (_DOCUMENT_NAMES.index(name) for name in _WORKED_OUT)
_TOKEN_VALUES = attrgetter(*COLUMNS)
_TOKEN_TIME = COLUMNS.index("at")


def bulk_lines(docs, ids: list[int], as_of: datetime | None) -> tuple[bytes, bytes]:
    """The COPY data of documents' rows (for copy_documents) and of their token
    rows (for copy_tokens), the rows given these ids: what SearchBackend.index
    would write for them, built straight from the documents."""
    zone = timezone.get_current_timezone()
    stamp = "\\N" if as_of is None else as_of.isoformat()
    documents, tokens = [], []
    for doc, pk in zip(docs, ids, strict=True):
        names, idents, at = " ".join(doc.names), doc.idents, doc.at.isoformat()
        values = list(_DOCUMENT_VALUES(doc))
        values[_NAMES_AT], values[_IDENTS_AT] = names, " ".join(idents)
        values[_AT_AT] = at
        documents.append(f"{pk}\t{_copy_line(values)}\t{stamp}")
        vector = _vector(
            f"{doc.title}\n{doc.body}\n{names}".split("\n"),
            idents,
            _FILTER_VALUES(doc),
            doc.at,
            zone,
        )
        values = list(_TOKEN_VALUES(doc))
        values[_TOKEN_TIME] = at
        tokens.append(f"{pk}\t{_copy_line([vector, *values])}")
    return _copy_lines(documents), _copy_lines(tokens)


def _copy(statement: str, data: bytes) -> None:
    if not data:
        return
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            copy.write(data)


def copy_documents(data: bytes) -> None:
    _copy(_COPY_DOCUMENTS, data)


def copy_tokens(data: bytes) -> None:
    """Append token rows to the table begin_bulk made."""
    _copy(_TOKENS_COPY, data)


def write_bulk(docs, as_of: datetime | None) -> None:
    """Insert documents' rows and their tokens (a rebuild in one process)."""
    if docs:
        documents, tokens = bulk_lines(docs, draw_ids(len(docs)), as_of)
        copy_documents(documents)
        copy_tokens(tokens)


def _side_connection():
    """A connection of its own to the same database, committing as it goes."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    return type(wrapper)(wrapper.settings_dict, wrapper.alias)


def shared_bulk_table() -> None:
    """begin_bulk's table made and committed through a connection of its own,
    for workers' connections to fill while the rebuild's transaction holds
    the documents; end_bulk indexes and swaps it in that transaction."""
    side = _side_connection()
    try:
        with side.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
            cursor.execute(_create_table(NEW))
            for statement in _storage(NEW):
                cursor.execute(statement)
            # Left alone while it fills: autovacuum would vacuum and analyse it
            # again and again (end_bulk analyses it once, full).
            cursor.execute(f"ALTER TABLE {NEW} SET (autovacuum_enabled = false)")
            # Indexed from the start: the workers' COPYs add their rows' entries
            # to the index's pending list and merge it into the index as it
            # fills, on both cores, where building it after the load takes one
            # core for as long again at the end (the same work; the index is a
            # little larger and searches read it as fast).
            cursor.execute(f"CREATE INDEX {NEW}_tokens ON {NEW} USING gin (tokens)")
    finally:
        side.close()


def drop_shared_bulk_table() -> None:
    """A failed rebuild's shared table, filled by its workers, removed."""
    side = _side_connection()
    try:
        with side.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
    finally:
        side.close()


def end_bulk() -> None:
    """Index the new table (or merge what waits in the index a shared table
    was given), swap it in, and give the planner fresh statistics of it and
    of the document table (left to autovacuum, they arrive late)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SELECT to_regclass(%s)", [f"{NEW}_tokens"])
        if index := cursor.fetchone()[0]:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        else:
            cursor.execute(f"CREATE INDEX {NEW}_tokens ON {NEW} USING gin (tokens)")
        cursor.execute(f"ALTER TABLE {NEW} RESET (autovacuum_enabled)")
        # Searches wait from here to the commit: a moment, not the rebuild.
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"ALTER TABLE {NEW} RENAME TO {TABLE}")
        cursor.execute(f"ALTER INDEX {NEW}_pkey RENAME TO {TABLE}_pkey")
        cursor.execute(f"ALTER INDEX {NEW}_tokens RENAME TO {INDEX}")
        for statement in CREATE_TRIGGER:
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"ANALYZE {DOCUMENTS}")


# --- searching ---------------------------------------------------------------


def _phrase(term: Term) -> str:
    return " <-> ".join(_lexeme(gram) for gram in term.grams)


def tsquery(query: SearchQuery) -> str:
    """Every term (its phrase or its identifier), every filter and the months of
    the date range, as one tsquery."""
    parts = [
        f"(({_phrase(term)}) | {_lexeme('#' + term.ident)})" for term in query.terms
    ]
    parts += [_filter_lexeme(name, value) for name, value in query.filters().items()]
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
