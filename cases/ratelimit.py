"""Rate limits on the public endpoints, counted in the ``shared`` cache.

Per client address (``config.proxy.client_ip``: X-Forwarded-For counts only
from TRUSTED_PROXIES), one fixed window per scope: the complaint form and
``POST /api/v1/complaints`` share the ``complaints`` bucket, the progress page and
``GET /api/v1/progress`` the ``progress`` bucket, so a sender cannot double an
allowance by switching between them.

Per case number, the progress check (``progress_lookup``): four digits are
guessable from many addresses at once, so after PROGRESS_NUMBER_RATE ("10/h")
wrong guesses the number is locked for that period, whoever asks, and even the
right digits are refused until it ends.

The counters are in the shared database cache (config/cache.py): every worker
of every app server counts one allowance.
"""

import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from cases.models import Case, Complaint
from cases.selectors import case_for_progress
from config.ratelimit import count as count_hit
from config.ratelimit import hit, parse_rate, shared_cache


def complaint_rate() -> str:
    return settings.COMPLAINT_RATE


def progress_rate() -> str:
    return settings.API_PROGRESS_RATE


def progress_number_rate() -> str:
    return settings.PROGRESS_NUMBER_RATE


def complaint_allowed(request) -> bool:
    return hit("complaints", request, complaint_rate()).allowed


class ProgressLocked(Exception):
    """Too many wrong guesses at one case number: refused, right or wrong."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        # The count, not the period: PROGRESS_NUMBER_RATE may be 10/30m.
        limit, _window = parse_rate(progress_number_rate())
        return _(
            "该案件编号查询错误已达%(limit)s次，已暂停查询。"
            "请%(minutes)s分钟后再试，或拨打12349热线查询。"
        ) % {"limit": limit, "minutes": max(1, math.ceil(self.retry_after / 60))}


def _number_key(kind: str, number: str) -> str:
    digest = hashlib.sha256(number.strip().upper().encode()).hexdigest()
    return f"progress-{kind}:{digest}"


def _lock(key: str, now: float, seconds: int) -> int:
    """Lock the number (unless already locked); seconds the lock has left."""
    cache = shared_cache()
    cache.add(key, now + seconds, timeout=seconds)
    until = cache.get(key, now + seconds)
    return max(1, math.ceil(until - now))


def progress_lookup(
    number: str,
    phone_last4: str,
    find: Callable[[str, str], Case | Complaint | None] = case_for_progress,
) -> Case | Complaint | None:
    """办理进度查询 behind the per-number lock; raises ProgressLocked.

    ``find`` is the selector that looks the pair up: a case (the API's
    /progress), a complaint (/complaints/progress) or either (the page). The
    lock is per number, whichever door the guesses come through.

    Every number is counted, on file or not, so a lock says nothing about
    whether a number exists. A try is counted before the answer is known, so a
    burst of parallel guesses cannot all slip in before the count reaches the
    limit; a right answer is handed back (it was no guess).
    """
    limit, window = parse_rate(progress_number_rate())
    cache = shared_cache()
    lock = _number_key("lock", number)
    now = time.time()
    until = cache.get(lock)
    if until is not None and until > now:
        raise ProgressLocked(max(1, math.ceil(until - now)))
    tries = _number_key("tries", number)
    count = count_hit(tries, window)
    if count > limit:
        raise ProgressLocked(_lock(lock, now, window))
    found = find(number, phone_last4)
    if found is not None:
        try:
            cache.decr(tries)
        except ValueError:  # the window ended meanwhile
            pass
    elif count >= limit:
        _lock(lock, now, window)
    return found
