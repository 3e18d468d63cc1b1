"""Auth and axes signals → access-log rows (and the session's sign-in stamp).

Connected from ``PortalConfig.ready``. Whether axes' own receiver has run yet
or not, an attempt refused because a lock was already on is told apart from the
one that set the lock: see ``refused_while_locked``.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.utils.translation import gettext as _

from . import conf, log, password_age
from .landing import mark_landing
from .middleware import stamp_session
from .twofactor import requires_two_factor


def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp_session(request.session)
        mark_landing(request)
    detail = _("密码验证通过")
    if requires_two_factor(user):
        detail = _("密码验证通过，待验证动态口令")
    log.record(log.Kind.LOGIN, request=request, user=user, detail=detail)


def refused_while_locked(request) -> bool:
    """The lockout handler notes it; before it has run, only the lockout
    backend (which refuses a locked account or address) can have set the mark."""
    if request is None:
        return False
    noted = getattr(request, "accounts_refused_while_locked", None)
    if noted is not None:
        return noted
    return bool(getattr(request, "axes_locked_out", False))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    if refused_while_locked(request):
        detail = _("账号或地址已锁定，未核对密码")
    else:
        detail = _("用户名或密码错误")
    log.record(log.Kind.LOGIN_FAILED, request=request, username=username, detail=detail)


def on_logged_out(sender, request, user, **kwargs):
    if request is not None and getattr(request, "accounts_session_expired", False):
        return  # already on record as session_expired
    if user is None:
        return
    log.record(log.Kind.LOGOUT, request=request, user=user)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    if refused_while_locked(request):
        return  # the lock was already on record; this try is a login_failed row
    reasons = getattr(request, "accounts_lockout_reasons", None) or []
    limits = conf.lockout_limits()
    parts = []
    if "username" in reasons:
        parts.append(_("账号连续失败%(n)d次") % {"n": limits["username"]})
    if "ip_address" in reasons:
        parts.append(_("同一地址失败%(n)d次") % {"n": limits["ip_address"]})
    detail = _("%(why)s，锁定%(minutes)d分钟") % {
        "why": "、".join(parts) or _("失败次数过多"),
        "minutes": conf.get("LOCKOUT_MINUTES"),
    }
    log.record(
        log.Kind.LOCKOUT,
        request=request,
        username=username or "",
        ip_address=ip_address,
        detail=detail,
    )


def connect() -> None:
    uid = "portal.accounts"
    user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid=f"{uid}.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid=f"{uid}.logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid=f"{uid}.locked_out")
    password_age.connect()
