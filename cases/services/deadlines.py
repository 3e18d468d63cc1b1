"""限时办结：open, complete, recompute and extend stage deadlines; flag the late."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.guides import terms_for
from cases.models import (
    Case,
    DeadlineAlert,
    Extension,
    Notice,
    Pause,
    StageDeadline,
)
from cases.selectors.windows import township_window, window_staff_ids
from core.stages import CASE_STAGES, Stage
from core.workdays import WorkingCalendar

from .documents import notice_issue
from .errors import CaseError, CasePermissionDenied
from .guard import require_change
from .history import save_with_reason
from .recipients import people

NEAR_DUE_WORKING_DAYS = 1


def day_unit(stage: str) -> str:
    """公示 counts calendar days; every other stage working days."""
    return _("自然日") if stage == Stage.PUBLIC_NOTICE else _("工作日")


def stage_schedule(
    *,
    stage_limits: dict[str, int],
    public_notice_days: int,
    starts_on: date,
    calendar: WorkingCalendar,
) -> list[dict]:
    """办理时限表: the latest day each timed stage may end, one after another.

    What the receipt promises. Each stage starts where the one before ends at
    the latest, the way the workflow opens it (审批确认 after 公示 from the
    notice's last day), so a case whose every step is taken on its last allowed
    day has exactly these deadlines; an earlier step only brings them forward.
    """
    rows, day = [], starts_on
    for stage in CASE_STAGES:
        if stage == Stage.PUBLIC_NOTICE:
            days = public_notice_days
            due = day + timedelta(days=days)
        else:
            days = stage_limits.get(stage, 0)
            due = calendar.add(day, days).result if days else day
        if not days:
            continue
        rows.append(
            {
                "stage": stage,
                "label": str(Stage(stage).label),
                "days": days,
                "unit": day_unit(stage),
                "due_on": f"{due:%Y-%m-%d}",
            }
        )
        day = due
    return rows


def extension_cap(case: Case, stage: str) -> int:
    """延期上限 of a stage: the published guide's, else the assistance type's."""
    return terms_for(case.assistance_type).extension_cap(stage)


def case_pauses(
    case: Case, *, today: date | None = None
) -> list[tuple[date, date, str]]:
    """暂停计时 (补正, 核对异议) with why; a pause still open counts up to today."""
    today = today or timezone.localdate()
    return [
        (p.started_on, p.ended_on or today, p.get_kind_display())
        for p in case.pauses.all()
    ]


def pause_open(*, case: Case, kind: str, by, reason: str, **ground) -> Pause:
    """Stop the case's clock from today (a notice or an objection is the ground)."""
    pause = Pause(case=case, kind=kind, started_on=timezone.localdate(), **ground)
    save_with_reason(pause, by=by, reason=reason)
    return pause


def pause_close(*, pause: Pause, by, reason: str) -> None:
    """Start the clock again today; the open deadlines move on by the days paused."""
    pause.ended_on = timezone.localdate()
    save_with_reason(pause, by=by, reason=reason)
    deadlines_recompute(case=pause.case, by=by, reason=reason)


def _compute(deadline: StageDeadline, calendar: WorkingCalendar, pauses) -> None:
    if deadline.stage == Stage.PUBLIC_NOTICE:
        # 公示按自然日计算，不受节假日和补正影响；批准的延期同样按自然日顺延。
        days = deadline.working_days + deadline.extended_days
        deadline.due_on = deadline.starts_on + timedelta(days=days)
        text = _(
            "公示自%(start)s起%(days)s个自然日（按自然日计算，节假日照常计入），"
            "至%(due)s。"
        ) % {
            "start": f"{deadline.starts_on:%Y-%m-%d}",
            "days": days,
            "due": f"{deadline.due_on:%Y-%m-%d}",
        }
        if deadline.extended_days:
            text += _("含经批准延长%(n)s个自然日。") % {"n": deadline.extended_days}
        deadline.calculation = text
        return
    total = deadline.working_days + deadline.extended_days
    calc = calendar.add(deadline.starts_on, total, pauses=pauses)
    deadline.due_on = calc.result
    text = calc.describe()
    if deadline.extended_days:
        text += _("含经批准延长%(n)s个工作日。") % {"n": deadline.extended_days}
    deadline.calculation = text


def deadline_open(
    *,
    case: Case,
    stage: str,
    starts_on: date,
    working_days: int,
    by,
    calendar: WorkingCalendar | None = None,
    pauses: list[tuple[date, date]] | None = None,
) -> StageDeadline:
    deadline = StageDeadline(
        case=case, stage=stage, starts_on=starts_on, working_days=working_days
    )
    _compute(
        deadline,
        calendar or WorkingCalendar(),
        case_pauses(case) if pauses is None else pauses,
    )
    save_with_reason(
        deadline, by=by, reason=_("开始计时：%s") % deadline.get_stage_display()
    )
    return deadline


def deadline_complete(*, case: Case, stage: str, by) -> StageDeadline | None:
    """环节办结. A stage finished while 补正 is still open is first given the days
    paused so far, as resuming would have given them: it is measured against the
    deadline that was running, not the one stored before the pause."""
    deadline = case.deadlines.filter(stage=stage, completed_at__isnull=True).first()
    if deadline is not None:
        if case.pauses.filter(ended_on__isnull=True).exists():
            _compute(deadline, WorkingCalendar(), case_pauses(case))
        deadline.completed_at = timezone.now()
        save_with_reason(
            deadline, by=by, reason=_("环节办结：%s") % deadline.get_stage_display()
        )
    return deadline


def pauses_end(*, case: Case, by, reason: str) -> bool:
    """End the case's open 补正 pauses today and move its open deadlines on.

    A decision on the application (受理与否、转办、审批) ends any 补正 still open:
    the materials are no longer awaited, and a pause left open would stop every
    later deadline of the case from ever running late.
    """
    still_open = case.pauses.filter(ended_on__isnull=True)
    if not still_open.exists():  # the usual case: one EXISTS, no rows read
        return False
    open_pauses = list(still_open)
    for pause in open_pauses:
        pause.ended_on = timezone.localdate()
        save_with_reason(pause, by=by, reason=reason)
    if open_pauses:
        deadlines_recompute(case=case, by=by, reason=reason)
    return bool(open_pauses)


def deadlines_recompute(
    *, case: Case, reason: str, by=None, calendar: WorkingCalendar | None = None
) -> list[StageDeadline]:
    """Recompute the case's open deadlines; save and record only those that moved
    or whose working changed (a year's arrangement entered makes a date final)."""
    calendar = calendar or WorkingCalendar()
    pauses = case_pauses(case)
    changed = []
    for deadline in case.deadlines.filter(completed_at__isnull=True):
        before = (deadline.due_on, deadline.calculation)
        _compute(deadline, calendar, pauses)
        if (deadline.due_on, deadline.calculation) != before:
            save_with_reason(deadline, by=by, reason=reason)
            changed.append(deadline)
    return changed


@transaction.atomic
def extension_request(
    *, by, case: Case, stage: str, days: int, reason: str
) -> Extension:
    require_change(by, case, "case.extension_request")
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("请填写延期理由。"), field="reason")
    if days < 1:
        raise CaseError(_("延长天数至少为1天。"), field="days")
    deadline = case.deadlines.filter(stage=stage, completed_at__isnull=True).first()
    if deadline is None:
        raise CaseError(_("该环节没有正在计时的期限，无需延期。"), field="stage")
    cap = extension_cap(case, stage)
    if deadline.extended_days + days > cap:
        unit = day_unit(stage)
        raise CaseError(
            _(
                "%(stage)s延期累计不能超过%(cap)s个%(unit)s（办事指南规定），"
                "已延长%(used)s个%(unit)s。"
            )
            % {
                "stage": deadline.get_stage_display(),
                "cap": cap,
                "used": deadline.extended_days,
                "unit": unit,
            },
            field="days",
        )
    extension = Extension(deadline=deadline, days=days, reason=reason, requested_by=by)
    save_with_reason(extension, by=by, reason=_("申请延期"))
    return extension


