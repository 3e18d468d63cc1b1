"""The client's address behind the deployment's reverse proxy: the one reader.

Behind a TLS proxy every request reaches gunicorn from the proxy, so REMOTE_ADDR
would lump all readers, clerks and attackers together: one address for the
rate limits, for axes' per-address lockout and for the access log. When the
request comes from a proxy listed in TRUSTED_PROXIES, the client is the nearest
address in X-Forwarded-For that is not itself a trusted proxy (read from the
right: the left part is whatever the client chose to send). Requests from
anywhere else keep their REMOTE_ADDR, so a forged header changes nothing.

``client_ip`` is the only code that reads REMOTE_ADDR or X-Forwarded-For: every
rate limit, axes (``AXES_CLIENT_IP_CALLABLE``), the access log and the ID-number
reveal ask it. A library that reads the header by itself (django-ninja's
throttle ``get_ident`` joins a client-written X-Forwarded-For into its key, so a
new header meant a new allowance) must not be used for a limit.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

_ATTRIBUTE = "_client_ip"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address: str | None, networks) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def resolve(meta: dict, trusted_proxies) -> str | None:
    """The client's address from these request headers, or None when REMOTE_ADDR
    is not an address at all (a test's or a Unix socket's)."""
    remote = _address(meta.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(trusted_proxies))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops[:32]):  # a proxy chain is short; a flood is not read
        address = _address(hop)
        if address is None:
            return remote  # garbage from the client: the proxy's own address stays
        if not _trusted(address, networks):
            return address
    return remote


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address for this request, worked out once and kept on it."""
    if request is None:
        return None
    if not hasattr(request, _ATTRIBUTE):
        setattr(request, _ATTRIBUTE, resolve(request.META, settings.TRUSTED_PROXIES))
    return getattr(request, _ATTRIBUTE)


class ProxiedClientAddressMiddleware:
    """First in MIDDLEWARE: fixes the address before anything else looks.

    REMOTE_ADDR becomes the client, for code outside the project that reads it
    (Django's debug context, gunicorn's access log of the WSGI environ), and
    X-Forwarded-For is dropped, so that no library can read a header the client
    wrote after the one helper has read it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_ip(request)
        if address is not None:
            request.META["REMOTE_ADDR"] = address
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
