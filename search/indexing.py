"""The outbox: index updates written in the saving transaction, applied after commit.

A save of a case-module record adds an OutboxEntry in the same transaction, so
an update can only be lost together with the save itself. After commit a task
applies the waiting entries to the configured backend and deletes them once the
backend has taken them. When Elasticsearch is down the entries stay, the save
has already succeeded, and ``archive_index sync`` (or the next save, after a
short pause) catches up. Cases never import this module: search connects its
receivers itself (SearchConfig.ready).
"""

import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from simple_history.signals import post_create_historical_record

from cases.history import history_rows_inserted
from cases.models import Case, Complaint, Referral
from core.transactions import on_commit_once

from . import sources
from .backends import BackendUnavailable, get_search_backend
from .backends.base import database_now
from .models import OutboxEntry
from .sources import history

logger = logging.getLogger(__name__)
# After a failure, saves stop trying for a while instead of each waiting on a timeout.
RETRY_PAUSE_SECONDS = 30
_paused_until = 0.0


@dataclass
class Applied:
    entries: int = 0
    indexed: int = 0
    deleted: int = 0
    error: str = ""


def enqueue(keys: list[str]) -> None:
    """Record index updates in the current transaction and apply them after commit."""
    if not keys:
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key) for key in keys])
    if settings.ARCHIVE_INDEX_APPLY == "worker":
        return  # `archive_index follow` takes them
    # One callback per transaction is enough: it applies everything waiting.
    on_commit_once(_after_commit)


def _after_commit() -> None:
    if time.monotonic() < _paused_until:
        return
    from .tasks import apply_index_outbox

    try:
        apply_index_outbox.enqueue()
    except Exception:
        logger.exception("Could not apply the archive index outbox")


def apply_outbox(*, limit: int = 2000, backend=None) -> Applied:
    """Apply up to ``limit`` waiting entries; on failure they stay, with the error.

    Several appliers may run at once (inline after each commit, or several
    ``archive_index follow`` workers): each takes entries no other holds (SKIP
    LOCKED) and deletes them in the transaction that applied them, so an entry
    has one consumer. Two entries for the same document can still be taken by two
    appliers; the backends' writes are idempotent upserts, and stamped with when
    the records were read, so the later read wins whichever writes last.
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


def follow(*, should_stop, backend=None, interval=1.0, report=None) -> Applied:
    """Apply entries as they arrive until ``should_stop()`` (the index worker).

    Waits ``interval`` seconds whenever nothing is waiting, and
    RETRY_PAUSE_SECONDS after the backend failed; the entries stay meanwhile.
    """
    total = Applied()
    while not should_stop():
        step = drain(backend=backend)
        total.entries += step.entries
        total.indexed += step.indexed
        total.deleted += step.deleted
        if report is not None and (step.entries or step.error):
            report(step)
        if step.error:
            total.error = step.error
            _sleep_unless(should_stop, RETRY_PAUSE_SECONDS)
        elif not step.entries:
            _sleep_unless(should_stop, interval)
    return total


def _sleep_unless(should_stop, seconds: float) -> None:
    until = time.monotonic() + seconds
    while not should_stop() and time.monotonic() < until:
        time.sleep(min(0.1, seconds))


def backlog() -> int:
    return OutboxEntry.objects.count()


# ------------------------------------------------------------------ receivers
def referral_saved(sender, instance, **kwargs) -> None:
    enqueue([f"referral:{instance.pk}"])


def complaint_saved(sender, instance, **kwargs) -> None:
    enqueue([f"complaint:{instance.pk}"])


# A case's values that its history versions, referrals and complaints copy.
CASCADING = (
    "number", "township_id", "village_id", "assistance_type_id", "status",
    "channel", "handler_id",
)  # fmt: skip


def _case_keys(row) -> list[str]:
    """A case version: the case and this version, and everything of the case when
    a value its other documents carry has changed."""
    keys = [f"case:{row.id}", history.key(Case, row.history_id)]
    if row.history_type == "+":
        # A new case has a new applicant of its own: nothing else shows it yet.
        return keys
    # A data migration's rows (below) know no versions: re-read the whole case.
    before = getattr(row, "prev_record", None)
    if before is None or any(
        getattr(before, name) != getattr(row, name) for name in CASCADING
    ):
        keys.append(f"cascade:{row.id}")
    return keys


def _history_keys(history_model, rows) -> list[str]:
    model = getattr(history_model, "instance_type", None)
    if model is None:
        # A data migration's historical model (insert_chained in a RunPython):
        # the same table as the registered one, without simple-history's extras.
        label = history_model._meta.label
        model = apps.get_model(label).instance_type
    if model._meta.app_label != "cases":
        return []
    if model is Case:
        return [key for row in rows for key in _case_keys(row)]
    keys = [history.key(model, row.history_id) for row in rows]
    link = history.APPLICANT_LINKED.get(model._meta.model_name)
    if link:
        keys += sorted({f"applicant:{getattr(row, link)}" for row in rows})
    return keys


def history_created(sender, history_instance, **kwargs) -> None:
    enqueue(_history_keys(type(history_instance), [history_instance]))


def history_inserted(sender, rows, **kwargs) -> None:
    enqueue(_history_keys(sender, rows))


def connect() -> None:
    post_save.connect(referral_saved, sender=Referral, dispatch_uid="archive_referral")
    post_save.connect(
        complaint_saved, sender=Complaint, dispatch_uid="archive_complaint"
    )
    post_create_historical_record.connect(
        history_created, dispatch_uid="archive_history_created"
    )
    history_rows_inserted.connect(
        history_inserted, dispatch_uid="archive_history_inserted"
    )
