"""双因素认证：基于时间的动态口令（TOTP，django-otp）。

Who must use it: superusers and every role that sees applicants' personal data
(``ACCOUNTS["TWO_FACTOR_ROLES"]``: clerks, village coordinators, reviewers,
auditors); anyone else who has enrolled a device is asked for it too, since an
optional second factor that is never asked for protects nothing.
"""

import math
import re
from base64 import b32encode

import segno
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import roles_of

from . import conf, log
from .stewards import checked_reason, may_manage_security

DEVICE_NAME = "default"
TOKEN = re.compile(r"\d{6}")


def required_roles() -> frozenset[str]:
    return frozenset(conf.get("TWO_FACTOR_ROLES"))


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def requires_two_factor(user) -> bool:
    """True for superusers, the personal-data roles, and anyone enrolled."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_accounts_requires_2fa", None)
    if cached is not None:
        return cached
    required = (
        user.is_superuser
        or bool(roles_of(user) & required_roles())
        or has_confirmed_device(user)
    )
    user._accounts_requires_2fa = required
    return required


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def base32_key(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it by hand, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG: nothing fetched, no script."""
    return segno.make(device.config_url, error="m", micro=False).svg_inline(
        scale=4, border=2, title=_("动态口令二维码")
    )


def normalise_token(raw: str) -> str:
    """'123 456' as typed from an app becomes '123456'; anything else stays wrong."""
    return re.sub(r"[\s-]", "", raw or "")[:16]


def throttle_wait(device: TOTPDevice) -> int:
    """Seconds until the device takes another code (its doubling delay after
    wrong ones); 0 when it takes one now. Said in the 429's Retry-After."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    until = (details or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def verify(request, device: TOTPDevice, token: str) -> bool:
    """Check a code against the user's device; on success mark the session."""
    token = normalise_token(token)
    if not TOKEN.fullmatch(token):
        return False
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(token):
            return False
    _mark_verified(request, locked)
    return True


@transaction.atomic
def confirm(request, device: TOTPDevice, token: str) -> bool:
    """绑定: the first good code from the new device confirms it."""
    token = normalise_token(token)
    if not TOKEN.fullmatch(token):
        return False
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if locked.confirmed or not locked.verify_token(token):
        return False
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=locked.user).exclude(pk=locked.pk).delete()
    _mark_verified(request, locked)
    log.record(log.Kind.OTP_ENROLLED, request=request, user=request.user)
    return True


def _mark_verified(request, device: TOTPDevice) -> None:
    # A new session key once the second factor is in (as at password login).
    request.session.cycle_key()
    otp_login(request, device)


@transaction.atomic
def reset_devices(*, by, username: str, reason: str, request=None) -> int:
    """重置: remove a person's devices; they enrol again at their next login."""
    if not may_manage_security(by):
        raise PermissionDenied(_("只有系统管理员可以重置动态口令设备。"))
    reason = checked_reason(reason, missing=_("重置动态口令须写明理由。"))
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(_("没有这个账号。"), code="username")
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    log.record(
        log.Kind.OTP_RESET,
        request=request,
        user=by,
        username=user.get_username(),
        detail=reason,
    )
    return count


def ensure_device(user, *, key_hex: str) -> bool:
    """A confirmed device with a given key, unless the user has one (demo data).

    Returns True when it was created. Never used for production accounts: they
    enrol themselves on the setup page, with a secret made there.
    """
    if has_confirmed_device(user):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True)
    return True
