"""流转：每一步由谁、从什么状态、到什么状态，期限随之开始或结束。

The steps and what each does are a table (steps.py); this is the engine that
takes one of them, the same way for every entry. ``transitions`` lets a test
run a table of its own.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import may, require, why_not
from cases.models import Case

from .archive import archive_file
from .deadlines import deadline_complete, deadline_open, pauses_end
from .documents import notice_issue
from .errors import CaseError, CasePermissionDenied, InvalidTransition, StaleVersion
from .history import save_with_reason
from .results import approval_terms
from .steps import NOT_THIS_TYPE, TRANSITIONS, Opening, Step, Transition

MAX_NOTE = 2000

__all__ = [
    "MAX_NOTE",
    "TRANSITIONS",
    "ActionState",
    "Transition",
    "action_states",
    "available_transitions",
]


def available_transitions(
    user, case: Case, *, transitions: Mapping[str, Transition] = TRANSITIONS
) -> list[Transition]:
    return [
        t
        for t in transitions.values()
        if case.status in t.sources
        and may(user, t.permission, case)
        and t.blocked_reason(case) is None
    ]


@dataclass(frozen=True)
class ActionState:
    """A step the case's status allows, and why this person cannot take it now
    ("" when they can): 缺少材料…, 公示期至…, 须由县级审批人办理."""

    transition: Transition
    reason: str = ""

    @property
    def available(self) -> bool:
        return not self.reason


def action_states(
    user, case: Case, *, transitions: Mapping[str, Transition] = TRANSITIONS
) -> list[ActionState]:
    """Every step from the case's status that its assistance type has, each
    with the reason it cannot be taken now. A step this type never takes (a
    乡镇审核 the guide does not set) is left out rather than explained."""
    states = []
    for t in transitions.values():
        if case.status not in t.sources:
            continue
        if any(guard in NOT_THIS_TYPE and guard(case) for guard in t.guards):
            continue
        reason = why_not(user, t.permission, case) or t.blocked_reason(case) or ""
        states.append(ActionState(t, str(reason)))
    return states


@transaction.atomic
def case_transition(
    *,
    by,
    case: Case,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    notice_content: dict | None = None,
    monthly_amount=None,
    starts_month=None,
    transitions: Mapping[str, Transition] = TRANSITIONS,
) -> Case:
    """One step of the workflow; ``notice_content`` adds to the notice it issues.

    (转办 through the referral ledger passes the department and feedback date, so
    the applicant's 转办告知 says who handles the case and by when.) 审批同意 takes
    the monthly amount and start month, as numbers and dates or as text.
    """
    from cases.selectors import cases_visible_to

    transition = transitions.get(action)
    if transition is None:
        raise CaseError(
            _("未知的操作：%(action)s。可用的操作：%(known)s。")
            % {"action": action, "known": "、".join(transitions)},
            field="action",
        )
    try:
        case = cases_visible_to(by).select_for_update(of=("self",)).get(pk=case.pk)
    except Case.DoesNotExist as error:
        raise CasePermissionDenied(_("您无权办理该案件。")) from error
    if expected_version is not None and expected_version != case.version:
        raise StaleVersion(
            _(
                "该案件已被他人修改（当前第%(now)s版，您依据的是第%(yours)s版），请刷新后重试。"
            )
            % {"now": case.version, "yours": expected_version}
        )
    require(by, transition.permission, case)
    if case.status not in transition.sources:
        raise InvalidTransition(
            _("案件当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"status": case.get_status_display(), "action": transition.label},
            field="action",
        )
    blocked = transition.blocked_reason(case)
    if blocked:
        raise InvalidTransition(blocked, field="action")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise CaseError(_("“%s”须写明理由。") % transition.label, field="note")
    if len(note) > MAX_NOTE:
        raise CaseError(_("说明不能超过%s个字。") % MAX_NOTE, field="note")
    terms = approval_terms(
        case=case,
        needed=transition.needs_terms,
        monthly_amount=monthly_amount,
        starts_month=starts_month,
    )
    step = Step(
        by=by,
        note=note,
        now=timezone.now(),
        previous=case.status,
        terms=terms,
        notice_content=notice_content or {},
    )
    _apply(transition, case, step)
    return case


def _apply(transition: Transition, case: Case, step: Step) -> None:
    case.status = transition.target
    case.version += 1
    if transition.concludes:
        case.decision_note = step.note
    for change in transition.changes:
        change(case, step)
    reason = transition.label + (f"：{step.note}" if step.note else "")
    if step.terms is not None:
        reason += f"（{step.terms.describe()}）"
    save_with_reason(case, by=step.by, reason=str(reason))
    for effect in transition.effects:
        effect(case, step)
    if transition.concludes:
        pauses_end(case=case, by=step.by, reason=_("已作出决定，补正结束"))
    for stage in transition.closes:
        deadline_complete(case=case, stage=stage, by=step.by)
    for opening in transition.opens:
        _open(case, opening, step)
    if transition.notice is not None:
        notice_issue(
            case=case,
            kind=transition.notice.kind,
            by=step.by,
            content=transition.notice.content(case, step),
        )
    if transition.files:
        archive_file(by=step.by, record=case)


def _open(case: Case, opening: Opening, step: Step) -> None:
    """Start the stage's deadline: today, or where the ``after`` stage's ends."""
    if case.deadlines.filter(stage=opening.stage).exists():
        return
    days = opening.working_days(case)
    if not days:
        return
    starts_on = timezone.localdate(step.now)
    if opening.after is not None:
        before = case.deadlines.filter(stage=opening.after).first()
        if before is None:
            return
        starts_on = before.due_on
    deadline_open(
        case=case,
        stage=opening.stage,
        starts_on=starts_on,
        working_days=days,
        by=step.by,
    )
