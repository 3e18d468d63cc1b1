"""Public site search (/search/): query rules, one ranking on every engine.

See portal.search.service for the steps, docs/search.md for the rules.
"""

from .service import (
    MAX_QUERY_LENGTH,
    SEARCH_UNAVAILABLE,
    SearchOutcome,
    SearchResult,
    browse_pages,
    search_pages,
    searchable_pages,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "SEARCH_UNAVAILABLE",
    "SearchOutcome",
    "SearchResult",
    "browse_pages",
    "search_pages",
    "searchable_pages",
]
