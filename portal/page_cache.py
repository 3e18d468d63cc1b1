"""页面缓存: whole public pages kept as the reader received them.

A public page (home, service guides, policies, service points; the complaint page
has a CSRF-protected form and keeps a fragment cache instead) is the same for
every anonymous reader with the same reading aids, so the finished response is
kept in the ``pages`` cache and served again without routing, templates or OpenCC.

The key: the host, the path, the language, all four reading-aid values (font
size, contrast, elder mode, 简体/繁体: a reader never gets a variant they did not
choose) and the site's **content generation**. The generation is a token that
every save or delete of a page (drafts, publishing, unpublishing, moves, privacy
settings) and of the directory and other portal records changes, so a publish
shows on the next request, on this page and on every page listing it (the home
page's guides and policies, menus, breadcrumbs, the service points a guide
names). The token is in the ``shared`` cache, in the database (config/cache.py),
so a publish through any worker of any app server makes every server's kept
pages stale at once; the pages themselves are in the ``pages`` cache, a file
cache per machine, whose timeout (``PAGE_CACHE_SECONDS``, 10 minutes) bounds
anything changed behind Django's back. A hit costs that one small query.

Public search answers (/search/?q=…) are kept too, under the query as the search
reads it (NFC, invisible characters removed, spaces collapsed: two spellings of
one search share one entry) and the page number; every other query string
bypasses the cache. Only a search that finds something is kept: never a refused
or overlong query, an unknown parameter, a page number past the last page, an
answer that found nothing, a rate-limited (429) or unavailable (503) answer. A
kept answer is served like a kept page, before the search's rate limit: it costs
what any kept page costs; every search that ranks is counted (SEARCH_RATE).

Only what is the same for everyone is kept: GET without a query string, no
visitor session or messages cookie (a page password given, a private page's
login; staff preview in the admin, whose session is never sent here), a page type that
opts in (``page_cache = True``), a 200 answer with no cookie set, no CSRF token
used and no ``Cache-Control: private/no-cache/no-store`` (Wagtail adds that to
pages behind a view restriction).
"""

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language_from_request
from django_tasks.signals import task_finished
from wagtail.models import Page, PageViewRestriction, Site

from core.cjk import search_query
from core.transactions import on_commit_once

from .reading_aids import current_aids

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_ALIAS = "shared"
GENERATION_KEY = "page-cache:generation"
_UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")


def page_cache():
    return caches[CACHE_ALIAS]


def enabled() -> bool:
    timeout = page_cache().default_timeout
    return timeout is None or timeout > 0


