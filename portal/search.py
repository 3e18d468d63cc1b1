"""Public site search over policies, service guides and the complaint page.

The query goes through Wagtail's configured search backend (the database by
default, Elasticsearch when configured) as character bigrams, see ``core.cjk``.
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.cjk import normalise, query_terms, query_text, to_simplified
from core.text import quiet_clean, refused_character

from . import page_cache

logger = logging.getLogger(__name__)


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    """What a search engine service raises when it cannot be reached or fails.

    The database backend raises database errors, which are the database's
    problem (a 503 from portal.errors), not the search's.
    """
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError
    except ImportError:  # pragma: no cover - elasticsearch is a dependency
        return ()
    return (TransportError, ApiError)


SEARCH_UNAVAILABLE = _unavailable_errors()

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10
MAX_CANDIDATES = 500
SNIPPET_RADIUS = 60


@dataclass
class SearchOutcome:
    query: str
    page: PaginatorPage | None = None
    snippets: dict[int, SafeString] = field(default_factory=dict)
    truncated: bool = False
    # 检索服务暂时不可用 (Elasticsearch down): the page says so and links the lists.
    unavailable: bool = False
    # A query holding a control character is refused with this message.
    refused: str = ""

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def searchable_pages():
    from wagtail.models import Page

    from .models import ComplaintChannelPage, PolicyPage, ServiceGuidePage

    return (
        Page.objects.live()
        .public()
        .type(PolicyPage, ServiceGuidePage, ComplaintChannelPage)
        .specific()  # snippets need each page's own fields: one query per type
    )


def search_pages(raw_query: str, page_number: str | int | None = 1) -> SearchOutcome:
    problem = refused_character(raw_query)
    if problem is not None:
        return SearchOutcome(query="", refused=str(problem.message))
    query = " ".join(quiet_clean(raw_query or "").split())
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    outcome = SearchOutcome(query=query, truncated=truncated)
    tokens = query_text(query)
    if not tokens:
        return outcome
    try:
        matches = _matches(query, tokens)
    except SEARCH_UNAVAILABLE as error:
        # An outage is expected and answered (503 with a message); one line, no
        # traceback per request.
        logger.warning("page search unavailable: %s", error)
        outcome.unavailable = True
        return outcome
    outcome.page = Paginator(matches, RESULTS_PER_PAGE).get_page(page_number)
    shown = dict(outcome.page.object_list)
    pages = searchable_pages().filter(pk__in=shown).in_bulk()
    # A page unpublished since the matches were kept drops out of this listing.
    outcome.page.object_list = [pages[pk] for pk in shown if pk in pages]
    outcome.snippets = {pk: mark_safe(snippet) for pk, snippet in shown.items()}  # noqa: S308 - built by highlight(), which escapes
    return outcome


def _matches(query: str, tokens: str) -> list[tuple[int, str]]:
    """(page id, snippet HTML) of every page holding each word of the query.

    Kept in the page cache under the site's content generation, so a popular
    query costs one engine search and one text extraction per page until any
    content changes; without that, every request rendered the plain text of up
    to MAX_CANDIDATES pages.
    """
    cache = page_cache.page_cache()
    key = (
        f"page-search:{page_cache.generation()}:"
        + hashlib.sha256(query.encode("utf-8")).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    candidates = list(
        searchable_pages().search(tokens, operator="and")[:MAX_CANDIDATES]
    )
    terms = query_terms(query)
    matches = []
    for page in candidates:
        text = page.plain_text()
        # Engines match a page holding every bigram (Elasticsearch's page analyzer
        # even every character); keep only pages where each word appears as written.
        if _contains_all(f"{page.title} {page.summary} {text}", terms):
            matches.append((page.pk, str(highlight(text, terms))))
    cache.set(key, matches)
    return matches


def browse_pages():
    """The listings a reader can browse when search is down."""
    from wagtail.models import Page

    from .models import ComplaintChannelPage, PolicyIndexPage, ServiceGuideIndexPage

    return (
        Page.objects.live()
        .public()
        .type(PolicyIndexPage, ServiceGuideIndexPage, ComplaintChannelPage)
        .order_by("path")
    )


def _contains_all(text: str, terms: list[str]) -> bool:
    folded = "".join(normalise(text).split())
    return all(term in folded for term in terms)


def _match_pattern(terms: list[str]) -> re.Pattern | None:
    pieces = sorted({t for t in terms if t}, key=len, reverse=True)
    if not pieces:
        return None
    return re.compile("|".join(re.escape(p) for p in pieces), re.IGNORECASE)


def highlight(text: str, terms: list[str], radius: int = SNIPPET_RADIUS) -> SafeString:
    """A window of the text around the first hit, with every hit in <mark>."""
    text = " ".join(to_simplified(text).split())
    pattern = _match_pattern(terms)
    first = pattern.search(text) if pattern else None
    if first is None:
        # Matched by its bigrams but not as a whole phrase: show the start.
        shortened = text[: radius * 2]
        suffix = "…" if len(text) > len(shortened) else ""
        return mark_safe(escape(shortened) + suffix)  # noqa: S308
    start = max(first.start() - radius, 0)
    end = min(first.end() + radius, len(text))
    window = text[start:end]
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(window[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    # Every piece of page text is escaped above; only <mark> is markup.
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308
