"""The outbox: index updates written in the saving transaction, applied after commit.

A save of a case-module record adds an OutboxEntry in the same transaction
(search.receivers), so an update can only be lost together with the save
itself. A background job (search.tasks) applies the waiting entries to the
configured backend and deletes them once the backend has taken them. When
Elasticsearch is down the entries stay, the save has already succeeded, and the
job's next try, the next save's job or ``archive_index sync`` catches up.
"""

import logging
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F

from . import sources
from .backends import BackendUnavailable, get_search_backend
from .backends.base import database_now
from .models import OutboxEntry

logger = logging.getLogger(__name__)
# After a failure, new jobs in this process stop trying for a while instead of
# each waiting on a timeout; the failed job's own retry is queued meanwhile.
RETRY_PAUSE_SECONDS = 30
_paused_until = 0.0


@dataclass
class Applied:
    entries: int = 0
    indexed: int = 0
    deleted: int = 0
    error: str = ""


def record(keys: list[str]) -> None:
    """Write index updates as outbox entries, in the current transaction."""
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key) for key in keys])


def paused() -> bool:
    """Whether this process saw the backend fail within RETRY_PAUSE_SECONDS."""
    return time.monotonic() < _paused_until


def apply_outbox(*, limit: int = 2000, backend=None) -> Applied:
    """Apply up to ``limit`` waiting entries; on failure they stay, with the error.

    Several appliers may run at once (jobs on several workers, or inline after
    each commit): each takes entries no other holds (SKIP LOCKED) and deletes
    them in the transaction that applied them, so an entry has one consumer.
    Two entries for the same document can still be taken by two appliers; the
    backends' writes are idempotent upserts, and stamped with when the records
    were read, so the later read wins whichever writes last.
    """
    global _paused_until
    backend = backend or get_search_backend()
    with transaction.atomic():
        entries = OutboxEntry.objects.order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            entries = entries.select_for_update(skip_locked=True)
        batch = list(entries.values_list("pk", "key")[:limit])
        if not batch:
            return Applied()
        ids = [pk for pk, _key in batch]
        # After the statement that saw these entries: every save they stand
        # for committed before this moment, and the build below reads after it.
        as_of = database_now()
        docs, missing = sources.build({key for _pk, key in batch})
        try:
            backend.index(docs, as_of=as_of)
            backend.delete(missing, as_of=as_of)
        except BackendUnavailable as error:
            _paused_until = time.monotonic() + RETRY_PAUSE_SECONDS
            OutboxEntry.objects.filter(pk__in=ids).update(
                attempts=F("attempts") + 1, last_error=str(error)[:1000]
            )
            logger.warning("Archive index unavailable; %s updates wait", len(ids))
            return Applied(entries=len(ids), error=str(error))
        OutboxEntry.objects.filter(pk__in=ids).delete()
    _paused_until = 0.0
    return Applied(entries=len(ids), indexed=len(docs), deleted=len(missing))


def drain(*, backend=None, progress=None) -> Applied:
    """Apply every waiting entry (``archive_index sync``); stop at a failure."""
    total = Applied()
    while True:
        step = apply_outbox(backend=backend)
        total.entries += step.entries
        total.indexed += step.indexed
        total.deleted += step.deleted
        if progress:
            progress(step.entries)
        if step.error or not step.entries:
            total.error = step.error
            return total


def backlog() -> int:
    return OutboxEntry.objects.count()
