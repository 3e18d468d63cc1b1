"""Writing document rows so that appliers racing each other cannot fail or go back.

One ``INSERT … ON CONFLICT (key) DO UPDATE … WHERE … RETURNING`` per chunk, the
same statement on SQLite (3.35+) and PostgreSQL: a key another applier has just
written is replaced, never inserted twice (which failed with a unique violation
before), and only by a version built from a later read (``as_of``). Rows go in
key order, so two appliers lock the keys they share in the same order and never
deadlock.
"""

from django.db import connection

from ...models import SearchDocument

# Rows per statement: 19 parameters each stays under both engines' limits.
CHUNK = 500


def _columns() -> list:
    return [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]


def _statement(fields, rows: int) -> str:
    quote = connection.ops.quote_name
    table = quote(SearchDocument._meta.db_table)
    names = [quote(f.column) for f in fields]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names)
    as_of = quote("as_of")
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({quote('key')}) DO UPDATE SET {updates} "
        f"WHERE EXCLUDED.{as_of} IS NULL OR {table}.{as_of} IS NULL "
        f"OR {table}.{as_of} <= EXCLUDED.{as_of} "
        f"RETURNING {quote('id')}, {quote('key')}"
    )


def upsert(rows: list[SearchDocument]) -> dict[str, int]:
    """Insert or replace these rows (unique keys); the ids of those written.

    A row whose stored version was built from a later read than this one is left
    as it is and missing from the answer, so its tokens stay too.
    """
    fields = _columns()
    rows = sorted({row.key: row for row in rows}.values(), key=lambda row: row.key)
    written: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = [
                field.get_db_prep_save(getattr(row, field.attname), connection)
                for row in chunk
                for field in fields
            ]
            cursor.execute(_statement(fields, len(chunk)), params)
            written.update((key, pk) for pk, key in cursor.fetchall())
    for row in rows:
        row.pk = written.get(row.key)
    return written
