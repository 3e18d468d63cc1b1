"""The ``ACCOUNTS`` settings block, with its defaults (config/settings/base.py)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.roles import Role
from portal.models.accounts import MIN_RETENTION_DAYS

DEFAULTS = {
    # 同一账号连续失败 5 次、同一地址失败 20 次即锁定，冷却 30 分钟。
    "LOCKOUT_LIMITS": {"username": 5, "ip_address": 20},
    "LOCKOUT_MINUTES": 30,
    # 30 分钟未操作自动退出；无论是否操作，登录 12 小时后须重新登录。
    "IDLE_MINUTES": 30,
    "MAX_SESSION_HOURS": 12,
    "PASSWORD_HISTORY": 5,
    # Roles that see applicants' personal data must use a second factor.
    "TWO_FACTOR_ROLES": [
        Role.CLERK.value,
        Role.VILLAGE_COORDINATOR.value,
        Role.TOWNSHIP_REVIEWER.value,
        Role.REVIEWER.value,
        Role.AUDITOR.value,
    ],
    # Whom a locked-out person should ask (shown on the lockout page).
    "HELPDESK": "县民政局信息化管理员",
    # 网络安全法第二十一条: network logs are kept no less than six months.
    "ACCESS_LOG_RETENTION_DAYS": 365,
    "PASSWORD_MAX_AGE_DAYS": 180,
}


def get(name: str):
    return getattr(settings, "ACCOUNTS", {}).get(name, DEFAULTS[name])


def lockout_limits() -> dict[str, int]:
    return {**DEFAULTS["LOCKOUT_LIMITS"], **get("LOCKOUT_LIMITS")}


def cool_off() -> timedelta:
    return timedelta(minutes=get("LOCKOUT_MINUTES"))


def idle_timeout() -> timedelta:
    return timedelta(minutes=get("IDLE_MINUTES"))


def max_session_age() -> timedelta:
    return timedelta(hours=get("MAX_SESSION_HOURS"))


def _whole_days(name: str, minimum: int) -> int:
    # The settings module checks the environment at start-up; this catches a
    # value written into ACCOUNTS directly (or by a test) as well.
    value = get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(
            f"ACCOUNTS[{name!r}] must be a whole number of days, at least "
            f"{minimum}; got {value!r}."
        )
    return value


def retention_days() -> int:
    return _whole_days("ACCESS_LOG_RETENTION_DAYS", MIN_RETENTION_DAYS)


def password_max_age() -> timedelta | None:
    """None when passwords do not expire (PASSWORD_MAX_AGE_DAYS = 0)."""
    days = _whole_days("PASSWORD_MAX_AGE_DAYS", 0)
    return timedelta(days=days) if days else None
