"""档案目录: the entries a person may read, filtered by query parameter.

The admin list, its filters and the Excel export all narrow through
``ARCHIVE_FILTERS``, so the screen and the spreadsheet hold the same rows.
Parameters: ``year`` (2026), ``category`` (YW), ``township`` (its code),
``kind`` (case, complaint …), ``retention`` (``permanent`` or a number of
years) and ``q`` (part of an archive or record number, or of the title). A
value that is not one of these (a year of letters, a category nobody made)
matches nothing; it is never an error page.
"""

import re
from collections.abc import Mapping

from django.db.models import Q, QuerySet

from cases.access import instances
from cases.models import ArchiveEntry

PERMANENT = "permanent"
_YEAR = re.compile(r"^\d{4}$")
_YEARS = re.compile(r"^\d{1,3}$")
MAX_QUERY = 100


def archive_entries_visible_to(user) -> QuerySet[ArchiveEntry]:
    """The county reads every entry; a township its own (cases.access)."""
    return instances(user, "archive.catalogue").select_related(
        "category", "township", "filed_by"
    )


def filing_of(user, record) -> dict | None:
    """Where a record is filed, for its page: the archive number, category and
    retention, and the entry's page when the user may open the catalogue."""
    lookup = getattr(record, "filed_lookup", None)
    if lookup is None or record.pk is None:
        return None
    entry = ArchiveEntry.objects.select_related("category").filter(**lookup()).first()
    if entry is None:
        return None
    readable = archive_entries_visible_to(user).filter(pk=entry.pk).exists()
    return {"entry": entry, "readable": readable}


def _year(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(year=int(value)) if _YEAR.match(value) else rows.none()


def _retention(rows: QuerySet, value: str) -> QuerySet:
    if value == PERMANENT:
        return rows.filter(retention_years__isnull=True)
    if _YEARS.match(value):
        return rows.filter(retention_years=int(value))
    return rows.none()


def _kind(rows: QuerySet, value: str) -> QuerySet:
    return rows.filter(kind=value) if value in ArchiveEntry.Kind.values else rows.none()


def _search(rows: QuerySet, value: str) -> QuerySet:
    query = value.strip()[:MAX_QUERY]
    if not query:
        return rows
    return rows.filter(
        Q(number__icontains=query)
        | Q(record_number__icontains=query)
        | Q(title__icontains=query)
    )


ARCHIVE_FILTERS = {
    "year": _year,
    "category": lambda rows, v: rows.filter(category__code=v),
    "township": lambda rows, v: rows.filter(township__code=v),
    "kind": _kind,
    "retention": _retention,
    "q": _search,
}


def archive_catalogue(user, params: Mapping[str, str]) -> QuerySet[ArchiveEntry]:
    """The catalogue rows this user may see, filtered as the admin list is."""
    rows = archive_entries_visible_to(user)
    for name, narrow in ARCHIVE_FILTERS.items():
        value = params.get(name)
        if value:
            rows = narrow(rows, str(value))
    return rows.order_by("year", "category__code", "serial")
