"""档案检索 in the admin: search box, filters, facets, highlights, paging, scope."""

import re

import pytest

from search.backends import BackendUnavailable
from search.models import SearchLog

from .county import MIDDLE, ODD_QUERIES, make_county

pytestmark = pytest.mark.django_db

URL = "/admin/archive/"


@pytest.fixture
def county(db):
    return make_county()


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def numbers(response) -> set[str]:
    return {row["hit"].case_number for row in response.context["rows"]}


def keys(response) -> list[str]:
    return [row["hit"].key for row in response.context["rows"]]


def facet(response, name: str) -> dict[str, int]:
    groups = {group["name"]: group for group in response.context["facets"]}
    return {e["label"]: e["count"] for e in groups[name]["entries"]}


def test_auditor_finds_a_phrase_from_the_middle_of_a_sentence_marked_exactly(
    as_user, county
):
    response = as_user(county.users["auditor"]).get(URL, {"q": MIDDLE})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"丈夫突发<mark>{MIDDLE}</mark>，家中两个孩子" in html
    assert set(re.findall(r"<mark>(.*?)</mark>", html)) == {MIDDLE}
    assert numbers(response) == {county.stroke.number}


def test_hit_links_to_the_case_page_and_its_full_timeline(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"q": MIDDLE, "kind": "case"})
    html = response.content.decode()
    number = county.stroke.number
    assert f'href="/admin/cases/case/{number}/"' in html
    assert f'href="/admin/cases/case/{number}/history/"' in html
    assert "救助案件" in html  # the record type
    assert "东岭镇" in html


def test_facets_count_each_value_and_link_to_the_filter(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"q": "", "kind": "case"})
    assert response.context["total"] == 3
    assert facet(response, "township") == {"东岭镇": 2, "南溪乡": 1}
    assert facet(response, "assistance_type") == {"临时救助": 2, "最低生活保障": 1}
    assert facet(response, "status") == {"已接收": 2, "已受理": 1}
    html = response.content.decode()
    assert 'href="?q=&amp;kind=case&amp;township=south"' not in html  # no empty q
    assert 'href="?kind=case&amp;township=south"' in html


def test_filter_by_township_and_status(as_user, county):
    client = as_user(county.users["auditor"])
    south = client.get(URL, {"kind": "case", "township": "south"})
    assert numbers(south) == {county.collapse.number}
    received = client.get(URL, {"kind": "case", "status": "received"})
    assert numbers(received) == {county.stroke.number, county.village_case.number}
    both = client.get(URL, {"kind": "case", "status": "received", "township": "east"})
    assert numbers(both) == {county.stroke.number, county.village_case.number}


def test_active_filter_can_be_removed(as_user, county):
    response = as_user(county.users["auditor"]).get(
        URL, {"q": "救助", "kind": "case", "township": "south"}
    )
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert chips["乡镇"]["value"] == "南溪乡"
    assert chips["乡镇"]["url"] == "?q=%E6%95%91%E5%8A%A9&kind=case"
    assert chips["类别"]["value"] == "案件"


def test_handler_filter_shows_the_staff_name(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"handler": "clerk-east"})
    assert response.status_code == 200
    chips = {chip["label"]: chip["value"] for chip in response.context["chips"]}
    assert chips["经办人"] == "刘海燕"


