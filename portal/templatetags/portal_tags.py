"""Template tags for the public site: navigation, breadcrumbs, reading aids."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from wagtail.models import Site

from portal.page_slots import COMPLAINT_FORM, render_slot

register = template.Library()

SECTION_TYPES = (
    "portal.ServiceGuideIndexPage",
    "portal.PolicyIndexPage",
    "portal.ServicePointIndexPage",
    "portal.ComplaintChannelPage",
)


def _site_sections(request, *, menu_only: bool):
    """The live section pages under the site's home, in the order of SECTION_TYPES.

    Remembered on the request: nav, footer and page bodies all ask for them.
    """
    cache = getattr(request, "_portal_sections", None) if request else None
    if cache is None:
        cache = {}
        if request is not None:
            request._portal_sections = cache
    if menu_only not in cache:
        cache[menu_only] = _load_sections(request, menu_only=menu_only)
    return cache[menu_only]


def _load_sections(request, *, menu_only: bool):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None, []
    home = site.root_page
    order = {label: n for n, label in enumerate(SECTION_TYPES)}
    children = home.get_children().live().public()
    if menu_only:
        children = children.in_menu()
    sections = sorted(
        (
            child
            for child in children.specific()
            if child.specific_class._meta.label in order
        ),
        key=lambda child: order[child.specific_class._meta.label],
    )
    return home, sections


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
