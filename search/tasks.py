"""The archive index's background job: apply the outbox, on any worker.

Saves record their index updates (``index_later``); one job per transaction is
queued with them (core.tasks), and ``manage.py db_worker``, on this machine or
another, applies everything waiting. Two workers may run such jobs at once: the
entries are taken with SKIP LOCKED, so each is applied by one of them
(search.indexing). While the backend is down a job fails, visibly, and its next
try is queued with a backoff; the entries wait meanwhile.
"""

from django_tasks import task

from core.tasks import enqueue_with_transaction, retried

from . import indexing
from .backends import BackendUnavailable


def index_later(keys: list[str]) -> None:
    """Record index updates in the current transaction and queue their job."""
    if not keys:
        return
    indexing.record(keys)
    # One job per transaction is enough: it applies everything waiting.
    enqueue_with_transaction(apply_index_outbox)


@task()
def apply_index_outbox(attempt: int = 1) -> dict:
    """Apply every waiting index update; what was applied, for the job's record."""
    if attempt == 1 and indexing.paused():
        # The backend failed moments ago in this process, and that job's retry
        # is queued: it will take these entries too.
        return {"entries": 0, "skipped": "backend failed moments ago"}
    with retried(apply_index_outbox, attempt):
        applied = indexing.drain()
        if applied.error:
            raise BackendUnavailable(
                f"{indexing.backlog()} index updates wait: {applied.error}"
            )
    return {
        "entries": applied.entries,
        "indexed": applied.indexed,
        "deleted": applied.deleted,
    }
