"""须修改密码: a password an administrator set, or one older than
PASSWORD_MAX_AGE_DAYS, is changed before anything else in the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.roles import GROUP_NAMES, Role
from portal.models import AccessEvent, PasswordState
from tests.factories.api import ApiClient, county
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import PASSWORD, enrol, give_code, sign_in

pytestmark = pytest.mark.django_db

FIRST = "Qinghe-Start-2026x"
CHOSEN = "Qinghe-Mine-2026y"
ACCOUNT = "/admin/account/"


def messages_of(response) -> str:
    return response.content.decode()


def add_user(client, username="new-editor", password=FIRST):
    editors = Group.objects.get(name=GROUP_NAMES[Role.EDITOR])
    return client.post(
        "/admin/users/new/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "first_name": "何",
            "last_name": "丽娟",
            "password1": password,
            "password2": password,
            "groups": [editors.pk],
        },
    )


def change_own_password(client, old, new, user):
    return client.post(
        ACCOUNT,
        {
            "name_email-first_name": user.first_name or "何",
            "name_email-last_name": user.last_name or "丽娟",
            "name_email-email": user.email or "someone@example.org",
            "locale-preferred_language": "zh-hans",
            "locale-current_time_zone": "Asia/Shanghai",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "password-old_password": old,
            "password-new_password1": new,
            "password-new_password2": new,
        },
    )


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["admin"])
    return client


def test_an_account_created_by_an_administrator_must_change_its_password_first(
    admin_client, people
):
    assert add_user(admin_client).status_code == 302
    user = get_user_model().objects.get(username="new-editor")
    forced = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD_FORCED)
    assert (forced.user, forced.username) == (people["admin"], "new-editor")
    assert "新建账号" in forced.detail

    browser = Client()
    assert sign_in(browser, "new-editor", FIRST).status_code == 302
    for path in ("/admin/", "/admin/pages/", "/admin/access-log/", "/admin/users/"):
        response = browser.get(path)
        assert (response.status_code, response["Location"]) == (302, ACCOUNT), path
    page = browser.get(ACCOUNT)
    assert page.status_code == 200
    text = messages_of(page)
    assert "您的密码是管理员设置的" in text
    assert text.count("您的密码是管理员设置的") == 1  # four refusals, one message
    assert PasswordState.objects.get(user=user).must_change


def test_after_changing_the_password_they_get_through(admin_client):
    add_user(admin_client)
    user = get_user_model().objects.get(username="new-editor")
    browser = Client()
    sign_in(browser, "new-editor", FIRST)
    response = change_own_password(browser, FIRST, CHOSEN, user)
    assert response.status_code == 302, messages_of(response)
    assert browser.get("/admin/").status_code == 200
    assert browser.get("/admin/pages/")["Location"] != ACCOUNT  # to the editor's root
    state = PasswordState.objects.get(user=user)
    assert not state.must_change
    assert timezone.now() - state.password_changed_at < timedelta(minutes=1)
    changed = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD_CHANGED)
    assert (changed.user, changed.detail) == (user, "本人修改了密码")


def test_the_same_password_is_refused_on_the_forced_change(admin_client):
    add_user(admin_client)
    user = get_user_model().objects.get(username="new-editor")
    browser = Client()
    sign_in(browser, "new-editor", FIRST)
    response = change_own_password(browser, FIRST, FIRST, user)
    assert response.status_code == 200
    assert "新密码不能与当前密码相同。" in messages_of(response)
    assert browser.get("/admin/").status_code == 302
    assert PasswordState.objects.get(user=user).must_change


def test_an_administrator_resetting_a_password_forces_a_change(admin_client, people):
    editor = people["editor"]
    fields = {
        "username": "editor",
        "email": "editor@example.org",
        "first_name": "编",
        "last_name": "辑",
        "is_active": "on",
        "groups": [Group.objects.get(name=GROUP_NAMES[Role.EDITOR]).pk],
    }
    # Editing the account without a new password changes nothing.
    assert (
        admin_client.post(f"/admin/users/edit/{editor.pk}/", fields).status_code == 302
    )
    assert not PasswordState.objects.get(user=editor).must_change
    response = admin_client.post(
        f"/admin/users/edit/{editor.pk}/",
        {**fields, "password1": FIRST, "password2": FIRST},
    )
    assert response.status_code == 302
    assert PasswordState.objects.get(user=editor).must_change
    forced = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD_FORCED)
    assert (forced.user, forced.username) == (people["admin"], "editor")
    assert "重设了密码" in forced.detail

    browser = Client()
    sign_in(browser, "editor", FIRST)
    assert browser.get("/admin/")["Location"] == ACCOUNT


def test_changing_ones_own_password_in_the_user_form_does_not_force_a_change(
    admin_client, people
):
    admin = people["admin"]
    response = admin_client.post(
        f"/admin/users/edit/{admin.pk}/",
        {
            "username": "root",
            "email": "root@example.org",
            "first_name": "系统",
            "last_name": "管理员",
            "password1": CHOSEN,
            "password2": CHOSEN,
        },
    )
    assert response.status_code == 302
    assert not PasswordState.objects.get(user=admin).must_change
    assert admin_client.get("/admin/").status_code == 200


def age_password(user, days):
    PasswordState.objects.filter(user=user).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def test_an_expired_password_must_be_changed(client, people):
    editor = people["editor"]
    age_password(editor, 181)
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/")["Location"] == ACCOUNT
    assert client.get("/admin/pages/")["Location"] == ACCOUNT
    text = messages_of(client.get(ACCOUNT))
    assert "您的密码已超过180天未修改，已经过期" in text
    # One row for the session, however many pages were turned back.
    forced = AccessEvent.objects.filter(kind=AccessEvent.Kind.PASSWORD_FORCED)
    assert [(e.user, e.detail) for e in forced] == [
        (editor, "密码已超过180天未修改，须先修改")
    ]
    assert change_own_password(client, PASSWORD, CHOSEN, editor).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_password_younger_than_the_limit_is_not_expired(client, people):
    age_password(people["editor"], 179)
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_password_age_follows_the_setting_and_zero_turns_it_off(
    client, people, settings
):
    age_password(people["editor"], 1000)
    settings.ACCOUNTS = {**settings.ACCOUNTS, "PASSWORD_MAX_AGE_DAYS": 0}
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    settings.ACCOUNTS = {**settings.ACCOUNTS, "PASSWORD_MAX_AGE_DAYS": 30}
    age_password(people["editor"], 31)
    response = client.get("/admin/")
    assert response["Location"] == ACCOUNT
    assert "已超过30天未修改" in messages_of(client.get(ACCOUNT))


def test_the_second_factor_comes_before_the_forced_change(client, people):
    """Order: password → dynamic code → new password."""
    reviewer = people["reviewer"]
    device = enrol(reviewer)
    PasswordState.objects.filter(user=reviewer).update(must_change=True)
    sign_in(client, "reviewer", PASSWORD)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")
    assert give_code(client, device).status_code == 302
    assert client.get("/admin/")["Location"] == ACCOUNT


def test_a_forced_user_may_still_log_out(client, people):
    PasswordState.objects.filter(user=people["editor"]).update(must_change=True)
    sign_in(client, "editor", PASSWORD)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_api_token_requests_are_not_affected():
    world = county()
    user = clerk(world.east, username="dl_clerk")
    case = received_case(user, world.east)
    PasswordState.objects.filter(user=user).update(
        must_change=True, password_changed_at=timezone.now() - timedelta(days=999)
    )
    response = ApiClient(user).get(f"/cases/{case.number}")
    assert response.status_code == 200
    assert response.json()["number"] == case.number


def test_the_public_site_is_not_affected(client, people, site_tree):
    PasswordState.objects.filter(user=people["editor"]).update(must_change=True)
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/")["Location"] == ACCOUNT
    response = client.get("/")
    assert response.status_code == 200
    assert "您的密码是管理员设置的" not in messages_of(response)


def test_accounts_made_on_the_server_are_not_forced(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", CHOSEN)
    call_command(
        "createsuperuser",
        "--noinput",
        "--username",
        "boss",
        "--email",
        "boss@example.org",
        verbosity=0,
    )
    boss = get_user_model().objects.get(username="boss")
    assert not PasswordState.objects.get(user=boss).must_change
    client.force_login(boss)
    assert client.get("/admin/").status_code == 200


def test_a_password_set_on_the_server_is_logged_and_not_forced(client, people):
    """As in ``manage.py shell`` or ``changepassword``: no request, no one to
    tell apart from the owner; the console is trusted."""
    editor = people["editor"]
    editor.set_password(CHOSEN)
    editor.save()
    assert not PasswordState.objects.get(user=editor).must_change
    changed = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD_CHANGED)
    assert (changed.user, changed.username) == (None, "editor")
    assert changed.detail == "在服务器上设置了密码（命令行或初始化数据）"
    sign_in(client, "editor", CHOSEN)
    assert client.get("/admin/").status_code == 200


def test_accounts_from_before_the_state_existed_start_their_clock_now(client, people):
    PasswordState.objects.filter(user=people["editor"]).delete()
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    state = PasswordState.objects.get(user=people["editor"])
    assert not state.must_change
    assert re.match(r"\d{4}-", f"{state.password_changed_at:%Y-%m-%d}")
    assert timezone.now() - state.password_changed_at < timedelta(minutes=1)
