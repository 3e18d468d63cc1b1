"""The admin's session cookie goes to /admin/ only (portal/accounts/sessions.py).

A browser sends a cookie only to paths under its Path attribute; the admin's
cookie says Path=/admin/, so the public site never receives it. The server
also reads it only there, so a client that sends it everywhere (as Django's
test client does) is still anonymous on the public site. The public pages need
no session (the complaint form's CSRF token is its own cookie) and set none;
a page password, once given, goes into a visitor's cookie, never the admin's.
"""

import re
import time
import urllib.request
from email.message import Message
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageViewRestriction

from cases.public.spam import form_token
from tests.factories.pages import make_guide

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]

ADMIN_COOKIE = "portal_admin_session"
VISITOR_COOKIE = "portal_visitor_session"
PASSWORD = "Session-Cookie-2026!"


@pytest.fixture
def guide(site_tree):
    return make_guide(site_tree, title="临时救助办事指南")


@pytest.fixture
def signed_in(db):
    """A browser-like client that signed in through the admin's login form."""
    get_user_model().objects.create_user(
        "cookie-editor", password=PASSWORD, is_staff=True, is_superuser=True
    )
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "cookie-editor", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client, response


def _session_cookies(response) -> set[str]:
    return {name for name in response.cookies if name in (ADMIN_COOKIE, VISITOR_COOKIE)}


class _Headers:
    """The part of an HTTP response that http.cookiejar reads."""

    def __init__(self, set_cookies: list[str]):
        self._message = Message()
        for value in set_cookies:
            self._message["Set-Cookie"] = value

    def info(self):
        return self._message


def test_settings_name_the_admin_cookie_and_its_path():
    assert settings.SESSION_COOKIE_NAME == ADMIN_COOKIE
    assert settings.SESSION_COOKIE_PATH == "/admin/"
    assert settings.VISITOR_SESSION_COOKIE_NAME == VISITOR_COOKIE


def test_admin_login_sets_the_admin_cookie_for_admin_paths_only(signed_in):
    _client, response = signed_in
    cookie = response.cookies[ADMIN_COOKIE]
    assert cookie["path"] == "/admin/"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert VISITOR_COOKIE not in response.cookies


def test_a_browser_would_not_send_the_admin_cookie_to_a_public_path(signed_in):
    """Python's cookie jar follows RFC 6265 path matching, as browsers do."""
    _client, response = signed_in
    jar = CookieJar()
    login = urllib.request.Request("http://testserver/admin/login/")
    jar.extract_cookies(
        _Headers([response.cookies[ADMIN_COOKIE].OutputString()]), login
    )

    def sent_to(path: str) -> bool:
        request = urllib.request.Request(f"http://testserver{path}")
        jar.add_cookie_header(request)
        return ADMIN_COOKIE in (request.get_header("Cookie") or "")

    for path in ("/admin/", "/admin/pages/3/edit/", "/admin/cases/case/"):
        assert sent_to(path), path
    for path in (
        "/",
        "/guides/linshi/",
        "/complaints/submit/",
        "/progress/",
        "/search/?q=低保",
        "/documents/1/form.pdf",
        "/media/images/hall.png",
        "/api/v1/reference",
        "/administration/",
    ):
        assert not sent_to(path), path


def test_the_server_ignores_the_admin_cookie_outside_the_admin(signed_in, guide):
    client, _response = signed_in
    assert client.get("/admin/").wsgi_request.user.is_authenticated
    for path in (guide.url, "/search/", "/progress/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.wsgi_request.user.is_authenticated, path
    # Still signed in there (and sent on to the second factor).
    assert client.get("/admin/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("as_staff", [False, True])
def test_public_pages_and_forms_set_no_session_cookie(signed_in, site_tree, as_staff):
    client = signed_in[0] if as_staff else Client()
    guide = make_guide(site_tree, title="最低生活保障办事指南")
    answers = [
        client.get("/"),
        client.get(guide.url),
        client.get(site_tree.complaints.url),
        client.get("/complaints/submit/"),
        client.post(
            "/complaints/submit/",
            {
                "content": "村里低保评议没有公示。",
                "token": form_token(now=time.time() - 10),
                "website": "",
            },
        ),
        client.get("/progress/"),
        client.post("/progress/", {"number": "JZ1", "phone_last4": "1234"}),
        client.get("/search/", {"q": "低保"}),
        client.get("/no-such-page/"),
    ]
    assert answers[4].status_code == 201
    for response in answers:
        path = response.wsgi_request.get_full_path()
        assert _session_cookies(response) == set(), path


def test_a_page_password_goes_into_the_visitor_cookie(signed_in, guide):
    client, _response = signed_in
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="secret1"
    )
    form = client.get(guide.url).content.decode()
    action = re.search(
        r'<form[^>]*action="([^"]*authenticate_with_password[^"]*)"', form
    )
    response = client.post(
        action[1].replace("&amp;", "&"),
        {"password": "secret1", "return_url": guide.url},
    )
    assert response.status_code == 302, restriction
    assert _session_cookies(response) == {VISITOR_COOKIE}
    assert response.cookies[VISITOR_COOKIE]["path"] == "/"
    assert "临时救助办事指南" in client.get(guide.url).content.decode()


def test_logout_removes_the_admin_cookie_on_its_own_path(signed_in):
    client, _response = signed_in
    response = client.post("/admin/logout/")
    assert response.cookies[ADMIN_COOKIE].value == ""
    assert response.cookies[ADMIN_COOKIE]["path"] == "/admin/"
