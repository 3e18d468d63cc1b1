"""登录锁定：django-axes with one limit per account and another per address.

Axes counts failures per lockout parameter (``AXES_LOCKOUT_PARAMETERS =
["username", "ip_address"]``: an account *or* an address) but compares every
count with one ``AXES_FAILURE_LIMIT``. An account should lock after a few
failures while an office behind one address needs more room, so the handler
here reports to axes how many of the per-parameter limits in
``ACCOUNTS["LOCKOUT_LIMITS"]`` are reached, and ``AXES_FAILURE_LIMIT = 1`` makes
any one of them lock. The cool-off is ``ACCOUNTS["LOCKOUT_MINUTES"]``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, log
from .stewards import checked_reason, may_manage_security
from .twofactor import requires_two_factor


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: read from ACCOUNTS, so that tests can change it."""
    return conf.cool_off()


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account or address before any password is checked.

    A login without a request (``manage.py shell``, the test client's
    ``login()``) is not a web login attempt: there is no address to count, so
    this backend stays out of it rather than refusing it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


class LockoutHandler(AxesDatabaseHandler):
    def failures_by_parameter(self, request, credentials=None) -> dict[str, int]:
        username = get_client_username(request, credentials)
        counts = {}
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            name = parameter if isinstance(parameter, str) else "+".join(parameter)
            if name == "username" and not username:
                # filter(username=None) would match every nameless attempt.
                counts[name] = 0
                continue
            total = attempts.aggregate(n=Sum("failures_since_start"))["n"]
            counts[name] = total or 0
        return counts

    def limits_reached(self, request, credentials=None) -> list[str]:
        limits = conf.lockout_limits()
        counts = self.failures_by_parameter(request, credentials)
        return [
            name
            for name, count in counts.items()
            if name in limits and count >= limits[name]
        ]

    def get_failures(self, request, credentials=None) -> int:
        """How many limits are reached; axes locks at AXES_FAILURE_LIMIT = 1."""
        reached = self.limits_reached(request, credentials)
        request.accounts_lockout_reasons = reached
        return len(reached)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            # The backend marks a request it refused because a lock was already on.
            request.accounts_refused_while_locked = bool(
                getattr(request, "axes_locked_out", False)
            )
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # A password alone ends the run of failures only where it is the whole
        # login; with 2FA the run ends when the code is accepted, so that a
        # stolen password cannot reset the count of wrong codes.
        if not requires_two_factor(user):
            reset_account_failures(user.get_username())


def reset_account_failures(username: str) -> None:
    AccessAttempt.objects.filter(username=username).delete()


def count_failure(request, username: str) -> bool:
    """Count a failed second step (a wrong code) like a failed password.

    Returns True when the account or address is now locked.
    """
    credentials = {"username": username}
    AxesProxyHandler.user_login_failed("portal.accounts", credentials, request)
    return bool(getattr(request, "axes_locked_out", False))


def is_locked(request, username: str) -> bool:
    locked = AxesProxyHandler.is_locked(request, {"username": username})
    if locked:
        request.axes_locked_out = True
        request.axes_credentials = {"username": username}
    return locked


def _locked_until(request, credentials) -> datetime | None:
    handler = AxesProxyHandler.get_implementation()
    reasons = getattr(request, "accounts_lockout_reasons", None)
    if reasons is None and isinstance(handler, LockoutHandler):
        reasons = handler.limits_reached(request, credentials)
    parameters = get_lockout_parameters(request, credentials)
    latest = None
    for parameter, attempts in zip(
        parameters, handler.get_user_attempts(request, credentials), strict=True
    ):
        if parameter in (reasons or ()):
            last = attempts.aggregate(last=Max("attempt_time"))["last"]
            if last is not None and (latest is None or last > latest):
                latest = last
    return latest + conf.cool_off() if latest else None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: what happened, until when, and whom to ask."""
    username = get_client_username(request, credentials) or ""
    until = _locked_until(request, credentials)
    reasons = getattr(request, "accounts_lockout_reasons", None) or []
    context = {
        "username": log.clean(username, 150),
        "by_account": "username" in reasons,
        "by_address": "ip_address" in reasons,
        "until": timezone.localtime(until) if until else None,
        "minutes": conf.get("LOCKOUT_MINUTES"),
        "helpdesk": conf.get("HELPDESK"),
    }
    # Rendered now: axes' middleware answers after the view's response is made.
    response = render(request, "portal/accounts/locked_out.html", context, status=429)
    if until:
        seconds = max(int((until - timezone.now()).total_seconds()), 1)
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


# ---- 当前锁定与解除锁定（管理员） ----------------------------------------


@dataclass(frozen=True)
class Lockout:
    parameter: str  # "username" or "ip_address"
    value: str
    failures: int
    last_at: datetime
    until: datetime


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses over their limit within the cool-off, newest first."""
    now = timezone.now()
    since = now - conf.cool_off()
    limits = conf.lockout_limits()
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    found = []
    for parameter in ("username", "ip_address"):
        named = recent.exclude(**{f"{parameter}__isnull": True})
        if parameter == "username":
            named = named.exclude(username="")
        rows = (
            named.values(parameter)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limits[parameter])
        )
        found += [
            Lockout(
                parameter=parameter,
                value=row[parameter],
                failures=row["failures"],
                last_at=row["last"],
                until=row["last"] + conf.cool_off(),
            )
            for row in rows
        ]
    return sorted(found, key=lambda lock: lock.last_at, reverse=True)


@transaction.atomic
def unlock(*, by, parameter: str, value: str, reason: str, request=None) -> int:
    """解除锁定: forget the failures of one account or one address, on record."""
    if not may_manage_security(by):
        raise PermissionDenied(_("只有系统管理员可以解除登录锁定。"))
    reason = checked_reason(reason, missing=_("解除锁定须写明理由。"))
    value = (value or "").strip()
    if parameter == "username" and value:
        count = AxesProxyHandler.reset_attempts(username=value)
        log.record(
            log.Kind.UNLOCK,
            request=request,
            user=by,
            username=value,
            detail=_("解除账号锁定：%(reason)s") % {"reason": reason},
        )
    elif parameter == "ip_address" and log.valid_ip(value):
        count = AxesProxyHandler.reset_attempts(ip_address=value)
        log.record(
            log.Kind.UNLOCK,
            request=request,
            user=by,
            username="",
            detail=_("解除地址 %(address)s 的锁定：%(reason)s")
            % {"address": value, "reason": reason},
        )
    else:
        raise ValidationError(_("请指明要解除锁定的账号或地址。"), code="target")
    return count
