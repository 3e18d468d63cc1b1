"""退出登录 only by POST: a GET asks, with a form that posts (and its CSRF token);
nothing else signs a person out."""

import re

import pytest
from django.test import Client

from portal.models import AccessEvent

from .conftest import signed_in

pytestmark = pytest.mark.django_db

LOGOUT = "/admin/logout/"


@pytest.fixture
def editor_client(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor"])
    return client


def _token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def test_logout_by_get_asks_in_chinese_and_keeps_the_session(editor_client):
    response = editor_client.get(LOGOUT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "确定要退出吗" in page
    form = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page)
    assert form and form[1] == LOGOUT
    assert _token(page)
    assert "no-store" in response["Cache-Control"]
    assert signed_in(editor_client)
    assert editor_client.get("/admin/").status_code == 200
    assert not AccessEvent.objects.filter(kind="logout").exists()


def test_logout_form_posts_and_signs_out(editor_client):
    page = editor_client.get(LOGOUT).content.decode()
    response = editor_client.post(LOGOUT, {"csrfmiddlewaretoken": _token(page)})
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not signed_in(editor_client)
    assert AccessEvent.objects.filter(kind="logout").count() == 1


def test_logout_post_from_another_site_without_the_token_is_refused(editor_client):
    response = editor_client.post(LOGOUT, {})
    assert response.status_code == 403
    assert signed_in(editor_client)


def test_logout_page_sends_a_signed_out_visitor_to_the_login_page(client):
    response = client.get(LOGOUT)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_every_logout_address_answers_with_this_view():
    """Wagtail's own logout URL is shadowed; no other logout URL exists."""
    from django.urls import resolve, reverse

    from portal.accounts.admin_ui.logout import LogoutView
    from tests.access_matrix import url_patterns

    routes = {p.route for p in url_patterns() if "logout" in p.route}
    assert routes == {"admin/logout/"}
    assert reverse("wagtailadmin_logout") == LOGOUT
    assert resolve(LOGOUT).func.view_class is LogoutView
