"""案件编号、文书编号与档案号。"""

from django.db import connection, transaction
from django.utils import timezone

from cases.models import CaseNumberCounter


def _take(scope: str) -> int:
    """The next value of the counter ``scope``, its row locked until commit."""
    table = CaseNumberCounter._meta.db_table
    # No savepoint: the one statement either takes a number or fails the caller's
    # transaction anyway; the fallback's get_or_create keeps its own savepoint.
    with transaction.atomic(savepoint=False):
        # One statement takes the number and locks the row until commit
        # (UPDATE … RETURNING: PostgreSQL, and SQLite since 3.35).
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last = last + 1 WHERE scope = %s RETURNING last",  # noqa: S608
                [scope],
            )
            row = cursor.fetchone()
        if row is None:
            counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
                scope=scope
            )
            counter.last += 1
            counter.save(update_fields=["last"])
            row = (counter.last,)
    return row[0]


def next_number(prefix: str, *, year: int | None = None) -> str:
    """JZ2026000123: the prefix, the year, and a counter that never repeats.

    The counter row is locked for the rest of the transaction, so two clerks
    taking a number at the same moment get different ones.
    """
    year = year or timezone.localdate().year
    return f"{prefix}{year}{_take(f'{prefix}{year}'):06d}"


def archive_counter_scope(code: str, year: int) -> str:
    """The counter of one category in one year (DA2026YW); the data migration
    that files the records closed before uses the same scopes."""
    return f"DA{year}{code}"


def archive_number(code: str, *, year: int) -> tuple[str, int]:
    """2026-YW-000123 and its serial: year, category code, a serial that never
    repeats within the year and category, taken like a case number."""
    serial = _take(archive_counter_scope(code, year))
    return f"{year}-{code}-{serial:06d}", serial
