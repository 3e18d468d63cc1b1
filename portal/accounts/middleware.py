"""Three gates on every request: the session's age, the second factor, then
a password that must be changed.

``SessionExpiryMiddleware`` logs out a session idle for longer than
``ACCOUNTS["IDLE_MINUTES"]`` or older than ``ACCOUNTS["MAX_SESSION_HOURS"]``.
The last-activity stamp is written at most once a minute, so an ordinary
request does not write the session.

``TwoFactorMiddleware`` sends a person who must use a second factor, and has
not yet given a code in this session, from any admin page to the verify page
(or to the setup page when they have no device yet). The login and logout
pages, the 2FA pages, Wagtail's translation catalogue and icon sprite, static
files, the public site and the token API are outside the gate.

``PasswordChangeMiddleware`` then sends a person whose password was set by an
administrator, or has expired, from any admin page to Wagtail's account page,
where the password is changed (Wagtail 8 has no page of its own for it); the
same pages as above stay open, and the account page itself.
"""

import time
from functools import cache

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages import get_messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import conf, log, password_age
from .twofactor import has_confirmed_device, requires_two_factor

SIGNED_IN = "accounts_signed_in"
LAST_SEEN = "accounts_last_seen"
STAMP_EVERY = 60  # seconds


def stamp_session(session) -> None:
    now = int(time.time())
    session[SIGNED_IN] = now
    session[LAST_SEEN] = now


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


@cache
def open_admin_paths() -> frozenset[str]:
    return frozenset(
        reverse(name)
        for name in (
            "wagtailadmin_login",
            "wagtailadmin_logout",
            "wagtailadmin_javascript_catalog",
            # The icon sprite, fetched by script on every admin page, the 2FA
            # pages included: redirected, it would paste a page into the page.
            "wagtailadmin_sprite",
            "accounts_2fa_verify",
            "accounts_2fa_setup",
        )
    )


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        signed_in = session.get(SIGNED_IN)
        last_seen = session.get(LAST_SEEN)
        if signed_in is None or last_seen is None:
            stamp_session(session)
            return None
        if now - last_seen > conf.idle_timeout().total_seconds():
            reason = _("%(n)d分钟未操作") % {"n": conf.get("IDLE_MINUTES")}
            message = _("因长时间未操作，已自动退出，请重新登录。")
        elif now - signed_in > conf.max_session_age().total_seconds():
            reason = _("登录已超过%(n)d小时") % {"n": conf.get("MAX_SESSION_HOURS")}
            message = _("登录已超过%(n)d小时，已自动退出，请重新登录。") % {
                "n": conf.get("MAX_SESSION_HOURS")
            }
        else:
            if now - last_seen >= STAMP_EVERY:
                session[LAST_SEEN] = now
            return None
        log.record(
            log.Kind.SESSION_EXPIRED, request=request, user=request.user, detail=reason
        )
        request.accounts_session_expired = True
        logout(request)
        if not request.path.startswith(admin_prefix()):
            return None  # the public site goes on, signed out
        messages.info(request, message)
        return redirect(_with_next(reverse("wagtailadmin_login"), request))


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(admin_prefix())
            and request.path not in open_admin_paths()
            and request.user.is_authenticated
            and not request.user.is_verified()
            and requires_two_factor(request.user)
        ):
            name = (
                "accounts_2fa_verify"
                if has_confirmed_device(request.user)
                else "accounts_2fa_setup"
            )
            return redirect(_with_next(reverse(name), request))
        return self.get_response(request)


EXPIRY_LOGGED = "accounts_password_expiry_logged"


def _warn_once(request, message: str) -> None:
    """Add ``message`` unless it already waits: several admin requests can be
    turned back before the account page shows the messages."""
    storage = get_messages(request)
    waiting = [str(m) for m in storage]
    storage.used = False  # reading them must not use them up
    if message not in waiting:
        messages.warning(request, message)


class PasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with password_age.serving(request):
            response = self._gate(request)
            if response is None:
                response = self.get_response(request)
        return response

    def _gate(self, request):
        # Late: Wagtail's admin views cannot be imported while settings load.
        from wagtail.admin.views.account import password_management_enabled

        user = request.user
        if not (
            request.path.startswith(admin_prefix())
            and request.path not in open_admin_paths()
            and request.path != account_path()
            and user.is_authenticated
            and user.has_usable_password()
            and password_management_enabled()
        ):
            return None
        reason = password_age.reason_to_change(user)
        if reason is None:
            return None
        if reason == password_age.MUST_CHANGE:
            message = _(
                "您的密码是管理员设置的，须先在本页“密码”处改为只有您自己知道的"
                "新密码，才能继续使用后台。"
            )
        else:
            days = conf.get("PASSWORD_MAX_AGE_DAYS")
            message = _(
                "您的密码已超过%(n)d天未修改，已经过期。请先在本页“密码”处设置"
                "新密码，才能继续使用后台。"
            ) % {"n": days}
            if not request.session.get(EXPIRY_LOGGED):
                request.session[EXPIRY_LOGGED] = True
                log.record(
                    log.Kind.PASSWORD_FORCED,
                    request=request,
                    user=user,
                    detail=_("密码已超过%(n)d天未修改，须先修改") % {"n": days},
                )
        _warn_once(request, message)
        return redirect(account_path())


@cache
def account_path() -> str:
    return reverse("wagtailadmin_account")
