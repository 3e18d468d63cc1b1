"""Editorial workflow on the demo site: draft → in moderation → published."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.demo import DEMO_PASSWORD
from portal.demo.workflow import WORKFLOW_NAME
from portal.models import HomePage, PolicyIndexPage, PolicyPage
from portal.permissions import setup_groups

User = get_user_model()


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """Seed once per module, in a transaction rolled back after its last test.

    Each test still runs in its own savepoint (the ``db`` fixture), so what one
    test changes is gone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def seeded(demo_db, db):
    yield
    # Rolled-back sites must not leave their root paths in the shared cache.
    cache.clear()


@pytest.fixture
def editor(seeded):
    return User.objects.get(username="demo-editor")


@pytest.fixture
def moderator(seeded):
    return User.objects.get(username="demo-moderator")


@pytest.fixture
def policy(seeded):
    return PolicyPage.objects.live().get(slug="dibao-shenhe-2024")


def new_policy_draft(user, slug="ceshi-tongzhi") -> PolicyPage:
    index = PolicyIndexPage.objects.get()
    page = PolicyPage(
        title="关于开展2027年社会救助窗口业务培训的通知",
        slug=slug,
        document_number="青民发〔2026〕45号",
        issuing_body="青禾县民政局",
        issue_date=datetime.date(2026, 11, 20),
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    return page


def test_editor_can_edit_but_not_publish(editor, moderator, policy):
    editor_perms = policy.permissions_for_user(editor)
    assert editor_perms.can_edit()
    assert not editor_perms.can_publish()
    assert PolicyIndexPage.objects.get().permissions_for_user(editor).can_add_subpage()
    assert policy.permissions_for_user(moderator).can_publish()


@pytest.mark.parametrize(
    "username",
    ["demo-clerk-1", "demo-coord-nanxi-xikou", "demo-reviewer", "demo-auditor"],
)
def test_case_staff_cannot_edit_pages(seeded, username):
    user = User.objects.get(username=username)
    home = HomePage.objects.get()
    for page in Page.objects.descendant_of(home, inclusive=True):
        perms = page.permissions_for_user(user)
        assert not perms.can_edit()
        assert not perms.can_add_subpage()
        assert not perms.can_publish()


def test_setup_groups_withdraws_publish_from_editors(seeded, editor, policy):
    editors = editor.groups.get()
    home = HomePage.objects.get()
    editors.page_permissions.create(page=home, permission_type="publish")
    assert policy.permissions_for_user(User.objects.get(pk=editor.pk)).can_publish()

    setup_groups(content_root=home)

    assert not policy.permissions_for_user(User.objects.get(pk=editor.pk)).can_publish()


def test_new_page_stays_unpublished_until_moderator_approves(editor, moderator):
    page = new_policy_draft(editor)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME

    state = workflow.start(page, editor)

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert "approve" in [name for name, *_ in task.get_actions(page, moderator)]

    task.on_action(task_state, moderator, "approve")

    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert page.live_revision.user == editor


def test_edit_to_live_page_waits_for_approval(editor, moderator, policy):
    published_title = policy.title
    policy.title = "青禾县最低生活保障审核确认实施细则（修订征求意见）"
    policy.save_revision(user=editor)
    state = policy.get_workflow().start(policy, editor)

    assert PolicyPage.objects.get(pk=policy.pk).title == published_title

    state.current_task_state.approve(user=moderator)

    live = PolicyPage.objects.get(pk=policy.pk)
    assert live.title == "青禾县最低生活保障审核确认实施细则（修订征求意见）"


def test_editor_publish_button_in_admin_only_saves_a_draft(editor, client):
    assert client.login(username="demo-editor", password=DEMO_PASSWORD)
    index = PolicyIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("portal", "policypage", index.pk))
    form = nested_form_data(
        {
            "title": "关于做好冬春困难群众救助的通知",
            "slug": "dongchun-jiuzhu",
            "document_number": "青民发〔2026〕46号",
            "issuing_body": "青禾县民政局",
            "issue_date": "2026-11-20",
            "status": "in_force",
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
        }
    )

    response = client.post(url, {**form, "action-publish": "action-publish"})
    assert response.status_code == 302
    assert not PolicyPage.objects.get(slug="dongchun-jiuzhu").live

    form["slug"] = "dongchun-jiuzhu-2"
    response = client.post(url, {**form, "action-submit": "action-submit"})
    assert response.status_code == 302
    submitted = PolicyPage.objects.get(slug="dongchun-jiuzhu-2")
    assert not submitted.live
    assert submitted.workflow_in_progress


def test_scheduled_revision_goes_live_with_publish_scheduled(moderator, policy):
    now = timezone.now()
    policy.title = "青禾县最低生活保障审核确认实施细则（2027年修订）"
    policy.go_live_at = now + datetime.timedelta(hours=1)
    revision = policy.save_revision(user=moderator)
    revision.publish(user=moderator)

    revision.refresh_from_db()
    assert revision.approved_go_live_at == policy.go_live_at
    call_command("publish_scheduled", stdout=StringIO())
    assert PolicyPage.objects.get(pk=policy.pk).live_revision_id != revision.pk

    later = now + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())

    live = PolicyPage.objects.get(pk=policy.pk)
    assert live.live_revision_id == revision.pk
    assert live.title == "青禾县最低生活保障审核确认实施细则（2027年修订）"


def test_moderator_can_compare_two_revisions(moderator, policy, client):
    first = policy.live_revision
    policy.summary = "补充了核对报告异议的处理方式。"
    second = policy.save_revision(user=moderator)
    assert client.login(username="demo-moderator", password=DEMO_PASSWORD)

    url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(policy.pk, first.pk, second.pk),
    )
    response = client.get(url)

    assert response.status_code == 200
    assert "补充了核对报告异议的处理方式。" in response.content.decode()
