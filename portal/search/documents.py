"""Pages as the public search reads them, built in bulk and kept in the process.

A page's search document (portal.search.ranking.SearchDocument) is its text by
field, with its type, 效力状态 and address. It is built once per content
generation (portal.page_cache: every save of a page or portal record starts a
new one, the synonyms included) with a fixed number of queries for any number of
pages, and kept in this process, so a search costs no query per result.
"""

import threading

from portal import page_cache

from .query import Vocabulary
from .ranking import SearchDocument

_lock = threading.Lock()
_kept: dict = {"generation": None, "documents": {}, "vocabulary": None}


def _current(generation: str) -> dict:
    global _kept
    with _lock:
        if _kept["generation"] != generation:
            _kept = {"generation": generation, "documents": {}, "vocabulary": None}
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
