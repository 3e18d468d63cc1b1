"""核验页 /verify/<code>/: is the printed edition still what the site says?"""

import pytest

from portal.models import PolicyPage
from portal.offline.editions import is_valid_code
from portal.printing.verify import edition_for_code
from tests.factories.pages import make_policy

from .printing import current_of, local_date, publish_body

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
OLD_BODY = "低保标准为每人每月六百元"
NEW_BODY = "低保标准为每人每月六百五十元"


@pytest.fixture
def policy(site_tree):
    return make_policy(site_tree, title="关于公布低保标准的通知", body_text=OLD_BODY)


def _verify(client, code, **headers):
    response = client.get(f"/verify/{code}/", **headers)
    assert "Accept" in response.get("Vary", "")
    return response


def test_current_edition_says_it_is_current(client, policy):
    edition = current_of(policy)
    response = _verify(client, edition.code)
    assert response.status_code == 200
    content = response.content.decode()
    assert "这是现行版本" in content
    assert "关于公布低保标准的通知" in content
    assert "第1版" in content
    assert local_date(edition.published_at) in content
    assert f'href="{policy.url}"' in content
    assert "已被" not in content and "请撤下" not in content


def test_current_edition_as_json(client, policy):
    edition = current_of(policy)
    response = _verify(client, edition.code, **JSON)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["current"] is True
    assert data["revision"] == 1
    assert data["current_revision"] == 1
    assert data["page_url"] == "http://testserver" + policy.url
    assert data["withdrawn"] is False
    assert data["changed_sections"] == []


def test_browser_accept_header_gets_html(client, policy):
    edition = current_of(policy)
    response = _verify(
        client,
        edition.code,
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert response["Content-Type"].startswith("text/html")


def test_superseded_edition_names_the_new_one_and_what_changed(client, policy):
    first = current_of(policy)
    publish_body(policy, NEW_BODY)
    second = current_of(policy)
    first.refresh_from_db()
    response = _verify(client, first.code)
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        f"此版本已于{local_date(first.superseded_at)}被第2版取代，请以网站为准"
        in content
    )
    assert "这是现行版本" not in content
    assert "第1版" in content
    assert f'href="{policy.url}"' in content
    assert f'href="{policy.url}poster.pdf"' in content
    changes = content[content.index("verify-changes") :]
    assert "正文" in changes
    assert "六百元" in changes and "六百五十元" in changes
    assert second.code not in content  # the old copy's page, not the new stamp


def test_superseded_edition_as_json_lists_the_changed_section(client, policy):
    first = current_of(policy)
    publish_body(policy, NEW_BODY)
    data = _verify(client, first.code, **JSON).json()
    assert data["current"] is False
    assert data["revision"] == 1
    assert data["current_revision"] == 2
    assert data["page_url"] == "http://testserver" + policy.url
    assert data["superseded_at"] is not None
    assert {"label": "正文", "kind": "changed"} in data["changed_sections"]
    # The new edition itself is current.
    assert _verify(client, current_of(policy).code, **JSON).json()["current"] is True


def test_a_long_changed_paragraph_shows_the_changed_part(client, site_tree):
    filler = "按照有关规定做好社会救助工作。" * 40
    page = make_policy(site_tree, title="长文件", body_text=filler + "旧的结尾句")
    first = current_of(page)
    publish_body(page, filler + "新的结尾句")
    content = _verify(client, first.code).content.decode()
    changes = content[content.index("verify-changes") :]
    assert "旧的结尾句" in changes and "新的结尾句" in changes
    assert filler not in changes  # trimmed, not the whole paragraph twice


def test_withdrawn_page_says_take_the_copy_down(client, policy):
    edition = current_of(policy)
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    content = _verify(client, edition.code).content.decode()
    assert "该材料已停止使用，请撤下" in content
    assert "关于公布低保标准的通知" in content
    assert f'href="{policy.url}"' not in content
    data = _verify(client, edition.code, **JSON).json()
    assert data == {
        **data,
        "current": False,
        "revision": 1,
        "current_revision": None,
        "page_url": None,
        "withdrawn": True,
    }


def test_older_edition_of_a_withdrawn_page_is_withdrawn_too(client, policy):
    first = current_of(policy)
    publish_body(policy, NEW_BODY)
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    data = _verify(client, first.code, **JSON).json()
    assert data["withdrawn"] is True
    assert data["current_revision"] is None


def test_deleted_page_is_withdrawn(client, policy):
    edition = current_of(policy)
    PolicyPage.objects.get(pk=policy.pk).delete()
    data = _verify(client, edition.code, **JSON).json()
    assert data["current"] is False and data["withdrawn"] is True
    assert data["title"] == "关于公布低保标准的通知"


def test_unknown_code_is_a_friendly_404(client, site_tree):
    response = _verify(client, "abcdefghjk")
    assert response.status_code == 404
    content = response.content.decode()
    assert "未找到这个核验码" in content
    assert "请核对核验码" in content
    assert 'href="/"' in content


def test_unknown_code_as_json_is_404_with_detail(client, site_tree):
    response = _verify(client, "abcdefghjk", **JSON)
    assert response.status_code == 404
    assert "核验码" in response.json()["detail"]


def test_code_typed_in_upper_case_is_found(client, policy):
    edition = current_of(policy)
    assert _verify(client, edition.code.upper(), **JSON).json()["revision"] == 1


HOSTILE = [
    "",
    "abc",
    "ABCDEFGHJK0",
    "%00",
    "abcdefghjk%00",
    "abcdefghjk%0A",
    "a" * 10_000,
    "核验码核验码核验码核",
    "%F0%9F%98%80" * 10,
    "abcdefghj%C4%B1",
    "..%2F..%2Fetc%2Fpasswd",
    "abcdefghjk' OR '1'='1",
    "a/b/c",
    "%E2%84%AA" * 10,  # KELVIN SIGN lower-cases to ASCII k
]


@pytest.mark.parametrize("code", HOSTILE)
@pytest.mark.parametrize("headers", [{}, JSON], ids=["html", "json"])
def test_malformed_or_hostile_code_is_404_never_500(client, site_tree, code, headers):
    response = client.get(f"/verify/{code}/", **headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "code",
    [
        "",
        "abc",
        "abcdefghjk\n",
        "abcdefghjk\x00",
        "a" * 10_000,
        "ＡＢＣＤＥＦＧＨＪＫ",
        None,
    ],
)
def test_malformed_code_is_refused_before_any_query(
    code, django_assert_num_queries, db
):
    with django_assert_num_queries(0):
        assert edition_for_code(code) is None


def test_code_followed_by_a_newline_is_not_valid():
    assert is_valid_code("abcdefghjk")
    assert not is_valid_code("abcdefghjk\n")


def test_a_page_no_site_serves_still_verifies_without_links(client, policy):
    """A page left outside every site (its site deleted) has no address: the
    核验页 still says which edition it is, and offers no link to nowhere."""
    from wagtail.models import Site

    first = current_of(policy)
    publish_body(policy, NEW_BODY)
    first.refresh_from_db()
    Site.objects.all().delete()
    Site.clear_site_root_paths_cache()
    response = _verify(client, first.code)
    assert response.status_code == 200
    content = response.content.decode()
    assert "第1版" in content
    assert "verify-actions" not in content
    assert 'href="None' not in content
    data = _verify(client, first.code, **JSON).json()
    assert data["page_url"] is None and data["poster_url"] is None
