"""Which page a print or poster URL names."""

from wagtail.models import Page, Site

from portal.models import PrintablePage


def printable_page_at(request, page_path: str) -> PrintablePage | None:
    """The live, public, printable page at ``page_path`` of the request's site.

    None for anything else (a draft, a restricted page, a section page, no page
    at all): the caller then lets Wagtail serve the URL as it would any other.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + page_path
    page = Page.objects.live().public().filter(url_path=url_path).specific().first()
    return page if isinstance(page, PrintablePage) else None
