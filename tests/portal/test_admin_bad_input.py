"""Malformed requests to Wagtail's admin get a Chinese message, not a 500
(portal/admin_input.py); the sweep over every URL is tests/security/test_post_sweep.py.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from portal.models import ServicePoint
from tests.factories import ServicePointFactory, UserFactory
from tests.factories.pages import make_guide

pytestmark = pytest.mark.django_db

UNREADABLE = "提交的内容不完整或格式不对"


@pytest.fixture
def admin_client(site_tree) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def guide(site_tree):
    return make_guide(site_tree, title="临时救助办事指南")


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "改过的标题", "body-count": "abc"},
        {"title": "改过的标题", "body-count": "1", "body-0-value": "{not json"},
    ],
    ids=["empty", "count-not-a-number", "block-not-json"],
)
def test_page_edit_post_the_editor_did_not_send_is_refused_and_saves_nothing(
    admin_client, guide, body
):
    revisions = Revision.objects.count()
    response = admin_client.post(f"/admin/pages/{guide.pk}/edit/", body)
    assert response.status_code == 400
    assert UNREADABLE in response.content.decode()
    assert Revision.objects.count() == revisions
    assert Page.objects.get(pk=guide.pk).title == "临时救助办事指南"


def test_page_copy_to_a_parent_that_does_not_exist_is_refused_with_a_message(
    admin_client, guide
):
    pages = Page.objects.count()
    for parent in ("", "abc", "-1", "999999"):
        response = admin_client.post(
            f"/admin/pages/{guide.pk}/copy/",
            {"new_title": "副本", "new_slug": "copy", "new_parent_page": parent},
        )
        assert response.status_code == 400, parent
        assert UNREADABLE in response.content.decode()
    assert Page.objects.count() == pages


def test_page_chooser_value_that_is_not_an_id_is_refused_with_a_message(
    admin_client,
):
    response = admin_client.post(
        "/admin/redirects/add/",
        {"old_path": "/old", "redirect_page": "<script>alert(1)</script>"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert UNREADABLE in page and "<script>alert(1)" not in page
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("next_url", ["{{ 7*7 }}", "2026-13-45", "//evil.example/"])
def test_next_that_is_not_a_path_on_this_site_is_ignored(admin_client, guide, next_url):
    response = admin_client.post(f"/admin/pages/{guide.pk}/lock/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/")
    assert PageLogEntry.objects.filter(page=guide, action="wagtail.lock").exists()


def test_next_on_this_site_is_still_followed(admin_client, guide):
    response = admin_client.post(
        f"/admin/pages/{guide.pk}/lock/", {"next": "/admin/reports/locked/"}
    )
    assert response["Location"] == "/admin/reports/locked/"


def test_deleting_a_service_point_still_posted_to_is_refused_with_a_message(
    admin_client, guide
):
    from portal.offline.register import posting_record

    point = ServicePointFactory()
    user = UserFactory(is_superuser=True)
    posting_record(by=user, service_point=point, page=guide, form="wall")
    url = f"/admin/snippets/portal/servicepoint/delete/{point.pk}/"
    response = admin_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert "不能删除" in said(response) and "张贴" in said(response)
    assert ServicePoint.objects.filter(pk=point.pk).exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()
    assert admin_client.get(url).status_code == 200


def test_directory_chooser_refuses_a_post_to_create_an_entry(admin_client):
    count = ServicePoint.objects.count()
    response = admin_client.post(
        "/admin/snippets/choose/portal/servicepoint/create/", {"name": "新网点"}
    )
    assert response.status_code == 405
    assert ServicePoint.objects.count() == count


def test_external_link_chooser_with_nothing_posted_is_refused_with_a_message(
    admin_client,
):
    response = admin_client.post("/admin/choose-external-link/", {})
    assert response.status_code == 400
    assert UNREADABLE in response.content.decode()
