"""An editor revises a service guide and submits it for moderation."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from portal.models import ServiceGuidePage

from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = "demo-editor"


def test_editor_submits_guide_change_for_moderation(demo_site, page):
    shot = page.shots
    guide = ServiceGuidePage.objects.live().get(assistance_type__name="临时救助")
    live_summary = guide.summary
    new_summary = "编辑修改：临时救助申请可在户籍地或居住地乡镇窗口提出。"
    assert new_summary != live_summary

    staff_login(page, demo_site.url, EDITOR)
    shot("dashboard")

    page.goto(f"{demo_site.url}/admin/pages/{guide.pk}/edit/")
    summary = page.locator("#id_summary")
    expect(summary).to_have_value(live_summary)
    summary.fill(new_summary)
    shot("editor-changed")

    # The footer's action menu: its toggle opens the list holding "Submit to …".
    submit = page.locator('footer button[name="action-submit"]')
    if not submit.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(submit).to_be_visible()
    workflow_name = guide.get_workflow().name
    expect(submit).to_contain_text(workflow_name)
    shot("action-menu-open")
    submit.click()

    # Wagtail returns to the section's listing with its confirmation message.
    expect(page.locator(".messages")).to_contain_text(guide.title)
    expect(page.locator(".messages")).to_contain_text("审核")
    shot("submitted")

    guide.refresh_from_db()
    state = WorkflowState.objects.get(
        base_content_type=guide.get_base_content_type(),
        object_id=str(guide.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    assert state.requested_by.username == EDITOR
    assert guide.summary == live_summary, "the live page must not change yet"
    assert guide.get_latest_revision_as_object().summary == new_summary

    # The public still reads the published text.
    page.goto(demo_site.url + guide.url)
    expect(page.locator(".document-header")).to_contain_text(live_summary)
    expect(page.locator("body")).not_to_contain_text(new_summary)
    shot("public-page-unchanged")

    # The admin shows the page as in moderation.
    page.goto(f"{demo_site.url}/admin/pages/{guide.get_parent().pk}/")
    row = page.locator("tr", has_text=guide.title)
    expect(row).to_contain_text(re.compile("审核中|In Moderation", re.IGNORECASE))
    shot("admin-listing-in-moderation")


def test_editor_new_page_with_a_chinese_title_gets_a_pinyin_address(demo_site, page):
    """拼音网址 in the real editor: Wagtail fills the slug in the browser, ASCII
    only, so a Chinese title leaves it empty; saving fills the pinyin."""
    from portal.models import PolicyIndexPage, PolicyPage

    index = PolicyIndexPage.objects.get()
    staff_login(page, demo_site.url, EDITOR)
    page.goto(f"{demo_site.url}/admin/pages/add/portal/policypage/{index.pk}/")
    page.locator("#id_title").fill("关于做好冬春救助工作的通知")
    page.locator("#id_title").blur()
    page.locator(
        'footer button[name="action-save"], footer [type=submit]'
    ).first.click()
    expect(page.locator(".messages")).to_contain_text("关于做好冬春救助工作的通知")
    created = PolicyPage.objects.get(title="关于做好冬春救助工作的通知")
    assert created.slug == "guan-yu-zuo-hao-dong-chun-jiu-zhu-gong-zuo-de-tong-zhi"
