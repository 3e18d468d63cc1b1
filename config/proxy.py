"""The client's address behind the deployment's reverse proxy.

Behind a TLS proxy every request reaches gunicorn from the proxy, so REMOTE_ADDR
would lump all readers, clerks and attackers together: one address for the
complaint rate limit, for axes' per-address lockout and for the access log.
When the request comes from a proxy listed in TRUSTED_PROXIES, the client is
the nearest address in X-Forwarded-For that is not itself a trusted proxy (read
from the right: the left part is whatever the client chose to send). Requests
from anywhere else keep their REMOTE_ADDR, so a forged header changes nothing.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(meta: dict, trusted_proxies) -> str | None:
    """The client's address, or None when REMOTE_ADDR should stay as it is."""
    networks = _networks(tuple(trusted_proxies))
    if not networks or not _trusted(meta.get("REMOTE_ADDR", ""), networks):
        return None
    hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops[:32]):  # a proxy chain is short; a flood is not read
        if _trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return None  # garbage from the client: the proxy's own address stays
    return None


class ProxiedClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request.META, settings.TRUSTED_PROXIES)
        if address is not None:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
