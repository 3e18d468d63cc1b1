"""案件编号与文书编号。"""

from django.db import connection, transaction
from django.utils import timezone

from cases.models import CaseNumberCounter


def next_number(prefix: str, *, year: int | None = None) -> str:
    """JZ2026000123: the prefix, the year, and a counter that never repeats.

    The counter row is locked for the rest of the transaction, so two clerks
    taking a number at the same moment get different ones.
    """
    year = year or timezone.localdate().year
    scope = f"{prefix}{year}"
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
    return f"{prefix}{year}{row[0]:06d}"
