"""Rate limits on the public endpoints, counted in the ``shared`` cache.

Per client address (``config.proxy.client_ip``: X-Forwarded-For counts only
from TRUSTED_PROXIES), one fixed window per scope: the complaint form and
``POST /api/v1/complaints`` share the ``complaints`` bucket, the progress page and
``GET /api/v1/progress`` the ``progress`` bucket, so a sender cannot double an
allowance by switching between them.

The counters are in the shared database cache (config/cache.py): every worker
of every app server counts one allowance.
"""

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from config.proxy import client_ip

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" → (5, 3600); "10/15m" → (10, 900)."""
    match = _RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"rate must look like 5/h or 10/15m, not {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def complaint_rate() -> str:
    return settings.COMPLAINT_RATE


def progress_rate() -> str:
    return settings.API_PROGRESS_RATE


def _cache():
    return caches["shared"]


def _count(key: str, timeout: int) -> int:
    """One more on this counter (made with the timeout if new); the new count."""
    cache = _cache()
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            continue
    raise RuntimeError(f"rate-limit counter {key!r} keeps expiring")


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window ends


def window_left(rate: str, now: float | None = None) -> int:
    """Seconds until the current fixed window of this rate ends."""
    _limit, window = parse_rate(rate)
    now = time.time() if now is None else now
    return max(1, math.ceil(window - now % window))


def hit(scope: str, request, rate: str) -> Allowance:
    """Count one request from this client in this scope's current window."""
    limit, window = parse_rate(rate)
    now = time.time()
    start = int(now // window) * window
    key = f"ratelimit:{scope}:{start}:{client_ip(request) or 'unknown'}"
    count = _count(key, window)
    return Allowance(count <= limit, window_left(rate, now))


def complaint_allowed(request) -> bool:
    return hit("complaints", request, complaint_rate()).allowed
