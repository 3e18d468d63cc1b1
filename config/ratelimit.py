"""Fixed-window rate limits counted in the ``shared`` cache, per client address.

The client address is ``config.proxy.client_ip`` (X-Forwarded-For counts only
from TRUSTED_PROXIES); the counters are in the shared database cache
(config/cache.py), so every worker of every app server counts one allowance.
Each limited door names its scope: the case module's complaint form and
progress check (cases/ratelimit.py), the public page search (portal/views.py).
"""

import math
import re
import time
from dataclasses import dataclass

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


def shared_cache():
    return caches["shared"]


def count(key: str, timeout: int) -> int:
    """One more on this counter (made with the timeout if new); the new count."""
    cache = shared_cache()
    for _attempt in range(4):
        # The counter exists for all but the window's first request: try it
        # first (one locked update), make it only when missing.
        try:
            return cache.incr(key)
        except ValueError:  # new, or expired between add and incr
            cache.add(key, 0, timeout=timeout)
    raise RuntimeError(f"rate-limit counter {key!r} keeps expiring")


def clock() -> float:
    """Seconds since the epoch: the windows are aligned to it (tests pin it)."""
    return time.time()


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window ends


def window_left(rate: str, now: float | None = None) -> int:
    """Seconds until the current fixed window of this rate ends."""
    _limit, window = parse_rate(rate)
    now = clock() if now is None else now
    return max(1, math.ceil(window - now % window))


def hit(scope: str, request, rate: str) -> Allowance:
    """Count one request from this client in this scope's current window."""
    limit, window = parse_rate(rate)
    now = clock()
    start = int(now // window) * window
    key = f"ratelimit:{scope}:{start}:{client_ip(request) or 'unknown'}"
    so_far = count(key, window)
    return Allowance(so_far <= limit, window_left(rate, now))
