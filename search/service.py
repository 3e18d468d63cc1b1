"""Searching the archive as a person: scope, validation, the search log, exports.

Every caller — the admin's search page, its exports and the API — goes through
these functions, so the township rule and the log cannot be skipped.
"""

from collections.abc import Iterator

from cases.access import actor_for
from portal.models import Township, Village

from .backends import get_search_backend
from .errors import SearchDenied
from .models import SearchLog
from .query import MAX_PAGE_SIZE, Hit, SearchQuery, SearchResults, parse_query

EXPORT_LIMIT = 10_000


def may_search(user) -> bool:
    return actor_for(user).has_case_role


def scope_for(user) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """(townships, villages) the user may search; (None, None) is the whole county.

    Reviewers and auditors search everything; a township clerk only their own
    township, a village coordinator only their village.
    """
    actor = actor_for(user)
    if not actor.has_case_role:
        raise SearchDenied
    if actor.sees_everything:
        return None, None
    townships, villages = [], []
    if actor.has("clerk") and actor.township_id:
        townships = list(
            Township.objects.filter(pk=actor.township_id).values_list("code", flat=True)
        )
    if actor.has("village_coordinator") and actor.village_id:
        villages = list(
            Village.objects.filter(pk=actor.village_id).values_list("code", flat=True)
        )
    return tuple(townships), tuple(villages)


def archive_search(
    *, by, params, via: str = SearchLog.Via.ADMIN
) -> tuple[SearchQuery, SearchResults]:
    """Parse, scope, search and log. Raises QueryError or SearchDenied."""
    townships, villages = scope_for(by)
    query = parse_query(params).scoped(townships, villages)
    results = get_search_backend().search(query)
    SearchLog.objects.create(
        user=by, via=via, query=query.as_log(), total=results.total
    )
    return query, results


def archive_export_hits(*, by, params) -> tuple[SearchQuery, int, Iterator[Hit]]:
    """Every hit of a search (up to EXPORT_LIMIT), newest first, for CSV or Excel."""
    townships, villages = scope_for(by)
    base = parse_query(params).scoped(townships, villages)
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
