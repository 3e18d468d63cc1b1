"""访问记录: a row for every kind of event, searched and exported by auditors only."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import IdRevealLog
from portal.accounts import log as access_log
from portal.models import AccessEvent
from portal.models.accounts import AppendOnlyError
from tests.factories.api import county
from tests.factories.cases import VALID_ID, received_case
from tests.factories.staff import clerk
from tests.spreadsheets import HOSTILE, ZONE, assert_inert_csv, body, csv_rows

from .conftest import PASSWORD, give_code, sign_in

BEIJING = ZoneInfo("Asia/Shanghai")


def event(kind, *, username="", ip=None, at=None, user=None, detail=""):
    if at is None:
        return access_log.record(
            kind, user=user, username=username, ip_address=ip, detail=detail
        )
    return AccessEvent.objects.create(
        kind=kind, at=at, user=user, username=username, ip_address=ip, detail=detail
    )


# ---- every kind of event gets its row ------------------------------------


def test_login_logout_and_failure_rows(client, people):
    sign_in(client, "editor", "wrong-Password-1", HTTP_USER_AGENT="Firefox/140")
    sign_in(client, "editor", PASSWORD, HTTP_USER_AGENT="Firefox/140")
    client.post("/admin/logout/", REMOTE_ADDR="10.8.1.20")
    rows = AccessEvent.objects.order_by("at", "pk")
    assert [r.kind for r in rows] == ["login_failed", "login", "logout"]
    failed, login, logout = rows
    assert (failed.user, failed.username, failed.ip_address) == (
        None,
        "editor",
        "10.8.1.20",
    )
    assert failed.user_agent == "Firefox/140"
    assert (login.user, login.detail) == (people["editor"], "密码验证通过")
    assert logout.user == people["editor"]


def test_lockout_unlock_and_2fa_rows(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _ in range(5):
        sign_in(client, "clerk-a", "wrong-Password-1")
    admin = client.__class__()
    admin.force_login(people["admin"])
    admin.post(
        "/admin/account-security/unlock/",
        {"parameter": "username", "value": "clerk-a", "reason": "本人来电核实"},
    )
    sign_in(client, "clerk-a")
    client.post("/admin/2fa/setup/", {"otp_token": "000000"})
    device = TOTPDevice.objects.get(user=people["clerk"])
    give_code(client, device, path="/admin/2fa/setup/")
    admin.post(
        "/admin/account-security/reset-2fa/",
        {"username": "clerk-a", "reason": "换手机"},
    )
    kinds = set(AccessEvent.objects.values_list("kind", flat=True))
    assert {"lockout", "unlock", "otp_failed", "otp_enrolled", "otp_reset"} <= kinds
    unlock = AccessEvent.objects.get(kind="unlock")
    assert (unlock.user, unlock.username) == (people["admin"], "clerk-a")
    assert unlock.detail == "解除账号锁定：本人来电核实"


def test_id_reveal_is_on_the_access_log_with_its_case(client):
    world = county()
    user = clerk(world.east, username="reveal-clerk")
    case = received_case(user, world.east)
    client.force_login(user)
    response = client.post(
        f"/admin/cases/case/{case.number}/reveal-id/",
        {"reason": "核对户籍信息"},
        REMOTE_ADDR="10.8.3.4",
    )
    assert VALID_ID in response.content.decode()
    row = AccessEvent.objects.get(kind="id_reveal")
    assert (row.user, row.case_number, row.detail, row.ip_address) == (
        user,
        case.number,
        "核对户籍信息",
        "10.8.3.4",
    )


def test_no_number_is_revealed_without_its_access_log_row(client, monkeypatch):
    world = county()
    user = clerk(world.east, username="reveal-clerk")
    case = received_case(user, world.east)
    client.force_login(user)

    def broken(*args, **kwargs):
        raise RuntimeError("access log unavailable")

    monkeypatch.setattr(access_log, "record", broken)
    client.raise_request_exception = False
    response = client.post(
        f"/admin/cases/case/{case.number}/reveal-id/", {"reason": "核对户籍信息"}
    )
    assert response.status_code == 500
    assert VALID_ID not in response.content.decode()
    assert not IdRevealLog.objects.exists()


def test_session_expiry_row_comes_from_the_middleware(client, people):
    import time

    from portal.accounts.middleware import LAST_SEEN

    client.force_login(people["reviewer"])
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 3600
    session.save()
    client.get("/admin/")
    assert AccessEvent.objects.filter(
        kind="session_expired", user=people["reviewer"]
    ).exists()


def test_access_events_cannot_be_changed_or_deleted(people):
    row = event("login", user=people["clerk"])
    row.detail = "改过"
    with pytest.raises(AppendOnlyError), transaction.atomic():
        row.save()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        row.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessEvent.objects.filter(pk=row.pk).update(detail="改过")
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get(pk=row.pk).detail == ""


# ---- auditors search it ----------------------------------------------------


@pytest.fixture
def auditor_client(client, people):
    client.force_login(people["auditor"])
    return client


def listed(response) -> list[AccessEvent]:
    assert response.status_code == 200, response.content.decode()[:500]
    return [entry["event"] for entry in response.context["entries"]]


def test_filter_by_person_username_or_name(auditor_client, people):
    mine = event("login", user=people["clerk"], ip="10.1.1.1")
    typed = event("login_failed", username="clerk-a", ip="10.1.1.2")
    event("login", user=people["editor"])
    by_username = listed(auditor_client.get("/admin/access-log/?q=clerk-a"))
    assert set(by_username) == {mine, typed}
    by_name = listed(auditor_client.get("/admin/access-log/?q=刘海燕"))
    assert by_name == [mine]


def test_filter_by_kind(auditor_client, people):
    failed = event("login_failed", username="x")
    event("logout", user=people["clerk"])
    assert listed(auditor_client.get("/admin/access-log/?kind=login_failed")) == [
        failed
    ]


def test_filter_by_beijing_dates(auditor_client):
    late = event(
        "login_failed",
        username="night",
        at=datetime(2026, 10, 31, 23, 30, tzinfo=BEIJING),
    )
    early = event(
        "login_failed",
        username="morning",
        at=datetime(2026, 11, 1, 0, 30, tzinfo=BEIJING),
    )
    october = listed(
        auditor_client.get("/admin/access-log/?date_from=2026-10-31&date_to=2026-10-31")
    )
    assert october == [late]
    november = listed(auditor_client.get("/admin/access-log/?date_from=2026-11-01"))
    assert early in november and late not in november


def test_filter_by_address_whole_or_beginning(auditor_client):
    a = event("login_failed", username="a", ip="10.12.3.4")
    b = event("login_failed", username="b", ip="10.12.9.9")
    event("login_failed", username="c", ip="10.13.0.1")
    assert listed(auditor_client.get("/admin/access-log/?ip=10.12.3.4")) == [a]
    assert set(listed(auditor_client.get("/admin/access-log/?ip=10.12."))) == {a, b}


def test_log_is_paged_fifty_to_a_page(auditor_client):
    for n in range(60):
        event("login_failed", username=f"u{n}")
    first = auditor_client.get("/admin/access-log/?kind=login_failed")
    second = auditor_client.get("/admin/access-log/?kind=login_failed&page=2")
    assert len(listed(first)) == 50
    assert len(listed(second)) == 10
    assert "kind=login_failed&amp;page=2" in first.content.decode()


def test_csv_export_neutralises_formulas_and_keeps_the_filters(auditor_client):
    event("login_failed", username='=HYPERLINK("http://x")', ip="10.5.5.5")
    event("login_failed", username="other", ip="10.6.6.6")
    response = auditor_client.get("/admin/access-log/export.csv?ip=10.5.5.5")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间（北京时间 UTC+8）", "类型", "账号"]
    assert len(rows) == 2
    assert rows[1][1] == "登录失败"
    assert rows[1][2] == '\'=HYPERLINK("http://x")'


def test_hostile_text_is_shown_as_text(auditor_client):
    event("login_failed", username="<script>alert(1)</script>")
    page = auditor_client.get("/admin/access-log/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=bogus", "没有这种记录类型。"),
        ("date_from=2026-13-01", "日期无法识别"),
        ("date_from=2026-11-02&date_to=2026-11-01", "截止日期不能早于起始日期。"),
        ("ip=1.2.3.4%27%3B+DROP", "地址只能由数字"),
        ("q=a%00b", "无法识别的字符"),
        ("q=" + "x" * 200, "不能超过150个字"),
        ("page=abc", "没有这一页"),
        ("page=999", "没有这一页"),
    ],
)
def test_bad_filters_are_a_400_with_the_reason(auditor_client, query, message):
    response = auditor_client.get(f"/admin/access-log/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    if not query.startswith("page"):
        export = auditor_client.get(f"/admin/access-log/export.csv?{query}")
        assert export.status_code == 400


@pytest.mark.parametrize("role", ["clerk", "reviewer", "editor", "coordinator"])
def test_only_auditors_and_superusers_read_the_log(client, people, role):
    client.force_login(people[role])
    response = client.get("/admin/access-log/")
    assert response.status_code == 403
    assert "只有审计人员可以查看访问记录。" in response.content.decode()
    assert client.get("/admin/access-log/export.csv").status_code == 403
    assert "/admin/access-log/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditors_and_superusers_see_the_menu_item(client, people, role):
    client.force_login(people[role])
    assert client.get("/admin/access-log/").status_code == 200
    assert "/admin/access-log/" in client.get("/admin/").content.decode()


# ---- the account-security page ---------------------------------------------


def test_security_page_lists_locked_accounts_and_addresses(client, people):
    for n in range(20):
        sign_in(client, f"guess-{n % 4}", "wrong-Password-1", ip="10.70.0.1")
    admin = client.__class__()
    admin.force_login(people["admin"])
    page = admin.get("/admin/account-security/")
    assert page.status_code == 200
    locks = {(lock.parameter, lock.value) for lock in page.context["lockouts"]}
    assert ("ip_address", "10.70.0.1") in locks
    assert ("username", "guess-0") in locks


def test_unlock_by_address_lets_others_in_again(client, people):
    for n in range(20):
        sign_in(client, f"guess-{n}", "wrong-Password-1", ip="10.70.0.1")
    admin = client.__class__()
    admin.force_login(people["admin"])
    response = admin.post(
        "/admin/account-security/unlock/",
        {"parameter": "ip_address", "value": "10.70.0.1", "reason": "办公室共用出口"},
    )
    assert response.status_code == 302
    assert sign_in(client, "editor", PASSWORD, ip="10.70.0.1").status_code == 302
    unlock = AccessEvent.objects.get(kind="unlock")
    assert "10.70.0.1" in unlock.detail and "办公室共用出口" in unlock.detail


def test_unlock_without_a_reason_is_refused(client, people):
    for _ in range(5):
        sign_in(client, "editor", "wrong-Password-1")
    admin = client.__class__()
    admin.force_login(people["admin"])
    response = admin.post(
        "/admin/account-security/unlock/",
        {"parameter": "username", "value": "editor", "reason": ""},
    )
    assert response.status_code == 400
    assert "须写明理由。" in response.content.decode()
    assert sign_in(client, "editor", PASSWORD).status_code == 429


@pytest.mark.parametrize("role", ["auditor", "reviewer", "clerk", "editor"])
def test_non_administrators_cannot_see_or_unlock(client, people, role):
    for _ in range(5):
        sign_in(client, "moderator", "wrong-Password-1")
    other = client.__class__()
    other.force_login(people[role])
    assert other.get("/admin/account-security/").status_code == 403
    response = other.post(
        "/admin/account-security/unlock/",
        {"parameter": "username", "value": "moderator", "reason": "想试试"},
    )
    assert response.status_code == 403
    assert sign_in(client, "moderator", PASSWORD).status_code == 429
    assert not AccessEvent.objects.filter(kind="unlock").exists()


def test_a_user_given_the_permission_may_unlock(client, people):
    from django.contrib.auth.models import Permission

    helpdesk = people["reviewer"]
    helpdesk.user_permissions.add(
        Permission.objects.get(codename="manage_account_security")
    )
    for _ in range(5):
        sign_in(client, "editor", "wrong-Password-1")
    other = client.__class__()
    other.force_login(helpdesk)
    response = other.post(
        "/admin/account-security/unlock/",
        {"parameter": "username", "value": "editor", "reason": "本人来电"},
    )
    assert response.status_code == 302
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_unlock_form_refuses_a_bad_target(client, people):
    admin = client.__class__()
    admin.force_login(people["admin"])
    for data in (
        {"parameter": "ip_address", "value": "not-an-address", "reason": "x"},
        {"parameter": "nonsense", "value": "editor", "reason": "x"},
        {"parameter": "username", "value": "", "reason": "x"},
    ):
        response = admin.post("/admin/account-security/unlock/", data)
        assert response.status_code == 400, data
        assert "请指明要解除锁定的账号或地址。" in response.content.decode()


@pytest.mark.parametrize(("role", "shown"), [("admin", True), ("auditor", False)])
def test_account_security_menu_item_is_for_administrators(client, people, role, shown):
    client.force_login(people[role])
    page = client.get("/admin/").content.decode()
    assert ("/admin/account-security/" in page) is shown


def test_csv_export_keeps_formulas_as_words_and_times_in_beijing_time(auditor_client):
    # 17:30 in UTC is 01:30 the next morning in Beijing.
    at = datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("UTC"))
    for text in HOSTILE:
        event("login_failed", username=text, ip="10.7.7.7", at=at, detail=text)
    response = auditor_client.get("/admin/access-log/export.csv?ip=10.7.7.7")
    rows = csv_rows(body(response))
    assert_inert_csv(rows)
    assert rows[0][0] == "时间" + ZONE
    assert {row[0] for row in rows[1:]} == {"2026-11-24 01:30:00"}
