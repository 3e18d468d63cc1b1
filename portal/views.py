"""Thin views: the public search and the reading-aid switches."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from django.views.static import serve

from config.ratelimit import hit

from . import page_cache
from .reading_aids import AIDS, COOKIE_MAX_AGE, COOKIE_PREFIX
from .search import SearchOutcome, browse_pages, search_pages


@require_GET
def search(request):
    allowance = hit("search", request, settings.SEARCH_RATE)
    if not allowance.allowed:
        response = render(
            request,
            "portal/search.html",
            {"search": SearchOutcome(query=""), "retry_after": allowance.retry_after},
            status=429,
        )
        response["Retry-After"] = str(allowance.retry_after)
        return response
    outcome = search_pages(
        request.GET.get("q"),
        request.GET.get("page"),
        getattr(request, "content_generation", None),
    )
    if outcome.unavailable:
        response = render(
            request,
            "portal/search.html",
            {"search": outcome, "browse": browse_pages()},
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    response = render(request, "portal/search.html", {"search": outcome})
    page_cache.mark_search_cacheable(request, outcome)
    return response


@require_GET
def set_reading_aid(request, name: str, value: str):
    """Set one reading aid and return to the page the reader came from."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    aid = AIDS.get(name)
    if aid is not None and value in aid.choices:
        response.set_cookie(
            COOKIE_PREFIX + name,
            value,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them the SVG."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


# Wagtail stores a document's file under MEDIA_ROOT/documents/.
DOCUMENT_FILES = "documents"


@require_GET
def media(request, path):
    """Uploaded images and their renditions, served by Django in every
    environment, so that they carry the site's security headers like any page.

    A document's file is never served from here: a document is served only by
    Wagtail's document view (/documents/<id>/<name>), which checks that a
    published page links it (portal.documents). The reverse proxy must not serve
    MEDIA_ROOT itself, or it would bypass that check.
    """
    clean = posixpath.normpath(path).lstrip("/")
    if clean.split("/", 1)[0] == DOCUMENT_FILES:
        raise Http404
    return serve(request, clean, document_root=settings.MEDIA_ROOT)
