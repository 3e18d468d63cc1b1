"""Searching the archive as a person: scope, validation, the search log, exports.

Every caller — the admin's search page, its exports and the API — goes through
these functions, so the township rule and the log cannot be skipped.
"""

from collections.abc import Iterator
from typing import NamedTuple

from cases.access import instances, jurisdiction, may
from portal.models import Township, Village

from .backends import get_search_backend
from .errors import SearchDenied
from .models import SearchLog
from .query import MAX_PAGE_SIZE, Hit, SearchQuery, SearchResults, parse_query

EXPORT_LIMIT = 10_000


class Scope(NamedTuple):
    """What a person may search; ``townships`` None is the whole county."""

    townships: tuple[str, ...] | None
    villages: tuple[str, ...] | None
    cases: tuple[str, ...] = ()  # case numbers beyond those places (AB角顶岗)


def may_search(user) -> bool:
    return may(user, "archive.search")


def scope_for(user) -> Scope:
    """The user's reach for "archive.search" (cases.access), as index filters.

    Reviewers and auditors search everything; a township clerk their own
    township, a village coordinator their village; either also the cases of an
    absent colleague they stand in for (AB角顶岗), found through the policy's
    ``instances`` so the index and the case lists agree.
    """
    if not may_search(user):
        raise SearchDenied
    reach = jurisdiction(user, "archive.search")
    if reach.everywhere:
        return Scope(None, None)
    townships = Township.objects.filter(pk=reach.township_id).values_list(
        "code", flat=True
    )
    villages = Village.objects.filter(pk=reach.village_id).values_list(
        "code", flat=True
    )
    beyond = instances(user, "archive.search")
    if reach.township_id:
        beyond = beyond.exclude(township_id=reach.township_id)
    if reach.village_id:
        beyond = beyond.exclude(village_id=reach.village_id)
    numbers = beyond.values_list("number", flat=True) if reach.stands_in else []
    return Scope(tuple(townships), tuple(villages), tuple(numbers))


def archive_search(
    *, by, params, via: str = SearchLog.Via.ADMIN
) -> tuple[SearchQuery, SearchResults]:
    """Parse, scope, search and log. Raises QueryError or SearchDenied."""
    query = parse_query(params).scoped(*scope_for(by))
    results = get_search_backend().search(query)
    SearchLog.objects.create(
        user=by, via=via, query=query.as_log(), total=results.total
    )
    return query, results


def archive_export_hits(*, by, params) -> tuple[SearchQuery, int, Iterator[Hit]]:
    """Every hit of a search (up to EXPORT_LIMIT), newest first, for CSV or Excel."""
    base = parse_query(params).scoped(*scope_for(by))
    backend = get_search_backend()
    first = backend.search(_page(base, 1))
    total = min(first.total, EXPORT_LIMIT)
    SearchLog.objects.create(
        user=by, via=SearchLog.Via.EXPORT, query=base.as_log(), total=first.total
    )

    def hits() -> Iterator[Hit]:
        yield from first.hits[:total]
        page, seen = 1, len(first.hits)
        while seen < total:
            page += 1
            batch = backend.search(_page(base, page)).hits
            if not batch:
                return
            yield from batch[: total - seen]
            seen += len(batch)

    return base, total, hits()


def _page(query: SearchQuery, page: int) -> SearchQuery:
    from dataclasses import replace

    return replace(query, page=page, page_size=MAX_PAGE_SIZE, sort="newest")
