"""站内搜索规则：问句里的主题、同义词、字段权重、效力状态、摘要与坏输入。"""

import pytest
from django.urls import reverse

from portal.models import PolicyPage, SearchSynonym
from portal.search.query import HINT_CAP, Vocabulary, parse
from portal.search.ranking import (
    Matcher,
    SearchDocument,
    matchers,
    rank,
    saturate,
    score,
)
from tests.factories import make_guide, make_policy

VOCABULARY = Vocabulary.from_groups(
    [
        ["低保", "最低生活保障"],
        ["低边", "低保边缘", "低保边缘家庭"],
        ["临救", "临时救助"],
        ["特困", "特困人员供养", "特困人员"],
    ]
)


def subjects(query: str) -> list[str]:
    return [s.typed for s in parse(query, VOCABULARY).subjects]


def doc(pk: int, title: str, **fields) -> SearchDocument:
    fields.setdefault("kind", "policy")
    fields.setdefault("status", "in_force")
    return SearchDocument(pk=pk, url=f"/p{pk}/", title=title, **fields)


def ranked(docs: list[SearchDocument], query: str) -> list[int]:
    return [d.pk for d in rank(docs, parse(query, VOCABULARY), VOCABULARY)]


# --- the query: subjects, question words, synonyms --------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("怎么申请低保", ["低保"]),
        ("低保怎么申请", ["低保"]),
        ("如何办理临时救助", ["临时救助"]),
        ("低保需要什么材料", ["低保", "材料"]),
        ("在哪里申请医疗救助", ["医疗救助"]),
        ("低保标准是多少", ["低保", "标准"]),
        ("低保的标准", ["低保", "标准"]),
        ("低保吗", ["低保"]),
        ("申请书", ["申请书"]),
        ("低保边缘", ["低保边缘"]),
        ("低保 边缘", ["低保", "边缘"]),
        ("臨時救助", ["临时救助"]),
        ("ＡＢ角", ["ab", "角"]),
    ],
)
def test_rules_search_question_words_and_particles_are_not_the_subject(query, expected):
    assert subjects(query) == expected


def test_rules_search_question_words_are_kept_as_hints():
    parsed = parse("怎么申请低保", VOCABULARY)
    assert parsed.hints == ("怎么申请",)
    assert parse("低保需要什么", VOCABULARY).hints == ("需要", "什么")


def test_rules_search_a_query_of_question_words_alone_searches_them():
    assert subjects("如何申请") == ["如何", "申请"]
    assert parse("的吗", VOCABULARY).empty


def test_rules_search_synonyms_and_abbreviations_expand_the_subject():
    (subject,) = parse("低保", VOCABULARY).subjects
    assert subject.terms == ("低保", "最低生活保障")
    (subject,) = parse("临救", VOCABULARY).subjects
    assert subject.terms == ("临救", "临时救助")
    assert parse("特困", VOCABULARY).expansions() == ["特困人员供养", "特困人员"]


def test_rules_search_low_bao_is_not_mentioned_inside_low_bao_edge():
    """低保 inside 低保边缘 speaks of 低边, another group: not a mention."""
    (subject,) = parse("低保", VOCABULARY).subjects
    matcher = Matcher.build(subject, VOCABULARY)
    assert matcher.count("低保边缘家庭认定") == 0
    assert matcher.count("收入略高于低保标准的低保边缘家庭") == 1
    assert matcher.count("最低生活保障和低保") == 2


# --- the ranking -------------------------------------------------------------


def test_rules_search_title_and_document_number_outweigh_body_text():
    body = "临时救助" * 12
    docs = [
        doc(1, "窗口服务通知", body=body),
        doc(2, "临时救助实施办法"),
        doc(3, "某通知", number="临时救助〔2024〕1号"),
    ]
    assert ranked(docs, "临时救助")[-1] == 1


def test_rules_search_question_words_never_outweigh_the_subject():
    docs = [
        # Every question word in its title, the subject once in the body.
        doc(1, "怎么申请、如何办理、需要什么、在哪里", body="低保"),
        doc(2, "最低生活保障审核确认细则"),
    ]
    assert ranked(docs, "怎么申请低保需要什么在哪里") == [2, 1]
    parsed = parse("怎么申请低保需要什么在哪里", VOCABULARY)
    with_hints = score(docs[0], parsed, matchers(parsed, VOCABULARY))
    assert with_hints - saturate(1) <= HINT_CAP < saturate(1)


