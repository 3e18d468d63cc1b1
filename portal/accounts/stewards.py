"""Who may manage other people's account security, and the reason they must give.

Unlocking an account or address (``lockout.unlock``) and resetting someone's
2FA devices (``twofactor.reset_devices``) are the same kind of act: done by a
system administrator, on record, with a reason. Both modules take the rule from
here, so neither imports the other for it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_REASON = 200


def may_manage_security(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("portal.manage_account_security"))
    )


def checked_reason(reason: str | None, *, missing: str) -> str:
    """The reason, trimmed; ``missing`` is the message when there is none."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(missing, code="reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("理由不能超过%(n)s个字。") % {"n": MAX_REASON}, code="reason"
        )
    return reason
