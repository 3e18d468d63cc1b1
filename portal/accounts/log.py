"""访问记录：every login, logout, lockout, 2FA step and full-ID reveal, one row each.

``record`` is the one way rows are written. It is called by the auth-signal
receivers, the lockout handler, the 2FA and session middleware and pages, and
by the case module's ``id_number_reveal`` inside its own transaction, so a
revealed number and its access-log row are saved together or not at all.
"""

import ipaddress
import re

from django.http import HttpRequest

from config.proxy import client_ip
from portal.models import AccessEvent

Kind = AccessEvent.Kind
# NUL and other control characters: PostgreSQL refuses NUL, and none of them
# belongs in a line an auditor reads.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(value, max_length: int) -> str:
    return _CONTROL.sub("", str(value or ""))[:max_length]


def valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _field_length(name: str) -> int:
    return AccessEvent._meta.get_field(name).max_length


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user=None,
    username: str | None = None,
    detail: str = "",
    case_number: str = "",
    ip_address: str | None = None,
) -> AccessEvent:
    """Append one row. ``user`` acts; ``username`` names the account concerned.

    The address and browser come from ``request`` when there is one; a service
    without a request (e.g. the ID reveal) passes ``ip_address`` itself.
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if username is None:
        username = user.get_username() if user is not None else ""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    if ip_address is None:
        ip_address = client_ip(request)
    else:
        try:
            ip_address = str(ipaddress.ip_address(str(ip_address).strip()))
        except ValueError:
            ip_address = None
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=clean(username, _field_length("username")),
        ip_address=ip_address,
        user_agent=clean(agent, _field_length("user_agent")),
        detail=clean(detail, _field_length("detail")),
        case_number=clean(case_number, _field_length("case_number")),
    )
