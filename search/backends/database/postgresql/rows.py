"""A document's tokens written, replaced or removed, a batch at a time."""

from django.db import connection

from .schema import COLUMNS, CREATE, DOCUMENTS, DROP, TABLE, TOKEN_NAMES
from .vectors import document_vector


def _record(entry) -> tuple:
    row, bi, uni, ident = entry
    return (
        row.pk,
        document_vector(row, bi, uni, ident),
        *(getattr(row, name) for name in COLUMNS),
    )


_UPSERT = (
    f"INSERT INTO {TABLE} ({TOKEN_NAMES}) VALUES "
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
