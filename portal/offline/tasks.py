"""换版任务: a stale copy on display is replaced (or taken down) within a deadline.

One open task per service point and page: a second new edition before the first
task is done retargets the open task instead of stacking another one, and keeps
its deadline, because the copy on the wall has been stale since the first.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.history import save_with_reason
from core.workdays import calculate
from portal.models import Posting, PrintEdition, PrintForm, ReplacementTask

from .access import points_acted_for
from .errors import NotYourServicePoint, OfflineSyncError


def replacement_due(opened_on: date) -> tuple[date, str]:
    """The deadline in working days, and how it was counted (期限计算)."""
    calculation = calculate(opened_on, settings.OFFLINE_SYNC["REPLACEMENT_DAYS"])
    return calculation.result, calculation.describe()


def _active_postings(page: Page):
    return Posting.objects.filter(page=page, removed_on__isnull=True)


def _ensure_task(
    *,
    point_id: int,
    page: Page,
    kind: str,
    stale_edition: PrintEdition,
    target: PrintEdition | None,
) -> ReplacementTask:
    task = (
        ReplacementTask.objects.select_for_update()
        .filter(service_point_id=point_id, page=page, status="open")
        .first()
    )
    if task is not None:
        task.kind = kind
        task.target_edition = target
        task.page_title = page.title
        save_with_reason(
            task,
            reason=_("页面又有变化，任务改为：%(kind)s")
            % {"kind": ReplacementTask.Kind(kind).label},
        )
        return task
    now = timezone.now()
    due_on, basis = replacement_due(timezone.localdate(now))
    task = ReplacementTask(
        service_point_id=point_id,
        page=page,
        page_title=page.title,
        kind=kind,
        stale_edition=stale_edition,
        target_edition=target,
        opened_at=now,
        due_on=due_on,
        due_basis=basis,
    )
    save_with_reason(task, reason=_("张贴的版本已失效"))
    return task


def _oldest_edition_by_point(postings) -> dict[int, PrintEdition]:
    """For each service point among ``postings``, the oldest edition it shows."""
    oldest: dict[int, PrintEdition] = {}
    for posting in postings.select_related("edition").order_by(
        "service_point_id", "edition__number"
    ):
        oldest.setdefault(posting.service_point_id, posting.edition)
    return oldest


def _open_tasks(page: Page, postings, *, kind: str, target) -> list:
    return [
        _ensure_task(
            point_id=point_id, page=page, kind=kind, stale_edition=old, target=target
        )
        for point_id, old in _oldest_edition_by_point(postings).items()
    ]


def tasks_open_for_new_edition(page: Page, edition: PrintEdition) -> list:
    """Every service point still displaying an older edition gets a task."""
    return _open_tasks(
        page,
        _active_postings(page).exclude(edition=edition),
        kind=ReplacementTask.Kind.REPLACE,
        target=edition,
    )


def tasks_open_for_withdrawal(page: Page, edition: PrintEdition) -> list:
    """The page left the site: every copy still displayed must come down."""
    return _open_tasks(
        page,
        _active_postings(page),
        kind=ReplacementTask.Kind.TAKE_DOWN,
        target=None,
    )


def task_open_for_posting(posting: Posting) -> ReplacementTask | None:
    """A copy recorded from an edition that is no longer current is stale at once."""
    edition = posting.edition
    if edition.is_current:
        return None
    current = PrintEdition.objects.filter(
        page_id=posting.page_id, superseded_at__isnull=True
    ).first()
    return _ensure_task(
        point_id=posting.service_point_id,
        page=posting.page,
        kind=ReplacementTask.Kind.REPLACE
        if current
        else ReplacementTask.Kind.TAKE_DOWN,
        stale_edition=edition,
        target=current,
    )


@transaction.atomic
def task_confirm(
    *,
    by,
    task: ReplacementTask,
    forms: list[str] | None = None,
    done_on: date | None = None,
    note: str = "",
) -> ReplacementTask:
    """确认换版: the old copies come down and, for a replacement, the new edition
    is recorded as posted in the chosen forms. Refused, changing nothing, when the
    task is already done or belongs to another service point."""
    task = (
        ReplacementTask.objects.select_for_update(of=("self",))
        .select_related("target_edition", "service_point")
        .get(pk=task.pk)
    )
    if not points_acted_for(by).filter(pk=task.service_point_id).exists():
        raise NotYourServicePoint(_("只能确认本人负责网点的换版任务。"))
    if task.status == ReplacementTask.Status.DONE:
        raise OfflineSyncError(
            _("该任务已于%(when)s确认完成，不能重复确认。")
            % {"when": timezone.localtime(task.closed_at).strftime("%Y-%m-%d %H:%M")},
            code="already_done",
        )
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise OfflineSyncError(_("完成日期不能晚于今天。"), field="done_on")
    if done_on < timezone.localdate(task.opened_at):
        raise OfflineSyncError(_("完成日期不能早于任务下达日期。"), field="done_on")
    note = (note or "").strip()
    if len(note) > 500:
        raise OfflineSyncError(_("备注不能超过500字。"), field="note")

    old_postings = list(
        Posting.objects.select_for_update().filter(
            service_point_id=task.service_point_id,
            page_id=task.page_id,
            removed_on__isnull=True,
        )
    )
    new_forms: list[str] = []
    if task.kind == ReplacementTask.Kind.REPLACE:
        target = task.target_edition
        if target is None or not target.is_current:
            raise OfflineSyncError(
                _("页面已再次更新，请刷新后按最新版本确认。"), code="outdated"
            )
        new_forms = list(dict.fromkeys(forms or [p.form for p in old_postings]))
        unknown = [f for f in new_forms if f not in PrintForm.values]
        if unknown or not new_forms:
            raise OfflineSyncError(_("请选择换上新版的张贴形式。"), field="forms")

    reason = (
        _("换上第%(n)s版") % {"n": task.target_edition.number}
        if new_forms
        else _("页面已撤下，撤除张贴")
    )
    for posting in old_postings:
        posting.removed_on = done_on
        posting.removed_by = by
        posting.removal_reason = reason
        save_with_reason(posting, reason=reason)
    for form in new_forms:
        posting = Posting(
            service_point_id=task.service_point_id,
            page_id=task.page_id,
            edition=task.target_edition,
            form=form,
            posted_on=done_on,
            recorded_by=by,
            task=task,
        )
        save_with_reason(posting, reason=reason)
    task.status = ReplacementTask.Status.DONE
    task.closed_at = timezone.now()
    task.closed_by = by
    task.note = note
    save_with_reason(task, reason=_("确认完成：%(reason)s") % {"reason": reason})
    return task