def generation() -> str:
    cache = caches[GENERATION_ALIAS]
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def new_generation(**kwargs) -> None:
    """Every cached page is stale from now on (a signal receiver)."""
    caches[GENERATION_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


# The generation this process last served under (see refresh_process_caches).
_served = {"generation": None}


def refresh_process_caches(token: str) -> None:
    """Forget what this process keeps for itself once the content moved on.

    Wagtail keeps the sites' root paths for an hour in the per-process
    ``default`` cache and clears them only in the process that saved a
    site. A site changed through another worker or app server would
    otherwise leave this one routing with the old roots: pages it cannot
    place (``get_url`` is None) for up to that hour.
    """
    if _served["generation"] != token:
        Site.clear_site_root_paths_cache()
        _served["generation"] = token


# Paths that are never Wagtail pages (the API, the admin, files).
NEVER_PAGES = ("/api/", "/admin/", "/static/", "/media/", "/documents/")
# Paths that place no pages either: the admin does (its links to live pages).
NO_PAGE_URLS = tuple(path for path in NEVER_PAGES if path != "/admin/")


@dataclass(frozen=True)
class KeptSearch:
    """The search a request's key was made from: the query as the search reads
    it ("" for the bare search page) and the page number asked ("" for none)."""

    query: str
    page: str


_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
_SEARCH_PARAMETERS = frozenset({"q", "page"})


@cache
def search_path() -> str:
    return reverse("portal:search")


def kept_search(request) -> KeptSearch | None:
    """The search of a /search/ request that may be kept, or None."""
    if request.path != search_path():
        return None
    if not request.META.get("QUERY_STRING"):
        return KeptSearch("", "")
    params = request.GET
    if not set(params) <= _SEARCH_PARAMETERS or any(
        len(params.getlist(name)) != 1 for name in params
    ):
        return None
    query = search_query(params.get("q"))
    page = params.get("page", "")
    if not query or (page and not _PAGE_NUMBER.fullmatch(page)):
        return None
    return KeptSearch(query, page)


def request_key(request, token: str) -> str | None:
    """The cache key of this request under the generation ``token``, or None
    when it must not use the cache."""
    if request.method != "GET" or request.path.startswith(NEVER_PAGES):
        return None
    search = kept_search(request)
    request.page_cache_search = search
    if request.META.get("QUERY_STRING") and search is None:
        return None
    cookies = request.COOKIES
    # The admin's session cookie is never sent here (portal/accounts/sessions.py);
    # a visitor's means a page password given or a private page's login.
    if settings.VISITOR_SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    aids = current_aids(cookies)
    variant = "|".join(
        [
            host,
            request.path,
            get_language_from_request(request),
            *(f"{name}={value}" for name, value in sorted(aids.items())),
            *([f"q={search.query}", f"page={search.page}"] if search else []),
        ]
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"page-cache:{token}:{digest}"


def mark_cacheable(page, request) -> None:
    """Called as Wagtail serves a page: may this response be kept?"""
    if getattr(page, "page_cache", False) and not getattr(request, "is_preview", False):
        request.page_cache_allowed = True


def mark_search_cacheable(request, outcome) -> None:
    """Called by the search view: may this answer be kept? Only when it is the
    search the key was made from (portal.search.SearchOutcome) and found
    something on a page that exists; the bare search page too."""
    kept = getattr(request, "page_cache_search", None)
    if kept is None:
        return
    if not kept.query:
        allowed = outcome.query == "" and not (outcome.message or outcome.refused)
    else:
        allowed = (
            outcome.query == kept.query
            and not (outcome.truncated or outcome.unavailable or outcome.refused)
            and outcome.page is not None
            and outcome.total > 0
            and outcome.page.number == int(kept.page or 1)
        )
    if allowed:
        request.page_cache_allowed = True


def storable(request, response) -> bool:
    if not getattr(request, "page_cache_allowed", False):
        return False
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _UNCACHEABLE_CONTROL):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Serve and keep whole pages; placed before the session middleware so a
    hit costs no session or CSRF work and one query (the generation), and after
    WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(NO_PAGE_URLS):
            return self.get_response(request)  # no reason to read the generation
        token = generation()
        # The view reads the same generation (the public search): no second query.
        request.content_generation = token
        refresh_process_caches(token)
        key = request_key(request, token) if enabled() else None
        if key is not None:
            kept = page_cache().get(key)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if key is not None and storable(request, response):
            headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
            kept = (response.content, headers)
            page_cache().set(key, kept, timeout=_timeout(request))
            response["X-Page-Cache"] = "miss"
        return response


# A kept search answer lives at most this long: the engine's index is updated by
# a job after the save (and Elasticsearch shows a write after its refresh), so
# an answer ranked in between must not outlive it by much. The job's end starts
# a new generation too (_index_updated).
SEARCH_SECONDS = 60


def _timeout(request):
    timeout = page_cache().default_timeout
    kept = getattr(request, "page_cache_search", None)
    if kept is not None and kept.query:
        return SEARCH_SECONDS if timeout is None else min(timeout, SEARCH_SECONDS)
    return timeout


def _index_updated(sender, task_result, **kwargs) -> None:
    """A page was (re)indexed by its job: searches kept before may miss it.

    Elasticsearch shows a write only after its next refresh (up to a second
    later): the index is refreshed first, so no search ranked under the new
    generation reads the index as it was before the write."""
    if task_result.task.name != "insert_or_update_object_task":
        return
    try:
        _refresh_index(*task_result.args[:2])
    except Exception as error:  # noqa: BLE001 - the new generation must follow
        logger.warning("search index not refreshed after an update: %s", error)
    new_generation()


def _refresh_index(app_label: str, model_name: str) -> None:
    """Make the index update just written visible to searches in every backend
    that took it (a no-op on the database backends)."""
    from modelsearch.backends import get_search_backends

    model = apps.get_model(app_label, model_name)
    for backend in get_search_backends(with_auto_update=True):
        backend.get_index_for_model(model).refresh()


def _content_changed(sender, instance, **kwargs) -> None:
    if sender._meta.app_label == "portal" or isinstance(
        instance, (Page, PageViewRestriction, Site)
    ):
        new_generation()
        # Again once the change is visible to other connections: a worker that read
        # the old rows under the first new generation would otherwise keep them.
        on_commit_once(new_generation)


def connect_signals() -> None:
    """Any page, privacy setting, site or portal record saved or deleted."""
    for signal in (post_save, post_delete):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    m2m_changed.connect(_content_changed, dispatch_uid="page-cache-m2m")
    task_finished.connect(_index_updated, dispatch_uid="page-cache-index-task")


def poster_key(page, edition, request) -> str:
    """A poster PDF is fixed by its edition (核验码) and the page revision; the
    host is in the key because the QR code and printed link carry it."""
    origin = f"{request.scheme}://{request.get_host()}"
    return f"poster:{edition.code}:{page.cache_key}:{origin}"
