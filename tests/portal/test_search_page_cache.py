"""站内搜索的页面缓存: a search that found something is kept whole under its
query and the content generation (portal/page_cache.py), so a repeated search
costs what a kept page costs; a publish shows in the next search, a draft or
private page never shows, each reading-aid variant (繁体 too) is kept apart,
and no hostile or odd query is kept."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal import page_cache
from portal.models import PolicyPage
from portal.reading_aids import COOKIE_PREFIX
from portal.search import MAX_QUERY_LENGTH
from tests.factories import make_policy

pytestmark = pytest.mark.django_db

QUERY = "边缘家庭"


@pytest.fixture
def policy(site_tree):
    return make_policy(
        site_tree, title="低保边缘家庭认定办法", body_text="低保边缘家庭的认定"
    )


def _search(client, query=QUERY, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def _kept_entries(kind="page-cache:") -> int:
    """Kept pages (or, with kind="page-search:", kept rankings)."""
    return sum(kind in key for key in caches[page_cache.CACHE_ALIAS]._cache)


def test_a_repeated_search_is_served_whole_with_one_query(client, policy):
    first = _search(client)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = _search(client)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "低保边缘家庭认定办法" in again.text
    [query] = queries.captured_queries  # the content generation
    assert "portal_shared_cache" in query["sql"]


def test_two_spellings_of_one_search_share_one_entry(client, policy):
    assert _search(client)["X-Page-Cache"] == "miss"
    assert _search(client, f"  {QUERY}\u200b ")["X-Page-Cache"] == "hit"


def test_each_page_of_results_is_kept_apart(client, site_tree):
    for n in range(12):
        make_policy(site_tree, title=f"第{n}号文件", body_text="低保边缘家庭认定")
    first = _search(client)
    second = _search(client, page="2")
    assert second["X-Page-Cache"] == "miss"
    assert first.content != second.content
    assert _search(client, page="2").content == second.content


def test_a_publish_shows_in_the_next_search(client, site_tree, policy):
    assert "边缘家庭救助补充通知" not in _search(client).text
    assert _search(client)["X-Page-Cache"] == "hit"
    make_policy(site_tree, title="边缘家庭救助补充通知", body_text="边缘家庭的救助")
    response = _search(client)
    assert response["X-Page-Cache"] == "miss"
    assert "边缘家庭救助补充通知" in response.text


def test_an_edit_shows_in_the_next_search(client, policy):
    assert "低保边缘家庭认定办法" in _search(client).text
    page = PolicyPage.objects.get(pk=policy.pk)
    page.title = "低保边缘家庭认定办法（修订）"
    page.save_revision().publish()
    assert "低保边缘家庭认定办法（修订）" in _search(client).text


def test_a_draft_never_appears_and_unpublishing_removes_at_once(client, policy):
    kept = _search(client).text
    draft = PolicyPage.objects.get(pk=policy.pk)
    draft.title = "尚未发布的边缘家庭草稿"
    draft.save_revision()
    response = _search(client)
    assert "尚未发布的边缘家庭草稿" not in response.text
    assert "低保边缘家庭认定办法" in response.text
    assert kept  # (the draft's save started a new generation: ranked again)
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    response = client.get("/search/", {"q": QUERY})
    assert "低保边缘家庭认定办法" not in response.text


def test_a_page_made_private_leaves_the_kept_search(client, site_tree, policy):
    other = make_policy(site_tree, title="边缘家庭公开通知", body_text="边缘家庭")
    assert "低保边缘家庭认定办法" in _search(client).text
    assert _search(client)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.PASSWORD, password="pw1234"
    )
    for _ in range(2):
        response = _search(client)
        assert "低保边缘家庭认定办法" not in response.text
        assert other.title in response.text


def test_traditional_script_and_reading_aids_are_kept_apart(client, policy):
    simplified = _search(client)
    client.cookies[COOKIE_PREFIX + "script"] = "hant"
    traditional = _search(client)
    assert traditional["X-Page-Cache"] == "miss"
    assert "認定辦法" in traditional.text and "认定办法" not in traditional.text
    assert _search(client)["X-Page-Cache"] == "hit"
    del client.cookies[COOKIE_PREFIX + "script"]
    again = _search(client)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == simplified.content
    assert "认定办法" in again.text and "認定辦法" not in again.text
    client.cookies[COOKIE_PREFIX + "font"] = "large"
    large = _search(client)
    assert large["X-Page-Cache"] == "miss"
    assert 'class="font-large' in large.text


@pytest.mark.parametrize(
    "query",
    [
        "边缘" * MAX_QUERY_LENGTH,  # overlong: searched for its start only
        "边缘家庭\x07",  # a control character: refused
        "！！！",  # nothing to look for
        "   ",
        "二级标题",  # found nothing
        "边缘家庭" + "口" * 30,  # found nothing
    ],
)
def test_hostile_queries_keep_neither_a_page_nor_a_ranking(client, policy, query):
    for _ in range(2):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert _kept_entries("page-cache:") == 0
    assert _kept_entries("page-search:") == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": QUERY, "page": "abc"},
        {"q": QUERY, "page": "0"},
        {"q": QUERY, "page": "2"},  # past the last page
        {"q": QUERY, "page": "99999"},
        {"q": QUERY, "utm_source": "x"},  # an unknown parameter
        {"q": [QUERY, "低保"]},  # twice
        {"page": "1"},  # no query
    ],
)
def test_odd_requests_of_a_query_are_never_kept(client, policy, params):
    before = _kept_entries()
    for _ in range(2):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert _kept_entries() == before


def test_the_bare_search_page_is_kept(client, policy):
    assert client.get("/search/")["X-Page-Cache"] == "miss"
    assert client.get("/search/")["X-Page-Cache"] == "hit"


def test_a_kept_search_lives_at_most_a_minute(client, policy):
    _search(client)
    kept = caches[page_cache.CACHE_ALIAS]
    expiries = list(kept._expire_info.values())
    import time

    assert expiries
    assert max(expiries) - time.time() <= page_cache.SEARCH_SECONDS


def test_the_index_job_ending_starts_a_new_generation(client, policy):
    """The engine's index is updated by a job after the save: a search kept in
    between would miss the page until the job's end makes it stale."""
    from modelsearch.tasks import insert_or_update_object_task

    before = page_cache.generation()
    insert_or_update_object_task.enqueue("portal", "policypage", str(policy.pk))
    assert page_cache.generation() != before


