"""Tamper evidence for the case module's history (django-simple-history).

Every historical row stores the hash of the row before it (per history table) and
a hash over its own content. Editing or deleting a row outside the application
breaks the chain at that point, and ``verify_history`` reports where.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64
# Sent with ``rows`` after insert_chained, which bypasses simple-history's own
# post_create_historical_record; the archive index listens to both.
history_rows_inserted = Signal()
_NOT_HASHED = {"history_id", "row_hash", "prev_hash"}


def _canonical(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        # The database gives instants back in UTC whatever zone they were saved
        # in; hash the instant, not the zone it happened to carry.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # JSON fields: PostgreSQL's jsonb gives keys back in its own order, so the
    # value is hashed as data (json.dumps sorts keys), never as its repr.
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return str(value)


def content_hash(row, prev_hash: str) -> str:
    """SHA-256 over the row's concrete field values and the previous row's hash."""
    payload = {
        field.attname: _canonical(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if field.attname not in _NOT_HASHED
    }
    text = json.dumps(
        {"prev": prev_hash, "row": payload},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class HashChainedHistory(models.Model):
    """Abstract base for every historical model of the case module."""

    prev_hash = models.CharField(_("前一记录摘要"), max_length=64, editable=False)
    row_hash = models.CharField(_("本记录摘要"), max_length=64, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.row_hash:
            # Lock the chain's tail so two saves cannot both follow the same row.
            last = (
                type(self)
                ._default_manager.select_for_update()
                .order_by("-history_id")
                .values_list("row_hash", flat=True)
                .first()
            )
            self.prev_hash = last or GENESIS
            self.row_hash = content_hash(self, self.prev_hash)
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class ChainBreak:
    model: str
    history_id: int
    problem: str


def chained_history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, HashChainedHistory)]


def verify_model(model, *, progress=None) -> tuple[int, list[ChainBreak]]:
    """Walk one history table in order; report every row whose hashes do not fit."""
    breaks: list[ChainBreak] = []
    expected_prev = GENESIS
    count = 0
    label = model._meta.label
    for row in model._default_manager.order_by("history_id").iterator(chunk_size=2000):
        count += 1
        if row.prev_hash != expected_prev:
            breaks.append(
                ChainBreak(label, row.history_id, "前一记录被删除或改动（链断开）")
            )
        if content_hash(row, row.prev_hash) != row.row_hash:
            breaks.append(ChainBreak(label, row.history_id, "本记录内容被改动"))
        expected_prev = row.row_hash
        if progress is not None:
            progress(count)
    return count, breaks


class ChangeReasonRequired(ValueError):
    """A change to a key record was about to be saved without saying why."""


class ReasonRequiredOnChange(models.Model):
    """Edits of key records must carry a change reason (who is recorded anyway).

    Services set it through ``save_with_reason``; a save that forgets is a bug,
    so it fails loudly instead of leaving a history row without a why.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and not getattr(self, "_change_reason", ""):
            raise ChangeReasonRequired(
                f"{type(self).__name__} {self.pk}: edits need a change reason"
            )
        super().save(*args, **kwargs)
        # A reason explains one save; the next edit must give its own.
        self.__dict__.pop("_change_reason", None)


def insert_chained(history_model, rows: list) -> None:
    """Insert several new history rows at once, chained in list order.

    One lock on the chain's tail and one INSERT, instead of a round trip per row:
    the intake saves a dozen checklist rows for every application.
    """
    if not rows:
        return
    prev = (
        history_model._default_manager.select_for_update()
        .order_by("-history_id")
        .values_list("row_hash", flat=True)
        .first()
    ) or GENESIS
    for row in rows:
        row.prev_hash = prev
        row.row_hash = content_hash(row, prev)
        prev = row.row_hash
    history_model._default_manager.bulk_create(rows)
    history_rows_inserted.send(sender=history_model, rows=rows)