def test_paging_with_previous_next_and_numbers(as_user, county):
    client = as_user(county.users["auditor"])
    response = client.get(URL, {"kind": "case", "size": "1", "page": "2"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1
    pages = response.context["pages"]
    assert pages["previous"] == "?kind=case&size=1"
    assert pages["next"] == "?kind=case&size=1&page=3"
    assert [n.get("number") for n in pages["numbers"]] == [1, 2, 3]
    seen = set()
    for page in ("1", "2", "3"):
        seen |= numbers(client.get(URL, {"kind": "case", "size": "1", "page": page}))
    assert len(seen) == 3


def test_page_past_the_end_is_an_empty_page(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"kind": "case", "page": "50"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["total"] == 3
    assert "没有更多结果" in response.content.decode()
    assert response.context["pages"]["previous"] == "?kind=case"


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_time(as_user, county, sort):
    response = as_user(county.users["auditor"]).get(URL, {"kind": "case", "sort": sort})
    order = [county.stroke, county.collapse, county.village_case]
    expected = [f"case:{case.pk}" for case in order]
    assert keys(response) == (expected[::-1] if sort == "newest" else expected)


def test_opening_the_page_shows_the_form_without_searching(as_user, county):
    response = as_user(county.users["auditor"]).get(URL)
    assert response.status_code == 200
    assert not response.context["searched"]
    assert 'name="q"' in response.content.decode()
    assert not SearchLog.objects.exists()


def test_clerk_search_never_shows_another_township(as_user, county):
    client = as_user(county.users["clerk"])
    response = client.get(URL, {"q": "救助"})
    assert response.status_code == 200
    assert county.collapse.number not in response.content.decode()
    assert {row["hit"].township for row in response.context["rows"]} == {"east"}
    assert set(facet(response, "township")) == {"东岭镇"}


def test_clerk_asking_for_another_township_gets_nothing(as_user, county):
    """The scope and the filter both apply: another township is an empty answer."""
    response = as_user(county.users["clerk"]).get(URL, {"township": "south"})
    assert response.status_code == 200
    assert response.context["total"] == 0
    assert county.collapse.number not in response.content.decode()


def test_clerk_township_filter_offers_only_their_township(as_user, county):
    response = as_user(county.users["clerk"]).get(URL, {"q": ""})
    fields = {field["name"]: field for field in response.context["fields"]}
    assert fields["township"]["options"] == [("east", "东岭镇")]
    auditor = as_user(county.users["auditor"]).get(URL, {"q": ""})
    fields = {field["name"]: field for field in auditor.context["fields"]}
    assert dict(fields["township"]["options"]) == {"east": "东岭镇", "south": "南溪乡"}


def test_village_coordinator_searches_only_their_village(as_user, county):
    response = as_user(county.users["coordinator"]).get(URL, {"kind": "case"})
    assert numbers(response) == {county.village_case.number}
    fields = {field["name"]: field for field in response.context["fields"]}
    assert fields["township"]["options"] == [("east", "东岭镇")]


def test_reviewer_searches_the_whole_county(as_user, county):
    response = as_user(county.users["reviewer"]).get(URL, {"kind": "case"})
    assert response.context["total"] == 3


def test_editor_may_not_search(as_user, county):
    response = as_user(county.users["editor"]).get(URL, {"q": MIDDLE})
    assert response.status_code == 403
    assert "没有检索档案的权限" in response.content.decode()
    assert MIDDLE not in response.content.decode()
    assert not SearchLog.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, county):
    response = client.get(URL, {"q": MIDDLE})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-13-01"}, "from", "无法识别"),
        ({"to": "yesterday"}, "to", "无法识别"),
        ({"from": "2026-10-31", "to": "2026-10-01"}, "to", "截止日期不能早于起始日期"),
        ({"township": "nowhere"}, "township", "未知的乡镇代码"),
        ({"assistance_type": "xx"}, "assistance_type", "未知的救助事项代码"),
        ({"status": "lost"}, "status", "未知的状态"),
        ({"kind": "memo"}, "kind", "未知的记录类别"),
        ({"channel": "pigeon"}, "channel", "未知的渠道"),
        ({"sort": "random"}, "sort", "未知的排序方式"),
        ({"handler": "nobody"}, "handler", "没有名叫"),
        ({"page": "abc"}, "page", "须为 1 至"),
        ({"page": "0"}, "page", "须为 1 至"),
        ({"page": "-1"}, "page", "须为 1 至"),
        ({"size": "1000"}, "size", "须为 1 至"),
        ({"q": "救" * 3000}, "q", "检索词过长"),
    ],
)
def test_bad_input_is_a_400_with_the_message(as_user, county, params, field, message):
    response = as_user(county.users["auditor"]).get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    fields = {f["name"]: f for f in response.context["fields"]}
    if field in fields:
        assert message in fields[field]["error"]
        assert f'id="archive-{field}-error"' in html
    elif field == "q":
        assert message in response.context["q_error"]
    else:
        assert message in response.context["error"]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_never_fail(as_user, county, q):
    response = as_user(county.users["auditor"]).get(URL, {"q": q})
    assert response.status_code == 200