def test_a_kept_answer_is_not_counted_by_the_rate_limit(
    client, policy, settings, fresh_rate_limit
):
    """A kept search costs what a kept page costs; every search that ranks is
    counted (SEARCH_RATE)."""
    settings.SEARCH_RATE = "2/m"
    assert _search(client)["X-Page-Cache"] == "miss"
    for _ in range(3):
        assert _search(client)["X-Page-Cache"] == "hit"
    assert _search(client, "低保边缘")["X-Page-Cache"] == "miss"
    limited = client.get("/search/", {"q": "认定办法"})
    assert limited.status_code == 429
    assert "X-Page-Cache" not in limited
    assert client.get("/search/", {"q": "认定办法"}).status_code == 429


def test_an_uncached_search_reads_no_section_rows(client, site_tree, policy, settings):
    """Menus and footer come from the sections kept for the generation; the
    generation is read once; the rate limit updates its counter."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    _search(client)
    with CaptureQueriesContext(connection) as queries:
        response = _search(client, "认定办法")
    assert "低保边缘家庭认定办法" in response.text
    statements = [q["sql"] for q in queries.captured_queries]
    generation_reads = [s for s in statements if "page-cache:generation" in s]
    assert len(generation_reads) == 1
    assert not [s for s in statements if "wagtailcore_site" in s]
    # The view restrictions are read once per generation, not per search.
    assert not [s for s in statements if "wagtailcore_pageviewrestriction" in s]
    assert len(statements) <= 12, "\n".join(statements)


def _republish_body(page, body_text, **fields):
    page = PolicyPage.objects.get(pk=page.pk)
    page.body = [("paragraph", f"<p>{body_text}</p>")]
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_an_edit_is_searched_anew_not_from_the_kept_ranking(client, site_tree, policy):
    """The ranking kept for a query (60 s, portal.search.service._ranking) is
    kept per content generation as the whole answer is: after an edit the next
    search ranks again, so a page that now matches shows, with the new text in
    its snippet, and one that no longer matches leaves (it would stay listed, with
    its old place and no mark, were the ranking kept across an edit)."""
    other = make_policy(site_tree, title="困难群众救助通知", body_text="救助对象的范围")
    first = _search(client)
    assert first.context["search"].total == 1
    assert other.title not in first.text
    assert _kept_entries("page-search:") == 1

    _republish_body(other, "低保边缘家庭的救助标准另行公布")
    response = _search(client)
    assert response["X-Page-Cache"] == "miss"
    assert response.context["search"].total == 2
    assert other.title in response.text
    assert "<mark>边缘家庭</mark>的救助标准另行公布" in response.text

    _republish_body(policy, "认定细则已经修订", title="低保对象认定办法")
    response = _search(client)
    assert response.context["search"].total == 1
    assert "低保对象认定办法" not in response.text
    assert other.title in response.text


def test_a_signed_in_visitor_never_gets_or_leaves_a_kept_search(
    client, policy, django_user_model
):
    """Signed in through the login of pages private to signed-in users: their
    searches are neither served from nor stored in the page cache."""
    django_user_model.objects.create_superuser("reader-z", password="z" * 12)
    signed_in = client.post(
        "/_util/login/", {"username": "reader-z", "password": "z" * 12}
    )
    assert signed_in.status_code == 302
    for _ in range(2):
        response = _search(client)
        assert "X-Page-Cache" not in response
    assert _kept_entries() == 0
    client.cookies.clear()
    assert _search(client)["X-Page-Cache"] == "miss"


def test_the_index_is_refreshed_before_the_new_generation(policy, monkeypatch):
    """Elasticsearch shows a write after its next refresh: the job's end
    refreshes the index first, so no search ranked under the new generation
    reads it as it was (and keeps that for a minute)."""
    from modelsearch.backends import get_search_backends
    from modelsearch.tasks import insert_or_update_object_task

    seen = []
    index_class = type(next(get_search_backends()).get_index_for_model(PolicyPage))
    monkeypatch.setattr(
        index_class, "refresh", lambda index: seen.append(page_cache.generation())
    )
    before = page_cache.generation()
    insert_or_update_object_task.enqueue("portal", "policypage", str(policy.pk))
    assert seen == [before]
    assert page_cache.generation() != before


def test_a_failed_index_refresh_still_starts_a_new_generation(policy, monkeypatch):
    from modelsearch.tasks import insert_or_update_object_task

    def broken(*args):
        raise ConnectionError("search engine gone")

    monkeypatch.setattr(page_cache, "_refresh_index", broken)
    before = page_cache.generation()
    insert_or_update_object_task.enqueue("portal", "policypage", str(policy.pk))
    assert page_cache.generation() != before


def test_a_restricted_section_hides_its_pages_until_the_restriction_goes(
    client, site_tree, policy
):
    """The restrictions kept per generation: one on the policies' section hides
    every policy below it from the next search, and deleting it shows them."""
    assert "低保边缘家庭认定办法" in _search(client).text
    restriction = PageViewRestriction.objects.create(
        page=site_tree.policies,
        restriction_type=PageViewRestriction.PASSWORD,
        password="pw1234",
    )
    response = client.get("/search/", {"q": QUERY})
    assert "低保边缘家庭认定办法" not in response.text
    assert "X-Page-Cache" not in response  # found nothing: not kept
    restriction.delete()
    assert "低保边缘家庭认定办法" in _search(client).text


def test_the_matched_expression_has_its_index_on_postgresql():
    """portal 0014: the GIN index on title || body, the expression Wagtail's
    PostgreSQL backend matches (without it every search reads every entry)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's FTS5 has its own index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["portal_search_title_body_gin"],
        )
        [(definition,)] = cursor.fetchall()
    assert "gin" in definition and "(title || body)" in definition
