"""portal 0011: Chinese slugs made before 拼音网址 become pinyin, and the old
addresses redirect permanently (301) to the pages, those below them included.

The pages are made the way the code of the time made them: Wagtail's own slug
step, which kept a Chinese slug as given. Runs on SQLite and on PostgreSQL alike
(set DATABASE_URL for the latter).
"""

from urllib.parse import quote

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from portal.models import PolicyIndexPage
from portal.models.base import PortalPage
from tests.factories.migration_states import migrate
from tests.factories.pages import build_site

TARGET = [("portal", "0011_pinyin_slugs")]
BEFORE = [("portal", "0010_search_synonyms")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def before_pinyin(monkeypatch, migration_states):
    migration_states.migrate_back_to(BEFORE, key=__name__)
    monkeypatch.setattr(
        PortalPage, "_set_core_field_defaults", Page._set_core_field_defaults
    )
    yield
    monkeypatch.undo()
    migration_states.back_to_latest()


def _fresh(page):
    return Page.objects.get(pk=page.pk)


def _child(parent, title: str, slug: str):
    """A page as the code of the time saved it. An index page: policy pages have
    fields that later migrations add."""
    page = PolicyIndexPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_chinese_slugs_become_pinyin_and_old_addresses_redirect(before_pinyin, client):
    tree = build_site()
    notice = _child(tree.policies, "关于公布低保标准的通知", "关于公布低保标准的通知")
    kept = _child(tree.policies, "临时救助通知", "linshi-2022")
    topic = _child(tree.home, "专题", "专题")
    low = _child(topic, "低保", "低保")
    # Another reading of the same syllables under the same parent.
    same_sound = _child(topic, "滴保", "滴保")
    draft = _fresh(notice).specific.save_revision()  # an unpublished draft
    old_notice_url = "/policies/关于公布低保标准的通知/"
    old_low_url = "/专题/低保/"
    assert _fresh(notice).url_path.endswith("/关于公布低保标准的通知/")

    migrate(TARGET)

    assert _fresh(notice).slug == "guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi"
    assert _fresh(kept).slug == "linshi-2022"
    assert _fresh(topic).slug == "zhuan-ti"
    assert {_fresh(low).slug, _fresh(same_sound).slug} == {"di-bao", "di-bao-2"}
    assert _fresh(low).url_path == f"/home-test/zhuan-ti/{_fresh(low).slug}/"
    for page in Page.objects.filter(depth__gt=1):
        assert page.slug.isascii() and len(page.slug) <= 60, page.slug
        assert page.url_path.isascii(), page.url_path

    response = client.get(quote(old_notice_url))
    assert response.status_code == 301
    assert (
        response["Location"]
        == "/policies/guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi/"
    )
    response = client.get(quote(old_low_url))
    assert response.status_code == 301
    assert response["Location"] == _fresh(low).url
    assert client.get(quote("/专题/")).status_code == 301
    assert all(r.is_permanent for r in Redirect.objects.all())
    assert not Redirect.objects.filter(old_path__contains="linshi-2022").exists()

    draft.refresh_from_db()
    assert draft.content["slug"] == "guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi"
    draft.publish()
    assert _fresh(notice).slug == "guan-yu-gong-bu-di-bao-biao-zhun-de-tong-zhi"


def test_a_tree_without_chinese_slugs_is_left_as_it_is(before_pinyin):
    tree = build_site()
    page = _child(tree.policies, "临时救助通知", "linshi-2022")
    before = list(Page.objects.values_list("pk", "slug", "url_path"))

    migrate(TARGET)

    assert list(Page.objects.values_list("pk", "slug", "url_path")) == before
    assert _fresh(page).slug == "linshi-2022"
    assert not Redirect.objects.exists()


GROUPS_BEFORE = [("portal", "0012_policy_forwarded_title")]
GROUPS_TARGET = [("portal", "0013_chinese_group_names")]


def test_wagtails_english_groups_and_workflow_get_chinese_names(migration_states):
    """portal 0013: the admin shows stored names as they are. Wagtail's own
    migrations make the English ones; going back restores them."""
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    english = {"Editors", "Moderators"}
    try:
        migration_states.migrate_back_to(GROUPS_BEFORE, key=__name__)
        Group.objects.get_or_create(name="Editors")
        Group.objects.get_or_create(name="Moderators")
        Group.objects.filter(name__in=["编辑", "内容审核"]).delete()
        editors = Group.objects.get(name="Editors")
        assert Workflow.objects.filter(name="Moderators approval").exists()
        assert Task.objects.filter(name="Moderators approval").exists()

        migrate(GROUPS_TARGET)

        assert Group.objects.get(pk=editors.pk).name == "编辑"
        assert Group.objects.filter(name="内容审核").exists()
        assert not Group.objects.filter(name__in=english).exists()
        assert not Workflow.objects.filter(name="Moderators approval").exists()
        assert not Task.objects.filter(name="Moderators approval").exists()
        assert Workflow.objects.filter(name="默认审核流程").exists()
        assert Task.objects.filter(name="内容审核组审批").exists()
    finally:
        migration_states.back_to_latest()
