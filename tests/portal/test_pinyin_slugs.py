"""拼音网址: new pages get ASCII slugs from the title's pinyin, at most 60
characters, free among their siblings, whatever makes the page."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.models import PolicyPage
from portal.permissions import setup_groups
from portal.slugs import MAX_LENGTH, pinyin_slug, unique_slug
from tests.factories.pages import make_policy
from tests.factories.staff import editor

LONG_TITLE = (
    "关于印发《青禾县社会救助“一门受理、协同办理”工作规程》的通知（青民发〔2024〕12号）"
)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("临时救助办事指南", "lin-shi-jiu-zhu-ban-shi-zhi-nan"),
        # The reading follows the characters around it: 重庆 is chong-qing.
        ("重庆市低保标准", "chong-qing-shi-di-bao-biao-zhun"),
        ("绿色通道", "lv-se-tong-dao"),
        ("２０２４年ＡＢＣ通知", "2024-nian-abc-tong-zhi"),
        ("銀行", "yin-xing"),  # traditional characters too
        ("Café 指南", "cafe-zhi-nan"),
        ("《低保》——“审核”", "di-bao-shen-he"),
        ("😀🙂", ""),
        ("", ""),
    ],
)
def test_pinyin_slug_is_ascii_syllables_joined_by_hyphens(text, slug):
    assert pinyin_slug(text) == slug


def test_pinyin_slug_is_cut_at_a_syllable_within_60_characters():
    slug = pinyin_slug(LONG_TITLE)
    assert slug == "guan-yu-yin-fa-qing-he-xian-she-hui-jiu-zhu-yi-men-shou-li"
    assert len(slug) <= MAX_LENGTH and slug.isascii()
    assert len(pinyin_slug("低" * 500)) <= MAX_LENGTH
    assert pinyin_slug("a" * 500) == "a" * MAX_LENGTH


def test_unique_slug_adds_a_number_and_stays_within_60():
    assert unique_slug("di-bao", set()) == "di-bao"
    assert unique_slug("di-bao", {"di-bao", "di-bao-2"}) == "di-bao-3"
    long = "x" * MAX_LENGTH
    assert unique_slug(long, {long}) == "x" * (MAX_LENGTH - 2) + "-2"
    assert unique_slug("", set()) == "page"


@pytest.mark.django_db
def test_page_made_in_code_gets_the_pinyin_slug(site_tree):
    page = make_policy(site_tree, title="关于公布低保标准的通知")
    assert page.slug == "guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi"
    assert page.url == "/policies/guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi/"


@pytest.mark.django_db
def test_siblings_of_the_same_title_get_distinct_slugs(site_tree):
    first = make_policy(site_tree, title=LONG_TITLE)
    second = make_policy(site_tree, title=LONG_TITLE)
    assert first.slug != second.slug
    assert second.slug.endswith("-2") and len(second.slug) <= MAX_LENGTH


@pytest.mark.django_db
def test_a_chinese_slug_given_in_code_becomes_pinyin(site_tree):
    page = make_policy(site_tree, title="通知", slug="临时救助")
    assert page.slug == "lin-shi-jiu-zhu"


@pytest.mark.django_db
def test_publishing_an_old_revision_keeps_the_ascii_address(site_tree):
    page = make_policy(site_tree, title="关于公布低保标准的通知")
    revision = page.save_revision()
    revision.content["slug"] = "关于公布低保标准的通知"
    revision.save()
    revision.publish()
    assert PolicyPage.objects.get(pk=page.pk).slug.isascii()


@pytest.fixture
def editor_client(client, site_tree):
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    return client


def _create(client, site_tree, **fields):
    url = reverse(
        "wagtailadmin_pages:add", args=("portal", "policypage", site_tree.policies.pk)
    )
    form = nested_form_data(
        {
            "title": "关于做好冬春困难群众救助的通知",
            "slug": "",
            "document_number": "青民发〔2026〕46号",
            "issuing_body": "青禾县民政局",
            "issue_date": "2026-11-20",
            "status": "in_force",
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )
    return client.post(url, form)


@pytest.mark.django_db
def test_editor_leaving_the_slug_empty_gets_the_titles_pinyin(editor_client, site_tree):
    response = _create(editor_client, site_tree)
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = PolicyPage.objects.get(title="关于做好冬春困难群众救助的通知")
    assert page.slug == "guan-yu-zuo-hao-dong-chun-kun-nan-qun-zhong-jiu-zhu-de-tong"


@pytest.mark.django_db
def test_editor_typing_a_chinese_slug_gets_its_pinyin(editor_client, site_tree):
    make_policy(site_tree, title="冬春救助")  # takes dong-chun-jiu-zhu
    response = _create(editor_client, site_tree, slug="冬春救助")
    assert response.status_code == 302
    assert PolicyPage.objects.filter(slug="dong-chun-jiu-zhu-2").exists()


@pytest.mark.django_db
def test_editor_latin_slug_is_kept_but_not_over_60(editor_client, site_tree):
    response = _create(editor_client, site_tree, slug="dongchun-jiuzhu")
    assert response.status_code == 302
    assert PolicyPage.objects.filter(slug="dongchun-jiuzhu").exists()
    response = _create(editor_client, site_tree, slug="a" * 61)
    assert response.status_code == 200
    assert "网址名称不能超过60个字符" in response.content.decode()
    response = _create(editor_client, site_tree, slug="bad slug!")
    assert "网址名称只能包含字母、数字、连字符和下划线" in response.content.decode()
