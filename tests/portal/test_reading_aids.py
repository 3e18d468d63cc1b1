"""Reading aids (font, contrast, elder mode, 繁体), print, and no outside origin."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.middleware import to_traditional
from portal.reading_aids import AIDS, COOKIE_PREFIX
from tests.factories import ServicePointFactory, make_guide, make_policy

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
ALL_AIDS = [(name, value) for name, aid in AIDS.items() for value in aid.choices]


def _aid_url(name, value):
    return reverse("portal:set_reading_aid", args=[name, value])


@pytest.mark.parametrize(("name", "value"), ALL_AIDS)
def test_each_aid_link_sets_its_cookie_and_returns_to_the_page(
    client, site_tree, name, value
):
    back = site_tree.policies.url + "?status=in_force&page=1"
    response = client.get(_aid_url(name, value), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    cookie = response.cookies[COOKIE_PREFIX + name]
    assert cookie.value == value
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http:///evil.example",
        "javascript:x",
    ],
)
def test_unsafe_next_redirects_home(client, site_tree, target):
    response = client.get(_aid_url("font", "large"), {"next": target})
    assert response["Location"] == "/"


@pytest.mark.parametrize(("name", "value"), [("colour", "red"), ("font", "huge")])
def test_unknown_aid_or_value_changes_nothing(client, site_tree, name, value):
    response = client.get(_aid_url(name, value), {"next": "/"})
    assert response.status_code == 302
    assert not response.cookies
    html = client.get("/").content.decode()
    assert re.search(r'<body class="font-normal\s', html)


def test_every_aid_link_on_a_page_carries_the_page_as_next(client, site_tree):
    html = client.get(site_tree.policies.url, {"status": "repealed"}).content.decode()
    links = re.findall(r'href="([^"]+)" data-aid="([a-z]+-[a-z]+)"', html)
    assert sorted(aid for _, aid in links) == sorted(f"{n}-{v}" for n, v in ALL_AIDS)
    for href, aid in links:
        name, value = aid.split("-")
        assert href.startswith(_aid_url(name, value) + "?next=")
        response = client.get(href.replace("&amp;", "&"))
        assert response["Location"] == site_tree.policies.url + "?status=repealed"


def test_chosen_aids_add_body_classes_and_mark_the_active_option(client, site_tree):
    client.cookies[COOKIE_PREFIX + "font"] = "xlarge"
    client.cookies[COOKIE_PREFIX + "contrast"] = "high"
    client.cookies[COOKIE_PREFIX + "elder"] = "on"
    html = client.get(site_tree.guides.url).content.decode()
    body = re.search(r'<body class="([^"]*)"', html).group(1).split()
    assert {"font-xlarge", "high-contrast", "elder-mode"} <= set(body)
    assert "font-normal" not in body
    active = re.findall(r'aria-current="true" href="[^"]+" data-aid="([^"]+)"', html)
    assert sorted(active) == ["contrast-high", "elder-on", "font-xlarge", "script-hans"]


def test_stylesheet_styles_every_reading_aid_class(client):
    css = (ROOT / "static/css/portal.css").read_text()
    for selector in (
        "html.font-large",
        "html.font-xlarge",
        ".high-contrast",
        ".elder-mode",
        ".skip-link:focus",
        ":focus-visible",
        ".visually-hidden",
    ):
        assert selector in css, selector


def test_traditional_script_converts_the_page_and_sets_lang(client, site_tree):
    client.cookies[COOKIE_PREFIX + "script"] = "hant"
    response = client.get(site_tree.guides.url)
    html = response.content.decode()
    assert "辦事指南" in html
    assert "办事指南" not in html
    assert '<html lang="zh-Hant"' in html
    assert response["Content-Language"] == "zh-Hant"


def test_admin_pages_are_not_converted_to_traditional(client, site_tree):
    client.cookies[COOKIE_PREFIX + "script"] = "hant"
    response = client.get("/admin/login/")
    html = response.content.decode()
    assert response.status_code == 200
    # The login page has simplified text that OpenCC would change, and it is kept.
    assert to_traditional(html) != html
    assert response.get("Content-Language") != "zh-Hant"


def test_print_stylesheet_is_linked_for_print_only(client, site_tree):
    html = client.get("/").content.decode()
    links = re.findall(r"<link [^>]*print\.css[^>]*>", html)
    assert len(links) == 1
    assert 'media="print"' in links[0]
    screen = re.findall(r"<link [^>]*portal\.css[^>]*>", html)
    assert len(screen) == 1 and "media=" not in screen[0]


def test_print_stylesheet_hides_screen_furniture_and_keeps_steps_whole():
    css = (ROOT / "static/css/print.css").read_text()
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none !important;", css).group(1)
    for selector in (".aids-bar", ".main-nav", ".site-search", ".footer-links"):
        assert selector in hidden, selector
    avoid = re.search(r"([^{}]+)\{\s*break-inside:\s*avoid;", css).group(1)
    for selector in (".step", ".material-row", ".flowchart-figure"):
        assert selector in avoid, selector
    assert 'a[href^="https://"]::after' in css


EXTERNAL_ATTR = re.compile(
    r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']\s*(?:https?:)?//""",
    re.IGNORECASE,
)
EXTERNAL_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


def test_no_template_or_stylesheet_refers_to_an_outside_origin():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if EXTERNAL_ATTR.search(path.read_text()):
            offenders.append(str(path))
    for path in (ROOT / "static").rglob("*.css"):
        if EXTERNAL_CSS.search(path.read_text()):
            offenders.append(str(path))
    assert offenders == []


class _ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href", "action", "srcset", "poster"} and value:
                self.urls.append((tag, name, value.strip()))


def _external(url: str) -> bool:
    return bool(re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE))


def test_rendered_pages_refer_to_no_outside_origin(client, site_tree):
    guide = make_guide(site_tree, title="医疗救助办事指南")
    guide.service_points.add(ServicePointFactory())
    guide.save()
    policy = make_policy(site_tree, title="医疗救助办法", body_text="按规定给予救助。")
    urls = [
        "/",
        site_tree.policies.url,
        site_tree.guides.url,
        site_tree.complaints.url,
        site_tree.service_points.url,
        guide.url,
        guide.url + "flowchart/",
        policy.url,
        reverse("portal:search") + "?q=救助",
        "/no-such-page/",
    ]
    for url in urls:
        collector = _ResourceCollector()
        collector.feed(client.get(url).content.decode())
        assert collector.urls, url
        assert [u for u in collector.urls if _external(u[2])] == [], url