def test_rules_search_in_force_ranks_above_amended_and_repealed():
    docs = [
        doc(1, "临时救助实施办法（试行）", status="repealed", summary="临时救助"),
        doc(2, "临时救助实施办法（2019年）", status="amended"),
        doc(3, "窗口服务通知", body="及时给予临时救助"),
        doc(4, "临时救助办事指南", kind="guide", subject="临时救助"),
    ]
    assert ranked(docs, "临时救助") == [4, 3, 2, 1]


def test_rules_search_the_exact_document_number_comes_first_even_repealed():
    docs = [
        doc(
            1,
            "临时救助实施办法（试行）",
            status="repealed",
            number="青民发〔2016〕30号",
        ),
        doc(
            2,
            "临时救助实施办法",
            number="青民发〔2022〕15号",
            body="青民发〔2016〕30号同时废止",
        ),
    ]
    assert ranked(docs, "青民发〔2016〕30号") == [1, 2]
    assert ranked(docs, "青民发2016 30号") == [1, 2]


def test_rules_search_a_page_must_hold_every_subject():
    docs = [doc(1, "低保审核确认"), doc(2, "低保办事指南", body="所需材料清单")]
    assert ranked(docs, "低保需要什么材料") == [2]


# --- through the page: indexed text, snippets, the synonym list ---------------


@pytest.mark.django_db
def test_rules_search_guide_steps_materials_and_limits_are_found(client, site_tree):
    make_guide(
        site_tree,
        title="某事项办事指南",
        steps=[
            ("提出申请", "apply", "applicant", 0),
            ("民主评议", "investigate", "village", 7),
        ],
        materials=["残疾人证复印件"],
        total_time_limit_days=27,
    )
    for query in ("民主评议", "残疾人证", "27个工作日", "村（社区）"):
        response = client.get(reverse("portal:search"), {"q": query})
        titles = [r.title for r in response.context["search"].page.object_list]
        assert titles == ["某事项办事指南"], query


@pytest.mark.django_db
def test_rules_search_snippets_come_from_text_not_block_settings(client, site_tree):
    page = make_policy(site_tree, title="部门分工通知", body_text="由民政局负责。")
    page.body = [
        ("heading", {"text": "三、部门分工", "level": "h2"}),
        ("paragraph", "<p>由民政局负责<b>临时救助</b>的审核&amp;确认。</p>"),
        ("callout", {"title": "提示", "text": "<p>请携带身份证。</p>"}),
    ]
    page.save_revision().publish()
    response = client.get(reverse("portal:search"), {"q": "临时救助"})
    (result,) = response.context["search"].page.object_list
    assert "二级标题" not in result.snippet and "h2" not in result.snippet
    assert "<mark>临时救助</mark>的审核&amp;确认" in result.snippet
    assert "<b>" not in result.snippet
    for noise in ("二级标题", "h2", "paragraph", "callout"):
        found = client.get(reverse("portal:search"), {"q": noise})
        assert found.context["search"].total == 0, noise
    assert "二级标题" not in PolicyPage.objects.get(pk=page.pk).plain_text()


@pytest.mark.django_db
def test_rules_search_snippet_marks_the_synonym_found(client, site_tree):
    make_policy(site_tree, title="审核确认细则", body_text="最低生活保障实行属地管理。")
    response = client.get(reverse("portal:search"), {"q": "低保"})
    (result,) = response.context["search"].page.object_list
    assert "<mark>最低生活保障</mark>" in result.snippet
    assert "同时查找了：最低生活保障" in response.content.decode()


@pytest.mark.django_db
def test_rules_search_seeded_synonyms_are_in_the_list():
    groups = [set(group.term_list()) for group in SearchSynonym.objects.all()]
    for pair in (
        {"低保", "最低生活保障"},
        {"特困", "特困人员供养"},
        {"低边", "低保边缘"},
        {"临救", "临时救助"},
        {"医疗救助", "医救"},
        {"残疾人两项补贴", "两项补贴"},
    ):
        assert any(pair <= group for group in groups), pair


