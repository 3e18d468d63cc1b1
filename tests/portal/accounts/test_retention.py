"""保存期限: the access log and login attempts are kept at least six months
(网络安全法第二十一条), then purged by ``manage.py purge_access_log``."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import (
    AccessAttempt,
    AccessAttemptExpiration,
    AccessFailureLog,
    AccessLog,
)
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from portal.models import AccessEvent
from portal.models.accounts import AppendOnlyError

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def old_event(days: float, username: str = "") -> AccessEvent:
    return AccessEvent.objects.create(
        kind=AccessEvent.Kind.LOGIN, at=days_ago(days), username=username
    )


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_access_log", *args, stdout=out)
    return out.getvalue()


def kept_usernames() -> set[str]:
    return set(
        AccessEvent.objects.exclude(kind=AccessEvent.Kind.PURGED).values_list(
            "username", flat=True
        )
    )


def test_access_log_is_kept_for_the_configured_365_days_by_default():
    for days in (1, 200, 364, 366, 800):
        old_event(days, username=f"d{days}")
    output = purge()
    assert kept_usernames() == {"d1", "d200", "d364"}
    assert "保存期限 365 天" in output
    assert "访问记录：已删除 2 条" in output


def test_access_log_is_kept_at_least_six_months(settings):
    settings.ACCOUNTS = {**settings.ACCOUNTS, "ACCESS_LOG_RETENTION_DAYS": 183}
    for days in (100, 182, 184, 400):
        old_event(days, username=f"d{days}")
    purge()
    assert kept_usernames() == {"d100", "d182"}


def test_asking_for_fewer_days_than_the_retention_is_refused():
    old_event(300, username="d300")
    for days in ("30", "182", "364"):
        with pytest.raises(CommandError, match="不能只保留") as refused:
            purge("--days", days)
        assert "须保存365天" in str(refused.value)
    assert kept_usernames() == {"d300"}
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.PURGED).exists()


def test_asking_for_more_days_than_the_retention_keeps_more():
    old_event(400, username="d400")
    old_event(600, username="d600")
    purge("--days", "500")
    assert kept_usernames() == {"d400"}


def test_a_retention_setting_under_six_months_stops_the_purge(settings):
    settings.ACCOUNTS = {**settings.ACCOUNTS, "ACCESS_LOG_RETENTION_DAYS": 90}
    old_event(120, username="d120")
    with pytest.raises(CommandError, match="at least 183"):
        purge()
    assert kept_usernames() == {"d120"}


def test_no_code_path_can_purge_events_younger_than_six_months():
    old_event(100, username="d100")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().purge_before(days_ago(30))
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    assert kept_usernames() == {"d100"}


def test_the_dry_run_deletes_nothing():
    old_event(400, username="d400")
    old_event(10, username="d10")
    output = purge("--dry-run")
    assert "试运行" in output
    assert "访问记录：将删除 1 条" in output
    assert kept_usernames() == {"d400", "d10"}
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.PURGED).exists()


def test_the_purge_is_itself_on_the_access_log():
    for days in (400, 500, 20):
        old_event(days)
    purge()
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.PURGED)
    assert event.user is None
    assert "系统按保存期限365天清理" in event.detail
    assert "manage.py purge_access_log" in event.detail
    assert "访问记录2条" in event.detail
    assert "登录尝试（axes AccessAttempt）0条" in event.detail
    assert timezone.now() - event.at < timedelta(minutes=1)


def test_auditors_find_the_purge_under_its_own_kind(client, people):
    purge()
    client.force_login(people["auditor"])
    page = client.get("/admin/access-log/", {"kind": "purged"}).content.decode()
    assert "清理过期记录" in page
    assert "系统按保存期限365天清理" in page


def test_running_the_purge_twice_deletes_nothing_more():
    old_event(400, username="d400")
    old_event(30, username="d30")
    purge()
    output = purge()
    assert "合计已删除 0 条" in output
    assert kept_usernames() == {"d30"}
    purges = AccessEvent.objects.filter(kind=AccessEvent.Kind.PURGED)
    assert purges.count() == 2  # each run is on record, the first one kept


def test_the_purge_deletes_in_batches_and_reports_progress():
    for n in range(5):
        old_event(400 + n)
    output = purge("--batch-size", "2")
    assert [line.strip() for line in output.splitlines() if "/5" in line] == [
        "访问记录：2/5",
        "访问记录：4/5",
        "访问记录：5/5",
    ]
    assert AccessEvent.objects.count() == 1  # the purge's own row


def attempt(username: str, ip: str, days: float, failures: int = 1) -> AccessAttempt:
    row = AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="Firefox/140",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )
    AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=days_ago(days))
    return row


def test_old_login_attempts_and_axes_logs_are_purged(settings):
    old = attempt("editor", "10.8.1.20", 400)
    recent = attempt("clerk-a", "10.8.1.21", 10)
    for model in (AccessFailureLog, AccessLog):
        for days in (400, 10):
            row = model.objects.create(
                username=f"u{days}",
                ip_address="10.8.1.22",
                user_agent="Firefox/140",
                http_accept="*/*",
                path_info="/admin/login/",
            )
            model.objects.filter(pk=row.pk).update(attempt_time=days_ago(days))
    output = purge()
    assert set(AccessAttempt.objects.values_list("pk", flat=True)) == {recent.pk}
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    for model in (AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["u10"]
    assert "登录尝试（axes AccessAttempt）：已删除 1 条" in output
    assert "登录失败日志（axes AccessFailureLog）：已删除 1 条" in output
    assert "登录日志（axes AccessLog）：已删除 1 条" in output


def test_an_active_lockout_survives_the_purge_however_old(client, people, settings):
    # A cool-off longer than the retention: the lock set 400 days ago still holds.
    settings.ACCOUNTS = {**settings.ACCOUNTS, "LOCKOUT_MINUTES": 500 * 24 * 60}
    for _ in range(5):
        sign_in(client, "editor", "wrong-Password-1")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(days=400))
    stale = attempt("moderator", "10.8.1.30", 600, failures=5)
    purge()
    assert AccessAttempt.objects.filter(username="editor").exists()
    assert not AccessAttempt.objects.filter(pk=stale.pk).exists()
    assert sign_in(client, "editor", "correct-horse-battery").status_code == 429


def test_an_attempt_whose_expiry_is_ahead_survives_the_purge():
    held = attempt("editor", "10.8.1.20", 400, failures=5)
    AccessAttemptExpiration.objects.create(
        access_attempt=held, expires_at=timezone.now() + timedelta(hours=1)
    )
    lapsed = attempt("moderator", "10.8.1.30", 400, failures=5)
    AccessAttemptExpiration.objects.create(
        access_attempt=lapsed, expires_at=days_ago(399)
    )
    purge()
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [held.pk]
