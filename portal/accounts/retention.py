"""访问记录与登录尝试记录的保存期限：到期清理，期限内一条不删。

网络安全法第二十一条 asks that network logs be kept no less than six months.
The access log (``AccessEvent``) and django-axes' records of login attempts are
kept ``ACCOUNTS["ACCESS_LOG_RETENTION_DAYS"]`` days (at least 183); older rows
are deleted by ``manage.py purge_access_log``, in batches, and the purge itself
goes on the access log. An attempt that still holds a lockout is never deleted,
however old: the lock would lift without anyone unlocking it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import AccessEvent

from . import conf, log

BATCH_SIZE = 1000


class RetentionRefused(ValueError):
    """要求删除保存期限以内的记录。"""


@dataclass(frozen=True)
class Table:
    label: str
    model: type[models.Model]
    time_field: str


TABLES = (
    Table(gettext_lazy("访问记录"), AccessEvent, "at"),
    Table(
        gettext_lazy("登录尝试（axes AccessAttempt）"), AccessAttempt, "attempt_time"
    ),
    Table(
        gettext_lazy("登录失败日志（axes AccessFailureLog）"),
        AccessFailureLog,
        "attempt_time",
    ),
    Table(gettext_lazy("登录日志（axes AccessLog）"), AccessLog, "attempt_time"),
)


def cutoff_for(days: int | None = None, *, now: datetime | None = None) -> datetime:
    """The moment before which rows may go: ``days`` ago, never fewer than the
    configured retention (which is itself never under six months)."""
    keep = conf.retention_days()
    if days is None:
        days = keep
    if days < keep:
        raise RetentionRefused(
            _(
                "不能只保留%(days)d天：访问记录和登录尝试记录须保存%(keep)d天"
                "（ACCESS_LOG_RETENTION_DAYS；网络安全法第二十一条要求不少于六个月）。"
            )
            % {"days": days, "keep": keep}
        )
    return (now or timezone.now()) - timedelta(days=days)


def still_locking() -> Q:
    """Attempts that may still hold a lock: inside the cool-off, or with an
    expiry (AXES_USE_ATTEMPT_EXPIRATION) still ahead."""
    now = timezone.now()
    return Q(attempt_time__gte=now - conf.cool_off()) | Q(
        expiration__expires_at__gt=now
    )


def expired(table: Table, cutoff: datetime):
    rows = table.model._default_manager.filter(**{f"{table.time_field}__lt": cutoff})
    if table.model is AccessAttempt:
        rows = rows.exclude(still_locking())
    return rows


def _delete_batch(table: Table, cutoff: datetime, batch_size: int) -> int:
    with transaction.atomic():
        pks = list(
            expired(table, cutoff)
            .order_by(table.time_field, "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return 0
        rows = table.model._default_manager.filter(pk__in=pks)
        if table.model is AccessEvent:
            return rows.purge_before(cutoff)
        count, _by_model = rows.delete()
        # An AccessAttempt's expiry row goes with it; count the attempts only.
        return len(pks) if table.model is AccessAttempt else count


@dataclass
class Outcome:
    cutoff: datetime
    days: int
    dry_run: bool
    counts: dict[str, int]
    event: AccessEvent | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def purge(
    *,
    days: int | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str, int, int], None] | None = None,
    source: str = "manage.py purge_access_log",
) -> Outcome:
    """Delete what is older than the retention, table by table, a batch at a time.

    ``progress(label, deleted so far, expected)`` is called after each batch.
    A dry run counts and deletes nothing; a real run, even one that finds
    nothing, puts one row on the access log saying what it removed.
    """
    if batch_size < 1:
        raise RetentionRefused(_("每批至少删除1条。"))
    cutoff = cutoff_for(days)
    days = days if days is not None else conf.retention_days()
    counts = {}
    for table in TABLES:
        label = str(table.label)
        expected = expired(table, cutoff).count()
        if dry_run or not expected:
            counts[label] = expected
            if progress:
                progress(label, 0, expected)
            continue
        done = 0
        while True:
            deleted = _delete_batch(table, cutoff, batch_size)
            if not deleted:
                break
            done += deleted
            if progress:
                progress(label, done, expected)
        counts[label] = done
    outcome = Outcome(cutoff=cutoff, days=days, dry_run=dry_run, counts=counts)
    if not dry_run:
        outcome.event = record_purge(outcome, source=source)
    return outcome


def record_purge(outcome: Outcome, *, source: str) -> AccessEvent:
    tallies = "、".join(
        _("%(table)s%(n)d条") % {"table": label, "n": n}
        for label, n in outcome.counts.items()
    )
    detail = _(
        "系统按保存期限%(days)d天清理%(cutoff)s之前的记录（%(source)s）：%(tallies)s"
    ) % {
        "days": outcome.days,
        "cutoff": timezone.localtime(outcome.cutoff).strftime("%Y-%m-%d %H:%M"),
        "source": source,
        "tallies": tallies,
    }
    return log.record(log.Kind.PURGED, username="", detail=detail)
