"""Per-address rate limits in Django's cache, for the public complaint form and API.

One fixed window per address and scope: the form and ``POST /api/v1/complaints``
share the ``complaints`` bucket, so a sender cannot double their allowance by
switching between them. Behind a reverse proxy in TRUSTED_PROXIES, REMOTE_ADDR
is the forwarded client (config/proxy.py). The counters are in the
``shared`` cache, which all gunicorn workers of the machine see.
"""

import re

from django.conf import settings
from django.core.cache import caches

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_COMPLAINT_RATE = "5/h"


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" → (5, 3600); "10/15m" → (10, 900)."""
    match = _RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"rate must look like 5/h or 10/15m, not {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, request, rate: str) -> bool:
    """Count one request; True while the address is within its allowance."""
    limit, window = parse_rate(rate)
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache = caches["shared"]
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def complaint_rate() -> str:
    return getattr(settings, "COMPLAINT_RATE", DEFAULT_COMPLAINT_RATE)


def complaint_allowed(request) -> bool:
    return hit("complaints", request, complaint_rate())
