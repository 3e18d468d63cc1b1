"""页面缓存: public pages kept whole, never stale after a publish, never the wrong
reading-aid variant, never anything personal (portal/page_cache.py)."""

import re
import uuid

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
)

from portal.models import PolicyPage
from portal.page_cache import GENERATION_KEY, page_cache
from portal.printing import views as printing_views
from portal.reading_aids import COOKIE_PREFIX
from tests.factories import ServicePointFactory, make_guide, make_policy

from .printing import current_of, publish_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(site_tree):
    return make_guide(site_tree, title="最低生活保障办事指南", summary="原有说明文字")


def _get(client, url, **cookies):
    for name, value in cookies.items():
        client.cookies[COOKIE_PREFIX + name] = value
    response = client.get(url)
    for name in cookies:
        del client.cookies[COOKIE_PREFIX + name]
    assert response.status_code == 200
    return response


def _republish(page, **fields):
    page = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_second_request_is_served_whole_from_the_cache_with_one_query(client, guide):
    """The one query reads the content generation, which every app server shares
    (the shared database cache): no routing, no session, no page rows."""
    first = _get(client, guide.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _get(client, guide.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    [query] = queries.captured_queries
    assert "portal_shared_cache" in query["sql"]


def test_publishing_a_new_revision_shows_on_the_next_request(client, guide):
    assert "原有说明文字" in _get(client, guide.url).text
    assert _get(client, guide.url)["X-Page-Cache"] == "hit"
    _republish(guide, summary="修订后的说明文字")
    response = _get(client, guide.url)
    assert "修订后的说明文字" in response.text
    assert "原有说明文字" not in response.text


def test_a_draft_does_not_change_what_the_public_sees(client, guide):
    _get(client, guide.url)
    draft = type(guide).objects.get(pk=guide.pk)
    draft.summary = "尚未发布的草稿"
    draft.save_revision()
    response = _get(client, guide.url)
    assert "原有说明文字" in response.text
    assert "尚未发布的草稿" not in response.text


def test_unpublishing_a_page_removes_it_at_once(client, guide):
    _get(client, guide.url)
    type(guide).objects.get(pk=guide.pk).unpublish()
    assert client.get(guide.url).status_code == 404


def test_a_new_policy_appears_on_the_cached_home_page(client, site_tree):
    home = site_tree.home.url
    assert "关于调整低保标准的通知" not in _get(client, home).text
    assert _get(client, home)["X-Page-Cache"] == "hit"
    make_policy(site_tree, title="关于调整低保标准的通知")
    assert "关于调整低保标准的通知" in _get(client, home).text


def test_a_changed_service_point_shows_on_the_cached_guide(client, site_tree):
    point = ServicePointFactory(name="东岭镇便民服务中心", phone="0768-1111111")
    guide = make_guide(site_tree, title="临时救助办事指南")
    guide = type(guide).objects.get(pk=guide.pk)
    guide.service_points.set([point])
    guide.save_revision().publish()
    assert "0768-1111111" in _get(client, guide.url).text
    assert _get(client, guide.url)["X-Page-Cache"] == "hit"
    point.phone = "0768-2222222"
    point.save()
    response = _get(client, guide.url)
    assert "0768-2222222" in response.text
    assert "0768-1111111" not in response.text


def test_traditional_script_is_kept_apart_from_simplified(client, guide):
    simplified = _get(client, guide.url)
    assert "办事指南" in simplified.text
    traditional = _get(client, guide.url, script="hant")
    assert "辦事指南" in traditional.text
    assert "办事指南" not in traditional.text
    assert _get(client, guide.url, script="hant")["X-Page-Cache"] == "hit"
    again = _get(client, guide.url)
    assert again["X-Page-Cache"] == "hit"
    assert "办事指南" in again.text and "辦事指南" not in again.text


def test_a_simplified_reader_never_gets_the_traditional_copy_kept_first(client, guide):
    assert "辦事指南" in _get(client, guide.url, script="hant").text
    simplified = _get(client, guide.url)
    assert "办事指南" in simplified.text
    assert "辦事指南" not in simplified.text


def _root_classes(response) -> set[str]:
    return set(re.search(r'<html[^>]* class="([^"]*)"', response.text).group(1).split())


@pytest.mark.parametrize(
    ("cookies", "expected"),
    [
        ({"font": "large"}, {"font-large"}),
        ({"font": "xlarge", "contrast": "high"}, {"font-xlarge", "high-contrast"}),
        ({"elder": "on"}, {"font-normal", "elder-mode"}),
    ],
)
def test_each_reading_aid_variant_is_kept_apart(client, guide, cookies, expected):
    assert _root_classes(_get(client, guide.url)) == {"font-normal"}
    assert _root_classes(_get(client, guide.url, **cookies)) == expected
    assert _root_classes(_get(client, guide.url, **cookies)) == expected
    assert _root_classes(_get(client, guide.url)) == {"font-normal"}


def test_an_unknown_cookie_value_shares_the_default_copy(client, guide):
    _get(client, guide.url)
    response = _get(client, guide.url, font="enormous")
    assert response["X-Page-Cache"] == "hit"
    assert _root_classes(response) == {"font-normal"}


def test_staff_signed_in_to_the_admin_read_the_public_page_as_anyone(
    client, guide, django_user_model
):
    """The admin's session is never sent to the public site
    (portal/accounts/sessions.py): staff get the page everyone gets."""
    anonymous = _get(client, guide.url)
    user = django_user_model.objects.create_superuser("editor-x", password="x" * 12)
    client.force_login(user)
    first, second = client.get(guide.url), client.get(guide.url)
    # (Creating the account saved portal records: a new cache generation.)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content == anonymous.content


def test_a_visitor_signed_in_on_the_site_is_never_served_or_stored(
    client, guide, django_user_model
):
    """Signed in through the login of pages private to signed-in users: the
    visitor's own session cookie keeps the page cache away."""
    anonymous = _get(client, guide.url)
    django_user_model.objects.create_superuser("editor-y", password="y" * 12)
    signed_in = client.post(
        "/_util/login/", {"username": "editor-y", "password": "y" * 12}
    )
    assert signed_in.status_code == 302
    assert "portal_visitor_session" in signed_in.cookies
    response = client.get(guide.url)
    assert "X-Page-Cache" not in response
    assert response.content != anonymous.content  # the Wagtail user bar
    assert "X-Page-Cache" not in client.get(guide.url)


def test_complaint_page_form_is_made_fresh_for_each_reader(client, site_tree):
    url = site_tree.complaints.url
    first = client.get(url)
    second = client.get(url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
        for r in (first, second)
    ]
    assert tokens[0] != tokens[1]  # masked anew: rendered for this request


def test_complaint_channels_fragment_follows_the_published_revision(client, site_tree):
    url = site_tree.complaints.url
    assert "县民政局信访室" in client.get(url).text
    _republish(site_tree.complaints, letter_address="县政务服务中心二楼")
    response = client.get(url)
    assert "县政务服务中心二楼" in response.text
    assert "县民政局信访室" not in response.text


def test_search_results_are_kept_by_query(client, site_tree):
    """Searches are kept under their query (tests/portal/test_search_page_cache.py)."""
    make_policy(site_tree, title="关于特困人员供养的通知")
    assert client.get("/search/", {"q": "特困"})["X-Page-Cache"] == "miss"
    assert client.get("/search/", {"q": "特困"})["X-Page-Cache"] == "hit"


def test_a_query_string_bypasses_the_cache(client, site_tree):
    url = site_tree.policies.url
    _get(client, url)
    response = client.get(url, {"page": "1"})
    assert "X-Page-Cache" not in response


def test_a_page_behind_a_password_is_not_kept(client, guide):
    _get(client, guide.url)
    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="secret1"
    )
    response = client.get(guide.url)
    assert "X-Page-Cache" not in response
    assert "原有说明文字" not in response.text
    assert "X-Page-Cache" not in client.get(guide.url)


def test_post_is_never_answered_from_the_cache(client, guide):
    _get(client, guide.url)
    response = client.post(guide.url)
    assert "X-Page-Cache" not in response


def test_poster_pdf_is_made_once_per_edition(client, site_tree, monkeypatch):
    made = []

    def fake_render_pdf(html, base_url):
        made.append(html)
        return f"%PDF-fake {len(made)}".encode()

    monkeypatch.setattr(printing_views, "render_pdf", fake_render_pdf)
    policy = make_policy(site_tree, title="关于低保标准的通知", body_text="原有标准")
    url = policy.url + "poster.pdf"
    first = client.get(url)
    second = client.get(url)
    assert first.content == second.content == b"%PDF-fake 1"
    assert len(made) == 1
    publish_body(PolicyPage.objects.get(pk=policy.pk), "提高后的标准")
    assert current_of(policy).number == 2
    third = client.get(url)
    assert third.content == b"%PDF-fake 2"
    assert "提高后的标准" in made[-1]


def test_turning_the_cache_off_serves_every_request_fresh(client, guide, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "TIMEOUT": 0},
    }
    assert page_cache().default_timeout == 0
    assert "X-Page-Cache" not in _get(client, guide.url)
    assert "X-Page-Cache" not in _get(client, guide.url)


def test_a_site_changed_on_another_server_is_routed_by_its_new_roots(client, guide):
    """Wagtail keeps the sites' root paths per process for an hour and clears
    them only where the site was saved. Another app server's change reaches this
    one through the shared content generation, and the stale roots go with it."""
    assert _get(client, guide.url + "?from=a").status_code == 200
    # This process still holds the roots of before; the change was made elsewhere,
    # so only the shared generation moved.
    cache.set(
        SITE_ROOT_PATHS_CACHE_KEY, [], 3600, version=SITE_ROOT_PATHS_CACHE_VERSION
    )
    caches["shared"].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    response = _get(client, guide.url + "?from=b")
    assert "最低生活保障办事指南" in response.text
    assert guide.url + "print/" in response.text


def test_the_admin_follows_a_site_changed_on_another_server(admin_client, guide):
    cache.set(
        SITE_ROOT_PATHS_CACHE_KEY, [], 3600, version=SITE_ROOT_PATHS_CACHE_VERSION
    )
    caches["shared"].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    response = admin_client.get(f"/admin/pages/{guide.pk}/edit/")
    assert response.status_code == 200
    kept = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    assert kept != [], "the admin request dropped the stale roots"
