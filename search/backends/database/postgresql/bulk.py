"""A rebuild: rows copied in with COPY into a new token table, swapped in at the end."""

from datetime import datetime
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from ....models import SearchDocument
from .schema import (
    COLUMNS,
    CREATE_TRIGGER,
    DOCUMENTS,
    INDEX,
    NEW,
    TABLE,
    TOKEN_NAMES,
    create_table_sql,
    storage_sql,
)
from .vectors import FILTER_VALUES, row_vector, vector_of


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
            cursor.execute(create_table_sql(NEW))
            for statement in storage_sql(NEW):
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
            f"COPY {NEW} ({TOKEN_NAMES}) FROM STDIN", writer=QueuedLibpqWriter(raw)
        ) as copy:
            for row in rows:
                copy.write_row(
                    (row.pk, row_vector(row), *(getattr(row, n) for n in COLUMNS))
                )


# A rebuild writes COPY's text format itself: rows as lines of tab-separated
# fields, built in the worker processes that build the documents (one string
# per batch for the server, no per-row call into the driver).
_COPY_ESCAPES = (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
_TOKENS_COPY = f"COPY {NEW} ({TOKEN_NAMES}) FROM STDIN"


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
        vector = vector_of(
            f"{doc.title}\n{doc.body}\n{names}".split("\n"),
            idents,
            FILTER_VALUES(doc),
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
            cursor.execute(create_table_sql(NEW))
            for statement in storage_sql(NEW):
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
