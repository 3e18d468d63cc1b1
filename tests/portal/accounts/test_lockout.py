"""登录锁定: five wrong passwords lock an account, twenty lock an address."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.db.models import F

from portal.models import AccessEvent

from .conftest import PASSWORD, sign_in, signed_in


def fail(client, username, times, *, ip="10.8.1.20"):
    return [sign_in(client, username, "wrong-Password-1", ip=ip) for _ in range(times)]


def test_account_locks_after_five_wrong_passwords_even_for_the_right_one(
    client, people
):
    answers = fail(client, "editor", 5)
    assert [r.status_code for r in answers[:4]] == [200] * 4
    assert answers[4].status_code == 429

    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "账号“editor”连续登录失败次数过多，已被暂时锁定。" in page
    assert "（北京时间）以后再试" in page
    assert "县民政局信息化管理员" in page
    assert int(response["Retry-After"]) > 25 * 60


def test_locked_account_is_refused_from_another_address_too(client, people):
    fail(client, "editor", 5, ip="10.8.1.20")
    response = sign_in(client, "editor", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert not signed_in(client)


def test_address_locks_after_twenty_failures_across_usernames(client, people):
    for n in range(20):
        sign_in(client, f"guess-{n}", "wrong-Password-1", ip="10.66.0.5")

    refused = sign_in(client, "editor", PASSWORD, ip="10.66.0.5")
    assert refused.status_code == 429
    assert "您所在网络地址的登录失败次数过多" in refused.content.decode()
    assert not signed_in(client)

    elsewhere = sign_in(client, "editor", PASSWORD, ip="10.66.0.6")
    assert elsewhere.status_code == 302
    assert signed_in(client)


def test_nineteen_failures_from_one_address_do_not_lock_it(client, people):
    for n in range(19):
        sign_in(client, f"guess-{n}", "wrong-Password-1", ip="10.66.0.5")
    assert sign_in(client, "editor", PASSWORD, ip="10.66.0.5").status_code == 302


def test_lock_lifts_after_the_cool_off(client, people):
    fail(client, "editor", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=31))
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_cool_off_follows_the_accounts_setting(client, people, settings):
    settings.ACCOUNTS = {**settings.ACCOUNTS, "LOCKOUT_MINUTES": 5}
    fail(client, "editor", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_a_try_while_locked_does_not_extend_the_lock(client, people):
    fail(client, "editor", 5)
    before = AccessAttempt.objects.get(username="editor")
    sign_in(client, "editor", "wrong-Password-1")
    sign_in(client, "editor", PASSWORD)
    after = AccessAttempt.objects.get(username="editor")
    assert (after.attempt_time, after.failures_since_start) == (
        before.attempt_time,
        before.failures_since_start,
    )


def test_a_successful_login_ends_the_run_of_failures(client, people):
    fail(client, "editor", 4)
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    fail(client, "editor", 4)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_lockout_and_refusals_are_on_the_access_log(client, people):
    fail(client, "editor", 5)
    sign_in(client, "editor", PASSWORD)
    rows = list(AccessEvent.objects.order_by("at", "pk").values_list("kind", "detail"))
    kinds = [kind for kind, _detail in rows]
    assert kinds.count("login_failed") == 6
    assert kinds.count("lockout") == 1
    lockout = next(detail for kind, detail in rows if kind == "lockout")
    assert "账号连续失败5次" in lockout
    assert rows[-1] == ("login_failed", "账号或地址已锁定，未核对密码")


def test_unknown_usernames_lock_like_real_ones(client, people):
    """A lock does not tell whether an account exists."""
    answers = fail(client, "nobody-here", 5)
    assert answers[-1].status_code == 429
    assert "账号“nobody-here”" in answers[-1].content.decode()


def test_hostile_usernames_get_a_form_error_not_a_500(client, people):
    for username in ("a" * 400, "evil\x00name", "<script>alert(1)</script>", "=1+1"):
        response = sign_in(client, username, "wrong-Password-1")
        assert response.status_code == 200, username
        assert not signed_in(client)
    logged = set(AccessEvent.objects.values_list("username", flat=True))
    assert "<script>alert(1)</script>" in logged
    assert all("\x00" not in name and len(name) <= 150 for name in logged)
