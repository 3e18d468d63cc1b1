"""The print rendering of a page: one template for the HTML print view and the
PDF poster, so the two cannot drift apart."""

from urllib.parse import unquote

from django.conf import settings
from django.template.loader import render_to_string
from wagtail.coreutils import camelcase_to_underscore

from core.links import public_url
from portal.models import PrintablePage, PrintEdition, ServiceGuidePage

from .fit import FULL, PosterPlan
from .stamp import Stamp


def font_names() -> list[str]:
    """The configured CJK families (``OFFLINE_SYNC["PDF_FONT_FAMILY"]``)."""
    value = settings.OFFLINE_SYNC.get("PDF_FONT_FAMILY", "")
    return [name.strip().strip("\"'") for name in value.split(",") if name.strip()]


def svg_font_family() -> str:
    """For an SVG ``font-family`` attribute: bare names, comma-separated, as
    both browsers and WeasyPrint's SVG renderer read it."""
    return ",".join([*font_names(), "sans-serif"])


def css_font_family() -> str:
    quoted = [
        '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for name in font_names()
    ]
    return ", ".join([*quoted, "sans-serif"])


def print_context(
    request, page: PrintablePage, edition: PrintEdition, plan: PosterPlan = FULL
) -> dict:
    page_url = page.get_url(request) or ""
    kind = camelcase_to_underscore(type(page).__name__)
    context = {
        "page": page,
        "edition": edition,
        "stamp": Stamp.for_edition(edition, request),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "kind_label": page._meta.verbose_name,
        "kind": kind,
        "body_template": f"portal/print/{kind}.html",
        # Shown as text for people to type: Chinese slugs as characters.
        "page_url": unquote(public_url(page_url, request)) if page_url else "",
        "poster_url": page.poster_url(request),
        "plan": plan,
    }
    if isinstance(page, ServiceGuidePage):
        context["flowchart_svg"] = page.flowchart_svg(
            font_family=svg_font_family(), compact=plan.compact_flowchart
        )
    return context


def render_print_html(
    request, page: PrintablePage, edition: PrintEdition, plan: PosterPlan = FULL
) -> str:
    """The print view's HTML; with a leaner ``plan``, a one-page poster's."""
    return render_to_string(
        page.print_template,
        print_context(request, page, edition, plan),
        request=request,
    )