@pytest.mark.django_db
def test_rules_search_an_edited_synonym_is_used_at_once(client, site_tree):
    make_policy(site_tree, title="城乡居民养老服务补贴办法")
    url = reverse("portal:search")
    assert client.get(url, {"q": "老龄补贴"}).context["search"].total == 0
    group = SearchSynonym(terms="老龄补贴/养老服务补贴")
    group.full_clean()
    group.save()
    response = client.get(url, {"q": "老龄补贴"})
    assert [r.title for r in response.context["search"].page.object_list] == [
        "城乡居民养老服务补贴办法"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("低保", "至少填写两个说法"),
        ("低保/最低生活保障", "已在同义词组"),
        ("老龄/养老 补贴/a-1", "不能作为搜索词"),
        ("甲/" + "乙" * 21, "不能作为搜索词"),
    ],
)
def test_rules_search_synonym_groups_are_checked(terms, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        SearchSynonym(terms=terms).full_clean()


# --- bad input: a clear message, never a 500 ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入要查找的内容"),
        ("   ", "请输入要查找的内容"),
        ("😀😀🎉", "请输入要查找的汉字、数字或字母"),
        ("！？…——", "请输入要查找的汉字、数字或字母"),
        ("的吗呢", "请输入要查找的事项"),
        ("救" * 5000, "关键词过长，只按前100个字搜索"),
        ("臨時救助", "已按简体字“临时救助”查找"),
        ("<script>alert(1)</script>", "没有找到相关内容"),
        ("临时救助' OR 1=1 --", "没有找到相关内容"),
        ('低保" AND title:*', "没有找到相关内容"),
        ("{{ request }}{% debug %}", "没有找到相关内容"),
        ("临时\x07救助", "不可见的控制字符"),
    ],
)
def test_rules_search_bad_input_gets_a_clear_message(client, site_tree, query, message):
    make_policy(site_tree, title="临时救助实施办法", body_text="临时救助")
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "<script>alert" not in content


@pytest.mark.django_db
def test_rules_search_without_a_query_shows_the_form_only(client, site_tree):
    response = client.get(reverse("portal:search"))
    assert response.status_code == 200
    assert "请输入要查找" not in response.content.decode()


# --- the synonym list in the admin and its seeding migration -------------------


@pytest.mark.django_db
def test_rules_search_editors_keep_the_synonym_list_in_the_admin(client, site_tree):
    from portal.permissions import setup_groups
    from tests.factories import TownshipFactory
    from tests.factories.staff import clerk, editor

    setup_groups(content_root=site_tree.home)
    add = reverse("wagtailsnippets_portal_searchsynonym:add")
    client.force_login(editor())
    refused = client.post(add, {"terms": "低保/最低生活保障", "note": ""})
    assert refused.status_code == 200
    assert "已在同义词组" in refused.content.decode()
    saved = client.post(add, {"terms": "老龄补贴、养老服务补贴", "note": "口头说法"})
    assert saved.status_code == 302
    assert SearchSynonym.objects.filter(terms="老龄补贴、养老服务补贴").exists()
    listing = client.get(reverse("wagtailsnippets_portal_searchsynonym:list"))
    assert "老龄补贴" in listing.content.decode()
    client.force_login(clerk(TownshipFactory()))
    assert client.post(add, {"terms": "甲/乙"}).status_code in (302, 403)
    assert not SearchSynonym.objects.filter(terms="甲/乙").exists()


@pytest.mark.django_db
def test_rules_search_seeding_migration_adds_and_removes_only_its_groups():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("portal.migrations.0010_search_synonyms")
    SearchSynonym.objects.create(terms="老龄补贴/养老服务补贴")
    migration.remove_seeded(apps, None)
    assert list(SearchSynonym.objects.values_list("terms", flat=True)) == [
        "老龄补贴/养老服务补贴"
    ]
    migration.seed_synonyms(apps, None)
    migration.seed_synonyms(apps, None)  # twice: nothing doubled
    assert SearchSynonym.objects.count() == len(migration.SEEDED) + 1
    for terms, _note in migration.SEEDED:
        SearchSynonym(terms=terms).clean_fields()
        assert len(SearchSynonym(terms=terms).term_list()) >= 2


# --- speed: no query per result ------------------------------------------------


@pytest.mark.django_db
def test_rules_search_costs_the_same_queries_for_any_number_of_results(site_tree):
    """Documents are built in bulk (one query per page type and related list),
    so ten results cost what three do; a repeated search costs one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import page_cache
    from portal.search import search_pages

    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            outcome = search_pages(query)
        assert outcome.page is not None
        return len(captured.captured_queries)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            make_guide(site_tree, title=f"第{n}项救助办事指南", materials=["户口簿"])
            make_policy(site_tree, title=f"第{n}号救助通知", body_text="救助")

    add(3, 0)
    page_cache.new_generation()
    few = queries("救助")
    add(9, 3)
    page_cache.new_generation()
    many = queries("救助")
    # The first search also read the site's root paths for the pages' addresses.
    assert many <= few
    assert queries("救助") <= 1  # kept: the content generation only
