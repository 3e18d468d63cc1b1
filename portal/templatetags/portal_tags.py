"""Template tags for the public site: navigation, breadcrumbs, reading aids."""

import threading
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import template
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from wagtail.models import Site

from portal import page_cache
from portal.page_slots import COMPLAINT_FORM, render_slot

register = template.Library()

SECTION_TYPES = (
    "portal.ServiceGuideIndexPage",
    "portal.PolicyIndexPage",
    "portal.ServicePointIndexPage",
    "portal.ComplaintChannelPage",
)


# The sections of each site, kept in this process for the current content
# generation (portal.page_cache): every save of a page starts a new one, so a
# page rendered without a kept copy (a search, a page cache miss) reads no
# section rows. Keyed by the request's host and port, as Wagtail finds a site.
_kept_lock = threading.Lock()
_kept: dict = {"generation": None, "sites": {}}


def _site_sections(request, *, menu_only: bool):
    """The live section pages under the site's home, in the order of SECTION_TYPES
    (only those in the menu with ``menu_only``): (home, sections)."""
    if request is None:
        return None, []
    home, sections = _sections_of_site(request)
    if menu_only:
        sections = [section for section in sections if section.show_in_menus]
    return home, sections


def _sections_of_site(request):
    global _kept
    generation = getattr(request, "content_generation", None) or (
        page_cache.generation()
    )
    try:
        where = (request.get_host(), request.get_port())
    except DisallowedHost:
        return None, []
    with _kept_lock:
        if _kept["generation"] != generation:
            _kept = {"generation": generation, "sites": {}}
        sites = _kept["sites"]
        found = sites.get(where)
    if found is None:
        found = _load_sections(request)
        with _kept_lock:
            sites[where] = found
    site, home, sections = found
    if site is not None and not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site  # as Site.find_for_request keeps it
    return home, sections


def _load_sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return None, None, []
    home = site.root_page
    order = {label: n for n, label in enumerate(SECTION_TYPES)}
    children = home.get_children().live().public()
    sections = sorted(
        (
            child
            for child in children.specific()
            if child.specific_class._meta.label in order
        ),
        key=lambda child: order[child.specific_class._meta.label],
    )
    return site, home, sections


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    home, sections = _site_sections(request, menu_only=True)
    current = context.get("page")
    return {
        "home": home,
        "sections": sections,
        "current_path": current.url_path if current else "",
        "request": request,
    }


@register.simple_tag(takes_context=True)
def site_sections(context):
    """All live sections, menu or not: the footer links to every one of them."""
    return _site_sections(context.get("request"), menu_only=False)[1]


@register.simple_tag(takes_context=True)
def site_section(context, label):
    """One live section by model label (``portal.PolicyIndexPage``), or None."""
    sections = _site_sections(context.get("request"), menu_only=False)[1]
    return next((s for s in sections if s.specific_class._meta.label == label), None)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, extra=""):
    page = page or context.get("page")
    request = context.get("request")
    crumbs = []
    if page is not None:
        site = Site.find_for_request(request) if request else None
        root_depth = site.root_page.depth if site else 2
        crumbs = [
            p for p in page.get_ancestors(inclusive=False) if p.depth >= root_depth
        ]
    return {"crumbs": crumbs, "page": page, "extra": extra}


@register.simple_tag(takes_context=True)
def reading_aid_url(context, name, value):
    request = context.get("request")
    target = request.get_full_path() if request else "/"
    base = reverse("portal:set_reading_aid", args=[name, value])
    return f"{base}?next={quote(target, safe='/')}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def encode_query(**params) -> str:
    """A query string of the non-empty parameters, for pagination links to keep."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@register.filter
def step_limit(step, page=None) -> str:
    """A guide step's 时限, saying whether working or calendar days count."""
    return step.limit_text(page)


@register.filter
def staff_name(user) -> str:
    from portal.models import ServicePoint

    return ServicePoint.staff_display_name(user)


@dataclass(frozen=True)
class ForwardedDocument:
    title: str
    document_number: str
    url: str | None


@register.simple_tag(takes_context=True)
def forwarding_documents(context, page) -> list[ForwardedDocument]:
    """转发链, nearest first, ending with a document not published on this site.

    Only live pages get a link; a draft in the chain still shows its title and 文号.
    """
    request = context.get("request")
    documents = []
    tail = page
    for policy in page.forwarding_chain():
        url = policy.get_url(request) if policy.live else None
        documents.append(ForwardedDocument(policy.title, policy.document_number, url))
        tail = policy
    if tail.forwards_id is None and (
        tail.forwarded_document_number or tail.forwarded_document_title
    ):
        documents.append(
            ForwardedDocument(
                tail.forwarded_document_title, tail.forwarded_document_number, None
            )
        )
    return documents


@register.inclusion_tag("portal/includes/print_links.html", takes_context=True)
def print_links(context, page):
    """打印版 and A4 海报 of a printable page: the links every such page shows.

    Only for a page with a current edition (what the print view prints), and
    the poster only where one is made (not for a text too long for a wall).
    """
    from portal.models import PrintablePage
    from portal.offline.editions import current_edition
    from portal.printing.fit import has_poster

    request = context.get("request")
    edition = current_edition(page) if isinstance(page, PrintablePage) else None
    if edition is None:
        return {}
    return {
        "print_url": page.print_url(request),
        "poster_url": page.poster_url(request) if has_poster(edition) else "",
    }


@register.simple_tag(takes_context=True)
def complaint_form_slot(context):
    """The online complaint form, rendered by the app that takes complaints."""
    return render_slot(COMPLAINT_FORM, context)
