"""Builders for the page tree: home as the default site's root, its sections.

Pages are created once and never overwritten: after seeding they belong to the
editors, and a second run must not add revisions on top of their work.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from portal import models as portal_models
from portal.models import ComplaintChannelPage, ComplaintPhone, HomePage

from .base import Tally
from .data import site as data


def body_blocks(items: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """("h", text) / ("p", text) pairs to StreamField blocks."""
    blocks: list[tuple[str, object]] = []
    for kind, text in items:
        if kind == "h":
            blocks.append(("heading", {"text": text, "level": "h2"}))
        else:
            blocks.append(("paragraph", f"<p>{text}</p>"))
    return blocks


def child_by_slug(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def publish_child(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    """Add as a draft, then publish through a revision, as an editor would."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def _is_placeholder_root(page: Page) -> bool:
    """Wagtail's "Welcome" page: a bare Page with nothing under it."""
    return page.specific_class is Page and page.depth == 2 and page.numchild == 0


def build_home(user: AbstractBaseUser | None) -> tuple[HomePage, list[Tally]]:
    """Our HomePage becomes the default site's root; the placeholder goes."""
    pages, sites = Tally(_("首页")), Tally(_("站点"))
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        if site is not None and _is_placeholder_root(site.root_page):
            # Deleting a site's root cascades to the site: park it on the tree root.
            placeholder = site.root_page
            Site.objects.filter(pk=site.pk).update(root_page=root)
            placeholder.delete()
            site.refresh_from_db()
        slug = "home" if child_by_slug(root, "home") is None else "qinghe"
        home = publish_child(root, HomePage(slug=slug, **data.HOME), user)
        pages.add("created")
    else:
        pages.add("unchanged")

    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=data.SITE_NAME,
        )
        sites.add("created")
    elif site.root_page_id != home.pk or site.site_name != data.SITE_NAME:
        site.root_page = home
        site.site_name = data.SITE_NAME
        site.save()
        sites.add("updated")
    else:
        sites.add("unchanged")
    return home, [pages, sites]


def build_sections(home: HomePage, user: AbstractBaseUser | None) -> list[Tally]:
    tally = Tally(_("栏目页面"))
    for slug, model_name, title, summary in data.SECTIONS:
        if child_by_slug(home, slug) is not None:
            tally.add("unchanged")
            continue
        model = getattr(portal_models, model_name)
        page = model(title=title, slug=slug, summary=summary, show_in_menus=True)
        publish_child(home, page, user)
        tally.add("created")
    return [tally]


def build_complaints(home: HomePage, user: AbstractBaseUser | None) -> list[Tally]:
    tally = Tally(_("监督投诉页面"))
    spec = dict(data.COMPLAINTS)
    if child_by_slug(home, spec["slug"]) is not None:
        tally.add("unchanged")
        return [tally]
    phones = [
        ComplaintPhone(sort_order=order, label=label, number=number, hours=hours)
        for order, (label, number, hours) in enumerate(spec.pop("phones"))
    ]
    page = ComplaintChannelPage(
        show_in_menus=True,
        body=body_blocks(spec.pop("body")),
        phones=phones,
        **spec,
    )
    publish_child(home, page, user)
    tally.add("created")
    return [tally]


def section(home: HomePage, model: type[Page]) -> Page:
    return model.objects.child_of(home).get()
