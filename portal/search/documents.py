"""Pages as the public search reads them, built in bulk and kept in the process.

A page's search document (portal.search.ranking.SearchDocument) is its text by
field, with its type, 效力状态 and address. It is built once per content
generation (portal.page_cache: every save of a page or portal record starts a
new one, the synonyms included) with a fixed number of queries for any number of
pages, and kept in this process, so a search costs no query per result.
"""

import operator
import threading
from functools import reduce

from django.db.models import Q

from portal import page_cache

from .query import Vocabulary
from .ranking import SearchDocument

_lock = threading.Lock()
_kept: dict = {
    "generation": None,
    "documents": {},
    "vocabulary": None,
    "private": None,
}


def _current(generation: str) -> dict:
    global _kept
    with _lock:
        if _kept["generation"] != generation:
            _kept = {
                "generation": generation,
                "documents": {},
                "vocabulary": None,
                "private": None,
            }
        return _kept


def vocabulary(generation: str | None = None) -> Vocabulary:
    """The synonym groups editors keep (portal.models.SearchSynonym)."""
    from portal.models import SearchSynonym

    kept = _current(generation or page_cache.generation())
    if kept["vocabulary"] is None:
        kept["vocabulary"] = Vocabulary.from_groups(
            group.term_list() for group in SearchSynonym.objects.all()
        )
    return kept["vocabulary"]


def private_q(generation: str | None = None) -> Q | None:
    """The pages behind a view restriction and those below them, as Wagtail's
    ``PageQuerySet.private_q`` finds them, read once per content generation (a
    restriction saved or deleted starts a new one): None when there are none.
    Each search would otherwise read the restrictions again."""
    from wagtail.models import PageViewRestriction

    kept = _current(generation or page_cache.generation())
    if kept["private"] is None:
        kept["private"] = tuple(
            PageViewRestriction.objects.values_list("page__path", "page__depth")
        )
    sections = [
        Q(path__startswith=path, depth__gte=depth) for path, depth in kept["private"]
    ]
    return reduce(operator.or_, sections) if sections else None


def documents(
    pks: list[int], generation: str | None = None
) -> dict[int, SearchDocument]:
    """The documents of those pages that are live and public, by id."""
    kept = _current(generation or page_cache.generation())["documents"]
    missing = [pk for pk in pks if pk not in kept]
    if missing:
        built = build_documents(missing)
        for pk in missing:
            kept[pk] = built.get(pk)  # None: not (or no longer) searchable
    return {pk: kept[pk] for pk in pks if kept.get(pk) is not None}


def build_documents(pks: list[int]) -> dict[int, SearchDocument]:
    """Search documents of the live, public pages among ``pks``: one query per
    page type and one per related list, whatever the number of pages."""
    from portal.models import ComplaintChannelPage, PolicyPage, ServiceGuidePage

    sources = [
        ("policy", PolicyPage.objects.all()),
        (
            "guide",
            ServiceGuidePage.objects.select_related("assistance_type").prefetch_related(
                "steps", "materials", "legal_bases__policy"
            ),
        ),
        ("channel", ComplaintChannelPage.objects.prefetch_related("phones")),
    ]
    built: dict[int, SearchDocument] = {}
    for kind, pages in sources:
        for page in pages.live().public().filter(pk__in=pks):
            built[page.pk] = SearchDocument(
                pk=page.pk,
                kind=kind,
                status=page.search_status(),
                url=page.get_url() or "",
                title=page.title,
                number=page.search_number(),
                subject=page.search_subject(),
                summary=page.summary,
                body="\n".join(part for part in page.extra_text_parts() if part),
            )
    return built
