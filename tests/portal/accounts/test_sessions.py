"""会话超时: 30 minutes idle or 12 hours in all, then the next request signs out."""

import time

import pytest

from portal.accounts.middleware import LAST_SEEN, SIGNED_IN
from portal.models import AccessEvent

from .conftest import signed_in


@pytest.fixture
def clerk_client(client, people):
    client.force_login(people["clerk"])
    assert client.get("/admin/").status_code == 200
    return client


def age_session(client, *, idle=0, since_login=0):
    """Move the session's stamps back in time, as a clock would."""
    session = client.session
    now = int(time.time())
    session[LAST_SEEN] = now - idle
    session[SIGNED_IN] = now - since_login
    session.save()


def test_idle_session_is_signed_out_with_a_message(clerk_client, people):
    age_session(clerk_client, idle=31 * 60, since_login=40 * 60)

    response = clerk_client.get("/admin/cases/")

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=%2Fadmin%2Fcases%2F"
    assert not signed_in(clerk_client)
    login_page = clerk_client.get(response.url).content.decode()
    assert "因长时间未操作，已自动退出" in login_page
    event = AccessEvent.objects.get(kind="session_expired")
    assert (event.user, event.detail) == (people["clerk"], "30分钟未操作")
    assert not AccessEvent.objects.filter(kind="logout").exists()


def test_twenty_nine_idle_minutes_keep_the_session(clerk_client):
    age_session(clerk_client, idle=29 * 60, since_login=29 * 60)
    assert clerk_client.get("/admin/").status_code == 200
    assert signed_in(clerk_client)


def test_idle_limit_follows_the_accounts_setting(clerk_client, settings):
    settings.ACCOUNTS = {**settings.ACCOUNTS, "IDLE_MINUTES": 5}
    age_session(clerk_client, idle=6 * 60, since_login=6 * 60)
    assert clerk_client.get("/admin/").status_code == 302
    assert not signed_in(clerk_client)


def test_a_session_ends_after_twelve_hours_however_busy(clerk_client):
    age_session(clerk_client, idle=10, since_login=12 * 3600 + 60)
    response = clerk_client.get("/admin/")
    assert response.status_code == 302
    assert "登录已超过12小时" in clerk_client.get(response.url).content.decode()
    assert AccessEvent.objects.get(kind="session_expired").detail == "登录已超过12小时"


def test_activity_stamp_is_written_at_most_once_a_minute(clerk_client):
    age_session(clerk_client, idle=10, since_login=60)
    before = clerk_client.session[LAST_SEEN]
    clerk_client.get("/admin/")
    assert clerk_client.session[LAST_SEEN] == before

    age_session(clerk_client, idle=70, since_login=120)
    clerk_client.get("/admin/")
    assert clerk_client.session[LAST_SEEN] >= int(time.time()) - 5


def test_the_public_site_never_reads_the_admin_session(clerk_client, site_tree):
    """The admin's session is for /admin/ only (portal/accounts/sessions.py): the
    public site reads as for anyone and leaves it alone; an expired one ends at
    the next admin page."""
    age_session(clerk_client, idle=31 * 60, since_login=31 * 60)
    response = clerk_client.get("/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert signed_in(clerk_client)
    assert clerk_client.get("/admin/").status_code == 302
    assert not signed_in(clerk_client)


def test_session_cookie_does_not_outlive_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
