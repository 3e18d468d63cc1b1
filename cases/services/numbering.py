"""案件编号与文书编号。"""

from django.db import transaction
from django.utils import timezone

from cases.models import CaseNumberCounter


def next_number(prefix: str, *, year: int | None = None) -> str:
    """JZ2026000123: the prefix, the year, and a counter that never repeats.

    The counter row is locked for the rest of the transaction, so two clerks
    taking a number at the same moment get different ones.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
            scope=f"{prefix}{year}"
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{prefix}{year}{counter.last:06d}"
