"""Template tags for the public site: navigation, breadcrumbs, reading aids."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from wagtail.models import Site

register = template.Library()

SECTION_TYPES = (
    "portal.ServiceGuideIndexPage",
    "portal.PolicyIndexPage",
    "portal.ServicePointIndexPage",
    "portal.ComplaintChannelPage",
)


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    sections = []
    home = None
    if site is not None:
        home = site.root_page
        order = {label: n for n, label in enumerate(SECTION_TYPES)}
        children = home.get_children().live().in_menu().specific()
        sections = sorted(
            (child for child in children if child.specific_class._meta.label in order),
            key=lambda child: order[child.specific_class._meta.label],
        )
    current = context.get("page")
    return {
        "home": home,
        "sections": sections,
        "current_path": current.url_path if current else "",
        "request": request,
    }


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
