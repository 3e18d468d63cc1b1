"""Writing history rows, each chained to its table's head in the saving transaction.

The head row of a table is locked (``SELECT … FOR UPDATE``) before a row is
chained to it and moved on in the same transaction, so a second transaction
waits until the first commits and then chains to the row the first wrote. Every
head is locked in one fixed order, so two transactions that write several tables
in a different order cannot deadlock on them.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from .digest import GENESIS, current_key, row_digest, seal

# Sent with ``rows`` after insert_chained, which bypasses simple-history's own
# post_create_historical_record; the archive index listens to both.
history_rows_inserted = Signal()
# Any fixed number: the advisory lock every history write takes in "advisory" mode.
_ADVISORY_KEY = 0x6A7A6C73


def _head_model(history_model):
    # The migration that creates the heads passes its own historical models; the
    # head table lives in the same app registry as the history table.
    registry = getattr(history_model._meta, "apps", None) or apps
    return registry.get_model("cases", "HistoryChainHead")


def _lock_head(history_model, using: str):
    """The locked head of ``history_model``'s chain, inside the open transaction."""
    head_model = _head_model(history_model)
    label = history_model._meta.label
    heads = head_model._default_manager.using(using)
    connection = connections[using]
    if (
        connection.vendor == "postgresql"
        and getattr(settings, "HISTORY_CHAIN_LOCK", "row") == "advisory"
    ):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_KEY])
        head = heads.filter(pk=label).first()
    else:
        # All heads at once, in key order: the lock order is the same everywhere.
        locked = {h.pk: h for h in heads.select_for_update().order_by("pk")}
        head = locked.get(label)
    if head is None:
        heads.bulk_create(
            [head_model(table=label, length=0, last_digest=GENESIS)],
            ignore_conflicts=True,
        )
        head = heads.select_for_update().get(pk=label)
    return head


def _advance(head, digests: list[str], using: str) -> None:
    key_id, key = current_key()
    head.length += len(digests)
    head.last_digest = digests[-1]
    head.key_id = key_id
    head.seal = seal(key, head.pk, head.length, head.last_digest)
    type(head)._default_manager.using(using).filter(pk=head.pk).update(
        length=head.length,
        last_digest=head.last_digest,
        key_id=head.key_id,
        seal=head.seal,
    )


def chain_rows(history_model, rows: list, *, using: str) -> None:
    """Give ``rows`` (not yet saved) their place at the end of the chain.

    Must run inside a transaction; the head stays locked until it ends.
    """
    head = _lock_head(history_model, using)
    key_id, key = current_key()
    prev = head.last_digest
    digests = []
    for row in rows:
        row.key_id = key_id
        row.prev_hash = prev
        row.row_hash = row_digest(row, prev, key)
        prev = row.row_hash
        digests.append(prev)
    _advance(head, digests, using)


class HashChainedHistory(models.Model):
    """Abstract base for every historical model of the case module."""

    prev_hash = models.CharField(_("前一记录摘要"), max_length=64, editable=False)
    row_hash = models.CharField(_("本记录摘要"), max_length=64, editable=False)
    key_id = models.CharField(
        _("密钥编号"), max_length=16, blank=True, default="", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.row_hash:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            chain_rows(type(self), [self], using=using)
            super().save(*args, **kwargs)


def insert_chained(history_model, rows: list, *, using: str | None = None) -> None:
    """Insert several new history rows at once, chained in list order.

    One head lock and one INSERT instead of a round trip per row: the intake
    saves a dozen checklist rows for every application.
    """
    if not rows:
        return
    using = using or router.db_for_write(history_model)
    with transaction.atomic(using=using, savepoint=False):
        chain_rows(history_model, rows, using=using)
        history_model._default_manager.using(using).bulk_create(rows)
    history_rows_inserted.send(sender=history_model, rows=rows)


def chained_history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, HashChainedHistory)]


class TrackedModel(models.Model):
    """A record with a chained history: it and its history row commit together.

    simple-history writes the history row in ``post_save``/``post_delete``; a
    save outside a transaction would commit the record first and could then
    fail on the history row, leaving a change nobody can account for.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            return super().delete(*args, **kwargs)


class ChangeReasonRequired(ValueError):
    """A change to a key record was about to be saved without saying why."""


class ReasonRequiredOnChange(TrackedModel):
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
