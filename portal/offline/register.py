"""张贴登记: what a service point displays, recorded and taken down by its staff."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.history import save_with_reason
from portal.models import (
    Posting,
    PrintablePage,
    PrintEdition,
    PrintForm,
    ReplacementTask,
    ServicePoint,
)

from .access import points_acted_for
from .editions import current_edition
from .errors import NotYourServicePoint, OfflineSyncError
from .tasks import task_open_for_posting


def _check_point(by, point: ServicePoint) -> None:
    if not points_acted_for(by).filter(pk=point.pk).exists():
        raise NotYourServicePoint(_("只能登记本人负责网点的张贴情况。"))


def _check_date(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise OfflineSyncError(_("日期不能晚于今天。"), field=field)


@transaction.atomic
def posting_record(
    *,
    by,
    service_point: ServicePoint,
    page: Page,
    form: str,
    posted_on: date | None = None,
    edition: PrintEdition | None = None,
) -> Posting:
    """登记张贴. Without an edition the current one is meant; recording an older
    edition (a copy found on the wall) opens its replacement task at once."""
    _check_point(by, service_point)
    page = page.specific
    if not isinstance(page, PrintablePage):
        raise OfflineSyncError(_("该页面没有打印版，不能登记张贴。"), field="page")
    if form not in PrintForm.values:
        raise OfflineSyncError(_("请选择张贴形式。"), field="form")
    posted_on = posted_on or timezone.localdate()
    _check_date(posted_on, "posted_on")
    if edition is None:
        edition = current_edition(page)
        if edition is None:
            raise OfflineSyncError(
                _("该页面未在网站发布，不能登记张贴。"), field="page"
            )
    else:
        # The caller's copy may predate a newer publication.
        edition = PrintEdition.objects.get(pk=edition.pk)
    if edition.page_id != page.pk:
        raise OfflineSyncError(_("所选版次不属于该页面。"), field="edition")
    if posted_on < timezone.localdate(edition.published_at):
        raise OfflineSyncError(_("张贴日期不能早于该版发布日期。"), field="posted_on")
    existing = (
        Posting.objects.select_for_update()
        .filter(service_point=service_point, page=page, form=form)
        .filter(removed_on__isnull=True)
        .select_related("edition")
        .first()
    )
    if existing is not None:
        raise OfflineSyncError(
            _("该网点已登记张贴此材料（第%(n)s版），请先登记撤下或完成换版任务。")
            % {"n": existing.edition.number},
            field="form",
            code="duplicate",
        )
    posting = Posting(
        service_point=service_point,
        page=page,
        edition=edition,
        form=form,
        posted_on=posted_on,
        recorded_by=by,
    )
    save_with_reason(posting, reason=_("登记张贴"))
    task_open_for_posting(posting)
    return posting


@transaction.atomic
def posting_remove(
    *, by, posting: Posting, removed_on: date | None = None, reason: str
) -> Posting:
    """登记撤下. Taking down the last stale copy also settles its open task: no
    stale copy is on display any more (a required page then shows as a gap)."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    _check_point(by, posting.service_point)
    if posting.removed_on is not None:
        raise OfflineSyncError(_("该张贴已登记撤下。"), code="already_removed")
    reason = (reason or "").strip()
    if not reason:
        raise OfflineSyncError(_("请填写撤下原因。"), field="reason")
    if len(reason) > 200:
        raise OfflineSyncError(_("撤下原因不能超过200字。"), field="reason")
    removed_on = removed_on or timezone.localdate()
    _check_date(removed_on, "removed_on")
    if removed_on < posting.posted_on:
        raise OfflineSyncError(_("撤下日期不能早于张贴日期。"), field="removed_on")
    posting.removed_on = removed_on
    posting.removed_by = by
    posting.removal_reason = reason
    save_with_reason(posting, reason=reason)
    still_stale = Posting.objects.filter(
        service_point_id=posting.service_point_id,
        page_id=posting.page_id,
        removed_on__isnull=True,
        edition__superseded_at__isnull=False,
    ).exists()
    if not still_stale:
        for task in ReplacementTask.objects.select_for_update().filter(
            service_point_id=posting.service_point_id,
            page_id=posting.page_id,
            status=ReplacementTask.Status.OPEN,
        ):
            task.status = ReplacementTask.Status.DONE
            task.closed_at = timezone.now()
            task.closed_by = by
            task.note = _("旧版已撤下，不再张贴：%(reason)s") % {"reason": reason}
            save_with_reason(task, reason=task.note)
    return posting