def test_a_query_with_control_characters_is_refused_with_a_message(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"q": "救助\x1b[31m"})
    assert response.status_code == 400
    assert "检索词含有不可见的控制字符（U+001B）" in response.content.decode()


def test_markup_typed_into_the_search_box_is_escaped(as_user, county):
    q = '<script>alert("x")</script><b>救助</b>'
    response = as_user(county.users["auditor"]).get(URL, {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<b>救助</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_backend_unavailable_is_a_503_that_casework_goes_on(
    as_user, county, monkeypatch
):
    class Broken:
        def search(self, query):
            raise BackendUnavailable("connection refused")

    monkeypatch.setattr("search.service.get_search_backend", lambda: Broken())
    response = as_user(county.users["auditor"]).get(URL, {"q": MIDDLE})
    assert response.status_code == 503
    assert (
        "检索服务暂时不可用，请稍后再试；案件办理不受影响。"
        in response.content.decode()
    )


def menu_urls(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "role", ["auditor", "reviewer", "clerk", "coordinator", "admin"]
)
def test_menu_item_shown_to_those_who_may_search(as_user, county, role):
    response = as_user(county.users[role]).get("/admin/")
    assert '"/admin/archive/"' in response.content.decode()


def test_menu_item_hidden_from_editor(as_user, county):
    response = as_user(county.users["editor"]).get("/admin/")
    assert response.status_code == 200
    assert '"/admin/archive/"' not in response.content.decode()


def test_page_has_no_inline_scripts_or_styles(as_user, county):
    response = as_user(county.users["auditor"]).get(URL, {"q": MIDDLE})
    html = response.content.decode()
    start = html.index('class="archive-form"')
    ours = html[start : html.index("</main>")]
    assert "<script" not in ours
    assert "style=" not in ours
    assert "css/archive_search.css" in html


def test_rules_people_are_chosen_by_name_post_and_township(as_user, county):
    """人员按姓名选择: the chooser lists 刘海燕（经办人·东岭镇）, and the name
    typed, or the chooser's label, finds the same cases as the account name."""
    client = as_user(county.users["auditor"])
    page = client.get(URL).content.decode()
    assert '<option value="刘海燕（经办人·东岭镇）">' in page
    by_account = client.get(URL, {"kind": "case", "handler": "clerk-east"})
    for typed in ("刘海燕", "刘海燕（经办人·东岭镇）"):
        response = client.get(URL, {"kind": "case", "handler": typed})
        assert response.status_code == 200, typed
        assert response.context["total"] == by_account.context["total"] >= 1


def test_rules_people_of_one_name_are_told_apart(as_user, county):
    from tests.factories.staff import clerk

    south = county.users["south_clerk"].staff_profile.township
    clerk(south, username="clerk-south-liu", first_name="刘", last_name="海燕")
    client = as_user(county.users["auditor"])
    response = client.get(URL, {"kind": "case", "handler": "刘海燕"})
    assert response.status_code == 400
    message = response.context["fields"][5]["error"]
    assert "有2位经办人名叫“刘海燕”" in message
    assert "刘海燕（经办人·南溪乡）" in message
    chosen = client.get(URL, {"kind": "case", "handler": "刘海燕（经办人·南溪乡）"})
    assert chosen.status_code == 200
    assert chosen.context["total"] == 0


@pytest.mark.parametrize("typed", ["x" * 300, "刘\x00海燕", "<script>", "%00"])
def test_rules_person_filter_refuses_junk_clearly(as_user, county, typed):
    response = as_user(county.users["auditor"]).get(URL, {"handler": typed})
    assert response.status_code == 400
    errors = [f["error"] for f in response.context["fields"] if f["error"]]
    assert errors and "没有名叫" in errors[0]
