"""Background jobs on django-tasks: queued with the change that needs them, and
tried again after a failure.

django-tasks runs a job once. Here a job that fails queues its next try itself,
after a backoff (settings.TASK_RETRIES), then fails so that the try shows as
failed; the try number travels as the job's ``attempt`` keyword. A backend that
cannot run a job later (the immediate one of the tests) gets no retry.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)


def next_try_at(attempt: int) -> datetime | None:
    """When try ``attempt + 1`` runs, or None when ``attempt`` was the last."""
    conf = settings.TASK_RETRIES
    if attempt >= conf["ATTEMPTS"]:
        return None
    delay = min(
        conf["BACKOFF_SECONDS"] * 2 ** (attempt - 1), conf["MAX_BACKOFF_SECONDS"]
    )
    return timezone.now() + timedelta(seconds=delay)


@contextmanager
def retried(task: Task, attempt: int, *args, **kwargs) -> Iterator[None]:
    """On an exception inside, queue ``task(*args, attempt=attempt + 1, **kwargs)``
    after the backoff, then let the exception go on (this try fails)."""
    try:
        yield
    except Exception:
        when = next_try_at(attempt)
        if not task.get_backend().supports_defer:
            logger.warning("%s failed; this backend does not retry", task.name)
        elif when is None:
            logger.error("%s failed (try %s); no more tries", task.name, attempt)
        else:
            task.using(run_after=when).enqueue(*args, attempt=attempt + 1, **kwargs)
            logger.warning("%s failed (try %s); next try %s", task.name, attempt, when)
        raise


def enqueue_with_transaction(task: Task) -> None:
    """Queue ``task`` (no arguments) once for the current transaction.

    A queue kept in this database gets the job's row inside the transaction: the
    job exists exactly when the change that needs it commits, even if the
    process dies at the commit. Any other backend is called after commit (the
    immediate one then runs the job at once, on committed data). Outside a
    transaction the job is queued at once.
    """
    pending = getattr(connection, "run_on_commit", [])
    if any(getattr(entry[1], "queues", None) is task for entry in pending):
        return  # a rollback drops this mark together with the job
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue()

        def at_commit() -> None:
            """Nothing: the job's row commits with the transaction."""

    else:

        def at_commit() -> None:
            task.enqueue()

    at_commit.queues = task
    transaction.on_commit(at_commit, robust=True)
