"""The ``ACCOUNTS`` settings block, with its defaults (config/settings/base.py)."""

from datetime import timedelta

from django.conf import settings

from portal.roles import Role

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
        Role.REVIEWER.value,
        Role.AUDITOR.value,
    ],
    # Whom a locked-out person should ask (shown on the lockout page).
    "HELPDESK": "县民政局信息化管理员",
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