@transaction.atomic
def extension_decide(
    *, by, extension: Extension, approve: bool, informed_how: str = "", note: str = ""
) -> Extension:
    """审核人批准或不批准延期；批准的，须记录已告知申请人及告知方式。"""
    require(by, "case.extension_decide")
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.REQUESTED:
        raise CaseError(_("该延期申请已经处理过。"))
    if extension.requested_by_id == getattr(by, "pk", None):
        # 申请与批准分离: nobody extends their own deadline.
        raise CasePermissionDenied(
            _("不能批准自己提出的延期申请，须由其他审核人审核。")
        )
    deadline = extension.deadline
    case = deadline.case
    now = timezone.now()
    extension.decided_by = by
    extension.decided_at = now
    if not approve:
        extension.status = Extension.Status.REFUSED
        save_with_reason(extension, by=by, reason=note or _("不批准延期"))
        return extension
    informed_how = (informed_how or "").strip()
    if not informed_how:
        raise CaseError(
            _("批准延期须告知申请人，请填写告知方式（如电话、书面）。"),
            field="informed_how",
        )
    if deadline.extended_days + extension.days > extension_cap(case, deadline.stage):
        raise CaseError(_("批准后将超过办事指南规定的该环节延期上限。"), field="days")
    extension.status = Extension.Status.APPROVED
    extension.applicant_informed_at = now
    extension.applicant_informed_how = informed_how[:100]
    save_with_reason(extension, by=by, reason=_("批准延期：%s") % extension.reason)
    deadline.extended_days += extension.days
    _compute(deadline, WorkingCalendar(), case_pauses(case))
    save_with_reason(
        deadline,
        by=by,
        reason=_("延期%(n)s个%(unit)s")
        % {"n": extension.days, "unit": day_unit(deadline.stage)},
    )
    notice_issue(
        case=case,
        kind=Notice.Kind.EXTENSION,
        by=by,
        content={
            "stage": deadline.get_stage_display(),
            "days": extension.days,
            "unit": _("个%(unit)s") % {"unit": day_unit(deadline.stage)},
            "reason": extension.reason,
            "new_due_on": f"{deadline.due_on:%Y-%m-%d}",
            "informed_how": extension.applicant_informed_how,
        },
    )
    return extension


