"""双因素认证: roles that see personal data give a one-time code after the password."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AccessEvent
from tests.factories.accounts import current_code, otp_code
from tests.factories.api import ApiClient, county
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import (
    OFFICE,
    PASSWORD,
    enrol,
    give_code,
    sign_in,
    signed_in,
    wrong_code,
)

PERSONAL_DATA_ROLES = ["clerk", "coordinator", "reviewer", "auditor", "admin"]


@pytest.fixture
def no_throttle(settings):
    """django-otp waits 1 s, 2 s, 4 s … after each wrong code; tests don't."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.parametrize("role", PERSONAL_DATA_ROLES)
def test_personal_data_roles_must_enrol_before_any_admin_page(client, people, role):
    user = people[role]
    assert sign_in(client, user.username).status_code == 302
    response = client.get("/admin/cases/")
    assert response.status_code == 302
    assert response.url == "/admin/2fa/setup/?next=%2Fadmin%2Fcases%2F"


@pytest.mark.parametrize("role", PERSONAL_DATA_ROLES)
def test_personal_data_roles_with_a_device_must_give_a_code(client, people, role):
    enrol(people[role])
    sign_in(client, people[role].username)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/2fa/verify/")


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_need_no_second_factor(client, people, role):
    sign_in(client, people[role].username)
    assert client.get("/admin/").status_code == 200


def test_an_editor_who_enrolled_is_asked_for_the_code(client, people):
    enrol(people["editor"])
    sign_in(client, "editor")
    assert client.get("/admin/").url.startswith("/admin/2fa/verify/")


def test_verify_page_has_the_code_field_and_the_button(client, people):
    enrol(people["clerk"])
    sign_in(client, "clerk-a")
    page = client.get("/admin/2fa/verify/?next=/admin/cases/").content.decode()
    assert 'name="otp_token"' in page
    assert re.search(r"<label[^>]*>\s*验证码", page)
    assert re.search(r"<button[^>]*type=\"submit\"[^>]*>验证</button>", page)
    assert 'name="next" value="/admin/cases/"' in page


def test_a_right_code_opens_the_admin_and_is_logged(client, people):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    response = client.post(
        "/admin/2fa/verify/",
        {"otp_token": otp_code(device.key), "next": "/admin/cases/"},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302
    assert response.url == "/admin/cases/"
    assert client.get("/admin/").status_code == 200
    event = AccessEvent.objects.get(kind="otp_verified")
    assert (event.user, event.ip_address) == (people["clerk"], OFFICE)


def test_a_code_typed_with_a_space_is_accepted(client, people):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    code = otp_code(device.key)
    spaced = f"{code[:3]} {code[3:]}"
    response = client.post("/admin/2fa/verify/", {"otp_token": spaced})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_and_logged(client, people):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    wrong = f"{(int(otp_code(device.key)) + 1) % 1_000_000:06d}"
    response = client.post("/admin/2fa/verify/", {"otp_token": wrong})
    assert response.status_code == 400
    assert "验证码不正确或已过期" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    event = AccessEvent.objects.get(kind="otp_failed")
    assert event.user == people["clerk"]
    assert event.detail == "登录时验证码错误"


def test_a_code_is_accepted_only_once(client, people, no_throttle):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    code = otp_code(device.key)
    assert client.post("/admin/2fa/verify/", {"otp_token": code}).status_code == 302
    client.post("/admin/logout/")
    sign_in(client, "clerk-a")
    assert client.post("/admin/2fa/verify/", {"otp_token": code}).status_code == 400


def test_right_code_straight_after_a_wrong_one_waits_for_the_throttle(client, people):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    client.post("/admin/2fa/verify/", {"otp_token": "000000"})
    response = give_code(client, device)
    assert response.status_code == 429
    assert "请等几秒钟后再试" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 2  # django-otp's 1 s, then 2, 4 …


def test_wrong_codes_count_towards_the_account_lockout(client, people, no_throttle):
    enrol(people["clerk"])
    sign_in(client, "clerk-a")
    answers = wrong_code(client, 5)
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429]
    assert "连续登录失败次数过多" in answers[-1].content.decode()
    assert not signed_in(client)
    assert AccessEvent.objects.filter(kind="lockout", username="clerk-a").exists()
    # Neither the password nor a fresh password login helps while locked.
    assert sign_in(client, "clerk-a").status_code == 429


def test_a_password_login_does_not_reset_the_count_of_wrong_codes(
    client, people, no_throttle
):
    enrol(people["clerk"])
    sign_in(client, "clerk-a")
    for _ in range(3):
        client.post("/admin/2fa/verify/", {"otp_token": "000000"})
    client.post("/admin/logout/")
    sign_in(client, "clerk-a")
    answers = wrong_code(client, 2)
    assert answers[-1].status_code == 429


