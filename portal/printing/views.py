"""Thin views: the print view, the PDF poster and the verification page."""

import logging
from functools import wraps
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from wagtail.views import serve

from portal.models import ServiceGuidePage
from portal.offline.editions import current_edition
from portal.page_cache import page_cache, poster_key

from .fit import GUIDE_PLANS, POSTER_MAX_CHARACTERS, edition_length, has_poster
from .pages import printable_page_at
from .pdf import PosterUnavailable, render_one_page_pdf, render_pdf
from .render import render_print_html
from .verify import State, edition_for_code, edition_status, status_json

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
POSTER_SECONDS = 30 * 24 * 3600


def _printable(suffix: str):
    """A view of a page's current edition, at ``<page path><suffix>``.

    The view gets (request, page, edition). A path that is no printable page goes
    to Wagtail (maybe a real child page has that slug); a printable page with no
    edition yet is a 404; only GET and HEAD are answered.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, page_path: str):
            page = printable_page_at(request, page_path)
            if page is None:
                return serve(request, page_path + suffix)
            edition = current_edition(page)
            if edition is None:
                raise Http404
            if request.method not in SAFE_METHODS:
                return HttpResponseNotAllowed(SAFE_METHODS)
            return view(request, page, edition)

        return wrapper

    return decorate


@_printable("print/")
def print_view(request, page, edition):
    """打印版: the page laid out as the poster a window puts on the wall."""
    return HttpResponse(render_print_html(request, page, edition))


@_printable("poster.pdf")
def poster_pdf(request, page, edition):
    """The A4 poster as PDF, from the same HTML as the print view."""
    if not has_poster(edition):
        context = {
            "page": page,
            "print_url": page.print_url(request),
            "length": edition_length(edition),
            "limit": POSTER_MAX_CHARACTERS,
        }
        return render(request, "portal/print/too_long.html", context)
    # An edition's poster never changes: made once (about half a second), kept.
    key = poster_key(page, edition, request)
    pdf = page_cache().get(key)
    if pdf is None:
        try:
            pdf = _poster(request, page, edition)
        except PosterUnavailable as exc:
            logger.error("Poster PDF of page %s not made: %s", page.pk, exc)
            context = {"page": page, "print_url": page.print_url(request)}
            return render(request, "portal/print/unavailable.html", context, status=503)
        page_cache().set(key, pdf, timeout=POSTER_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(page, edition.number)
    # Same URL, new content with each edition: the browser checks back each time.
    patch_cache_control(response, no_cache=True)
    return response


def _poster(request, page, edition) -> bytes:
    """A guide's poster is fitted to one A4 page (portal/printing/fit.py); a
    policy's runs as long as its text, a complaint channel's is one page anyway."""
    base_url = request.build_absolute_uri("/")
    if not isinstance(page, ServiceGuidePage):
        return render_pdf(render_print_html(request, page, edition), base_url=base_url)
    pdf, plan, pages = render_one_page_pdf(
        lambda plan: render_print_html(request, page, edition, plan),
        GUIDE_PLANS,
        base_url=base_url,
    )
    if pages > 1:
        logger.warning("Poster of guide %s runs to %s pages", page.pk, pages)
    return pdf


def _content_disposition(page, number: int) -> str:
    slug = page.slug if page.slug.isascii() else f"page-{page.pk}"
    ascii_name = f"{slug}-v{number}.pdf".replace('"', "")
    title = _("%(title)s（第%(n)s版）") % {"title": page.title, "n": number}
    return (
        f'inline; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(title + '.pdf', safe='')}"
    )


def _wants_json(request) -> bool:
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def verify(request, code: str):
    """核验页: opened from the QR code on a printed copy."""
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    edition = edition_for_code(code)
    as_json = _wants_json(request)
    if edition is None:
        detail = _("没有找到这个核验码对应的材料，请核对核验码是否输入正确。")
        if as_json:
            response = JsonResponse({"detail": detail}, status=404)
        else:
            response = render(request, "portal/verify/unknown.html", status=404)
    else:
        status = edition_status(edition)
        if as_json:
            response = JsonResponse(
                status_json(status, request), json_dumps_params={"ensure_ascii": False}
            )
        else:
            context = {"status": status, "edition": edition, "State": State}
            if status.page is not None:
                context["print_url"] = status.page.print_url(request)
                context["poster_url"] = status.page.poster_url(request)
            response = render(request, "portal/verify/edition.html", context)
    patch_vary_headers(response, ["Accept"])
    patch_cache_control(response, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    return response