# 环节的审核人: who decides a stage, by the step that ends it (cases.access).
# 审核 and 公示 wait for the township's reviewers (报送审批), 审批确认 for the
# county's; 受理、调查核实、回复 for the A and B only. A case whose 公示 has
# ended waits for its township reviewer to report it while the 审批确认 clock
# already runs (it starts on the notice's last day): they are told as well.
STAGE_DECIDERS: dict[str, tuple[str, ...]] = {
    Stage.REVIEW: ("case.submit_decision",),
    Stage.PUBLIC_NOTICE: ("case.submit_decision",),
    Stage.DECIDE: ("case.approve",),
}
STATUS_DECIDERS: dict[str, tuple[str, ...]] = {
    Case.Status.REVIEWING: ("case.submit_decision",),
    Case.Status.PUBLIC_NOTICE: ("case.submit_decision",),
}


def stage_recipients(deadline: StageDeadline, seen: dict) -> set[int]:
    """Who is told of a late deadline: the case's A and B, the A and B of the
    township window that handles it (a case logged at a village station
    (帮办代办) waits for that window, not for the coordinator alone), and the
    reviewers of the stage. ``seen`` keeps answers across one check's cases."""
    case = deadline.case
    key = ("window", case.township_id, case.handler_id)
    if key not in seen:
        seen[key] = window_staff_ids(township_window(case.township_id, case.handler_id))
    found = {pk for pk in (case.handler_id, case.backup_handler_id) if pk}
    found |= seen[key]
    deciders = {
        *STAGE_DECIDERS.get(deadline.stage, ()),
        *STATUS_DECIDERS.get(case.status, ()),
    }
    for action in sorted(deciders):
        key = (action, case.township_id)
        if key not in seen:
            seen[key] = {user.pk for user in people(action, case)}
        found |= seen[key]
    return found


def deadlines_check(*, today: date | None = None) -> dict[str, int]:
    """Flag near-due and overdue open deadlines to the A and B handlers and
    the stage's reviewers."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    soon = calendar.add(today, NEAR_DUE_WORKING_DAYS).result
    counts = {"near_due": 0, "overdue": 0}
    # 公示 ends by itself on its day; the 审批确认 deadline after it is flagged.
    # While the clock is stopped (补正, 核对异议) nothing is near due or overdue.
    paused = Pause.objects.filter(ended_on__isnull=True).values("case_id")
    open_deadlines = (
        StageDeadline.objects.office_timed()
        .filter(completed_at__isnull=True, due_on__lte=soon)
        .exclude(case_id__in=paused)
        .select_related("case")
    )
    seen: dict = {}
    for deadline in open_deadlines.iterator(chunk_size=500):
        kind = (
            DeadlineAlert.Kind.OVERDUE
            if deadline.due_on < today
            else DeadlineAlert.Kind.NEAR_DUE
        )
        for user_id in stage_recipients(deadline, seen):
            _, created = DeadlineAlert.objects.get_or_create(
                deadline=deadline, kind=kind, recipient_id=user_id
            )
            counts[kind] += int(created)
    return counts