def test_enrolment_shows_a_qr_code_and_key_and_confirms_with_one_code(client, people):
    sign_in(client, "reviewer")
    page = client.get("/admin/2fa/setup/?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=people["reviewer"], confirmed=False)
    key = re.search(r"<code class=\"accounts-key\">([A-Z2-7 ]+)</code>", html).group(1)
    assert b32decode(key.replace(" ", "")).hex() == device.key
    # The page itself carries no inline script and loads nothing from outside.
    main = html.split('id="main"', 1)[1]
    assert "<script" not in main
    assert "http://" not in main.replace("http://www.w3.org", "")

    totp = TOTP(device.bin_key)
    response = client.post(
        "/admin/2fa/setup/", {"otp_token": f"{totp.token():06d}", "next": "/admin/"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # A county reviewer's first page is 我的待办 (test_landing.py).
    assert client.get("/admin/", follow=True).status_code == 200
    assert AccessEvent.objects.filter(kind="otp_enrolled", user=people["reviewer"])


def test_the_enrolment_secret_stays_the_same_until_confirmed(client, people):
    sign_in(client, "reviewer")
    first = client.get("/admin/2fa/setup/").context["key"]
    second = client.get("/admin/2fa/setup/").context["key"]
    assert first == second


def test_a_wrong_enrolment_code_is_refused_and_logged(client, people):
    sign_in(client, "reviewer")
    client.get("/admin/2fa/setup/")
    response = client.post("/admin/2fa/setup/", {"otp_token": "12345x"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=people["reviewer"], confirmed=True)
    assert AccessEvent.objects.get(kind="otp_failed").detail == "绑定时验证码错误"


def test_someone_with_a_device_cannot_enrol_another_before_verifying(client, people):
    enrol(people["clerk"])
    sign_in(client, "clerk-a")
    assert client.get("/admin/2fa/setup/").url.startswith("/admin/2fa/verify/")
    response = client.post("/admin/2fa/setup/", {"otp_token": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=people["clerk"]).count() == 1


def test_verify_refuses_to_send_on_to_another_site(client, people):
    device = enrol(people["clerk"])
    sign_in(client, "clerk-a")
    response = client.post(
        "/admin/2fa/verify/",
        {"otp_token": otp_code(device.key), "next": "https://evil.example/"},
    )
    assert response.url == "/admin/"


def test_2fa_pages_need_a_password_login_first(client, people):
    for path in ("/admin/2fa/verify/", "/admin/2fa/setup/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_login_logout_static_and_public_pages_stay_reachable(client, people, site_tree):
    enrol(people["clerk"])
    sign_in(client, "clerk-a")
    assert client.get("/").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    sprite = client.get("/admin/sprite/?h=1")
    assert sprite.status_code == 200
    assert "<svg" in sprite.content.decode()
    assert client.get("/admin/2fa/verify/").status_code == 200
    logout = client.post("/admin/logout/")
    assert logout.status_code == 302
    assert not signed_in(client)
    assert client.get("/admin/login/").status_code == 200
    assert AccessEvent.objects.filter(kind="logout", user=people["clerk"]).exists()


def test_token_api_is_not_behind_the_second_factor():
    world = county()
    user = clerk(world.east, username="api-clerk")
    enrol(user)
    case = received_case(user, world.east)
    out = StringIO()
    call_command("issue_token", "api-clerk", stdout=out, stderr=StringIO())
    response = ApiClient(token=out.getvalue().strip()).get(f"/cases/{case.number}")
    assert response.status_code == 200


def test_an_administrator_resets_a_device_with_a_reason(client, people):
    enrol(people["clerk"])
    client.force_login(people["admin"])
    response = client.post(
        "/admin/account-security/reset-2fa/",
        {"username": "clerk-a", "reason": "手机丢失，已电话核实本人"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people["clerk"]).exists()
    event = AccessEvent.objects.get(kind="otp_reset")
    assert (event.user, event.username) == (people["admin"], "clerk-a")
    assert event.detail == "手机丢失，已电话核实本人"

    other = client.__class__()
    sign_in(other, "clerk-a")
    assert other.get("/admin/").url.startswith("/admin/2fa/setup/")


def test_a_reset_needs_a_reason_and_a_real_account(client, people):
    client.force_login(people["admin"])
    no_reason = client.post(
        "/admin/account-security/reset-2fa/", {"username": "clerk-a", "reason": " "}
    )
    assert no_reason.status_code == 400
    unknown = client.post(
        "/admin/account-security/reset-2fa/", {"username": "nobody", "reason": "核实"}
    )
    assert unknown.status_code == 400
    assert "没有这个账号" in unknown.content.decode()
    assert not AccessEvent.objects.filter(kind="otp_reset").exists()


@pytest.mark.parametrize("role", ["clerk", "reviewer", "auditor", "editor"])
def test_only_administrators_reset_devices(client, people, role):
    device = enrol(people["coordinator"])
    client.force_login(people[role])
    response = client.post(
        "/admin/account-security/reset-2fa/", {"username": "coord", "reason": "试试"}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_password_login_then_code_is_one_login_on_the_log(client, people):
    device = enrol(people["auditor"])
    sign_in(client, "auditor", PASSWORD)
    give_code(client, device)
    kinds = list(AccessEvent.objects.order_by("at", "pk").values_list("kind", "detail"))
    assert kinds == [
        ("login", "密码验证通过，待验证动态口令"),
        ("otp_verified", ""),
    ]


def test_browser_test_helper_gives_a_fresh_code_for_a_second_login(client, people):
    """tests.factories.accounts.current_code, which the browser journeys use."""
    enrol(people["auditor"])
    for _ in range(2):
        sign_in(client, "auditor")
        response = client.post(
            "/admin/2fa/verify/", {"otp_token": current_code("auditor")}
        )
        assert response.status_code == 302
        client.post("/admin/logout/")
