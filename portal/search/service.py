"""Public site search over policies, service guides and the complaint page.

Three steps, each in its own module:

1. the query as subjects, question words and synonyms (portal.search.query);
2. the engine configured for Wagtail (the database by default, Elasticsearch
   when configured) finds the pages holding every subject, in any of its terms,
   as character bigrams (core.cjk);
3. those pages are checked and ranked in Python from their own text
   (portal.search.ranking), so both engines give one ranking.
"""

import hashlib
import logging
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.search.query import PlainText

from core.cjk import (
    SEARCH_QUERY_LENGTH,
    query_terms,
    query_text,
    to_simplified,
    typed_query,
)
from core.text import refused_character

from .. import page_cache
from . import documents
from .query import ParsedQuery, parse
from .ranking import SearchDocument, matchers, rank, snippet

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

MAX_QUERY_LENGTH = SEARCH_QUERY_LENGTH
RESULTS_PER_PAGE = 10
# The engine's matches checked and ranked per query. A county site holds far
# fewer pages; were there more matches, the engines could each keep a different
# 500 and the rankings could differ below that.
MAX_CANDIDATES = 500
# Rankings are kept per content generation, and for at most this long: the
# engine's index is updated by a job after the save, so a search in between
# must not keep the older answer until the next publish.
RANKING_SECONDS = 60


@dataclass(frozen=True)
class SearchResult:
    doc: SearchDocument
    snippet: SafeString

    def __getattr__(self, name):
        return getattr(self.doc, name)


@dataclass
class SearchOutcome:
    query: str
    page: PaginatorPage | None = None
    truncated: bool = False
    # 检索服务暂时不可用 (Elasticsearch down): the page says so and links the lists.
    unavailable: bool = False
    # A query holding a control character is refused with this message.
    refused: str = ""
    # Why nothing was searched (an empty query, no letters or digits…).
    message: str = ""
    # The query in 简体 when it was typed in 繁体.
    simplified: str = ""
    # Synonyms searched besides what was typed (低保 → 最低生活保障).
    expansions: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def searchable_pages(generation: str | None = None):
    """The live, public pages the search finds (``public()`` as Wagtail's, from
    the view restrictions kept for the content generation)."""
    from wagtail.models import Page

    from ..models import ComplaintChannelPage, PolicyPage, ServiceGuidePage

    pages = Page.objects.live().type(PolicyPage, ServiceGuidePage, ComplaintChannelPage)
    private = documents.private_q(generation)
    return pages if private is None else pages.exclude(private)


def search_pages(
    raw_query: str | None,
    page_number: str | int | None = 1,
    generation: str | None = None,
) -> SearchOutcome:
    """The outcome of a query typed into the search box (None: no query yet).

    ``generation``: the content generation the request was read under, when the
    page cache read it already (one query fewer)."""
    if raw_query is None:
        return SearchOutcome(query="")
    problem = refused_character(raw_query)
    if problem is not None:
        return SearchOutcome(query="", refused=str(problem.message))
    query = typed_query(raw_query)
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    outcome = SearchOutcome(query=query, truncated=truncated)
    if not query:
        outcome.message = _("请输入要查找的内容，例如：低保、临时救助、申请材料。")
        return outcome
    if not query_terms(query):
        outcome.message = _("请输入要查找的汉字、数字或字母。")
        return outcome
    if to_simplified(query) != query:
        outcome.simplified = to_simplified(query)
    generation = generation or page_cache.generation()
    vocabulary = documents.vocabulary(generation)
    parsed = parse(query, vocabulary)
    if parsed.empty:
        outcome.message = _("请输入要查找的事项，例如：低保、临时救助、申请材料。")
        return outcome
    outcome.expansions = parsed.expansions()
    try:
        ranked = _ranking(query, parsed, generation)
    except SEARCH_UNAVAILABLE as error:
        # An outage is expected and answered (503 with a message); one line, no
        # traceback per request.
        logger.warning("page search unavailable: %s", error)
        outcome.unavailable = True
        return outcome
    outcome.page = Paginator(ranked, RESULTS_PER_PAGE).get_page(page_number)
    shown = documents.documents(list(outcome.page.object_list), generation)
    found = matchers(parsed, vocabulary)
    outcome.page.object_list = [
        SearchResult(shown[pk], snippet(shown[pk], found))
        for pk in outcome.page.object_list
        if pk in shown
    ]
    return outcome


def _ranking(query: str, parsed: ParsedQuery, generation: str) -> list[int]:
    """The ids of the matching pages in rank order, kept for a popular query."""
    cache = page_cache.page_cache()
    key = (
        f"page-search:{generation}:" + hashlib.sha256(query.encode("utf-8")).hexdigest()
    )
    kept = cache.get(key)
    if kept is not None:
        return kept
    vocabulary = documents.vocabulary(generation)
    found = documents.documents(candidates(parsed, generation), generation)
    ranked = [doc.pk for doc in rank(list(found.values()), parsed, vocabulary)]
    if ranked:
        # Only what found something: random words cannot fill the cache.
        cache.set(key, ranked, timeout=RANKING_SECONDS)
    return ranked


def candidates(parsed: ParsedQuery, generation: str | None = None) -> list[int]:
    """Ids of the pages the engine finds holding every subject (in any of its
    terms): a superset of the matches, checked by the ranking."""
    required = []
    for subject in parsed.subjects:
        alternatives = [
            PlainText(tokens, operator="and")
            for tokens in dict.fromkeys(query_text(term) for term in subject.terms)
            if tokens
        ]
        required.append(reduce(operator.or_, alternatives))
    found = searchable_pages(generation).search(
        reduce(operator.and_, required), order_by_relevance=False
    )
    return _page_ids(found[:MAX_CANDIDATES])


def _page_ids(found) -> list[int]:
    """The ids of the pages found, in the engine's order, without loading pages.

    A database backend's results are a query: its ids alone are read, not
    every column of each page and the text vector it was matched on (most of a
    search's time at a thousand pages). Elasticsearch answers with ids, and
    the pages are loaded to check they are still live and public."""
    query = getattr(found, "get_queryset", None)
    if query is not None:
        return list(query().values_list("pk", flat=True))
    return [page.pk for page in found]


def browse_pages():
    """The listings a reader can browse when search is down."""
    from wagtail.models import Page

    from ..models import ComplaintChannelPage, PolicyIndexPage, ServiceGuideIndexPage

    return (
        Page.objects.live()
        .public()
        .type(PolicyIndexPage, ServiceGuideIndexPage, ComplaintChannelPage)
        .order_by("path")
    )
