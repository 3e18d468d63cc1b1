"""The archive search interface, shaped like Django's cache framework.

``settings.ARCHIVE_SEARCH["BACKEND"]`` names a module exporting ``SearchBackend``;
callers use :func:`get_search_backend` and never ask which one they got. Every
backend gives the same hits for the same query (tests/search/test_contract.py).
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from ..query import SearchQuery, SearchResults
from ..sources import IndexDoc

Progress = Callable[[int], None]


class BaseSearchBackend(ABC):
    name = ""

    def __init__(self, options: dict):
        self.options = options

    @abstractmethod
    def index(self, docs: list[IndexDoc], *, as_of: datetime | None = None) -> None:
        """Add or replace these documents; idempotent, so safe from many appliers.

        ``as_of`` is when their records were read (:func:`database_now`): a stored
        document built from a later read is kept, so the newest version wins
        whatever order racing appliers write in. None replaces unconditionally.
        """

    @abstractmethod
    def delete(self, keys: list[str], *, as_of: datetime | None = None) -> None:
        """Remove documents by key; unknown keys, and ones built after ``as_of``,
        are left alone."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """One page of hits, the total and facet counts, within the query's scope."""

    @abstractmethod
    def rebuild(
        self,
        batches: Iterable[list[IndexDoc]],
        progress: Progress,
        *,
        workers: int = 1,
    ) -> int:
        """Replace the whole index with these documents; returns how many.

        Given a plan (search.sources.Plan) and ``workers`` > 1, the chunks are
        built in that many processes (search.parallel) when they can be.
        """

    @abstractmethod
    def count(self) -> int:
        """How many documents the index holds now."""

    @abstractmethod
    def keys(self) -> set[str]:
        """Every key in the index (used to compare with the database)."""


def database_now() -> datetime:
    """The database's clock, the one every applier's reads are ordered by.

    PostgreSQL's clock_timestamp() is taken after the statements before it saw
    their data, whichever host the applier runs on; SQLite writers take turns
    anyway, so the local clock does.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    return timezone.now()


@cache
def _backend(path: str, options: tuple) -> BaseSearchBackend:
    return import_string(f"{path}.SearchBackend")(dict(options))


def get_search_backend() -> BaseSearchBackend:
    config = dict(settings.ARCHIVE_SEARCH)
    path = config.pop("BACKEND")
    return _backend(path, tuple(sorted(config.items())))
