"""Every printable public page links its print view and its poster (issue 22, item 3).

Policies, service guides and the complaint-channel page are posted at windows;
their web pages say where the paper copy is. A text too long for a wall poster
has a print view and no poster link.
"""

import pytest
from django.test import Client

from portal.printing import fit
from tests.factories.pages import make_guide, make_policy

pytestmark = pytest.mark.django_db


def links_on(page) -> str:
    html = Client().get(page.url).content.decode()
    start = html.find('class="print-links')
    return html[start : html.find("</p>", start)] if start >= 0 else ""


def test_each_printable_page_links_its_print_view_and_poster(site_tree):
    guide = make_guide(site_tree, title="临时救助办事指南")
    policy = make_policy(site_tree, title="关于做好临时救助工作的通知")
    for page in (guide, policy, site_tree.complaints):
        links = links_on(page)
        assert f'href="{page.url}print/"' in links, page.title
        assert f'href="{page.url}poster.pdf"' in links, page.title
        assert "打印版" in links and "A4 海报" in links


def test_a_page_too_long_for_a_poster_links_only_its_print_view(site_tree, monkeypatch):
    monkeypatch.setattr(fit, "POSTER_MAX_CHARACTERS", 10)
    policy = make_policy(site_tree, title="关于做好临时救助工作的通知")
    links = links_on(policy)
    assert f'href="{policy.url}print/"' in links
    assert "poster.pdf" not in links


def test_the_linked_print_view_and_poster_answer(site_tree, monkeypatch):
    from portal.printing import views

    monkeypatch.setattr(views, "render_pdf", lambda html, base_url: b"%PDF-1.7")
    policy = make_policy(site_tree, title="关于做好临时救助工作的通知")
    assert Client().get(policy.url + "print/").status_code == 200
    assert Client().get(policy.url + "poster.pdf").status_code == 200


def test_non_printable_pages_show_no_print_links(site_tree):
    html = Client().get(site_tree.home.url).content.decode()
    assert "print-links" not in html
