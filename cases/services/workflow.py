"""流转：每一步由谁、从什么状态、到什么状态，期限随之开始或结束。"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import actor_for
from cases.models import Case, Notice
from cases.redress import redress_lines
from core.stages import Stage

from .deadlines import deadline_complete, deadline_open, pauses_end
from .documents import notice_issue
from .errors import CaseError, CasePermissionDenied, InvalidTransition, StaleVersion
from .history import save_with_reason
from .objections import objection_pending
from .results import ApprovalTerms, approval_terms, result_notice_content

S = Case.Status
CLERKS = frozenset({"clerk"})
REVIEWERS = frozenset({"reviewer"})
MAX_NOTE = 2000


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_note: bool = False
    closes: tuple[str, ...] = ()
    opens: str | None = None
    # A stage that starts when the period ``opens`` ends (审批确认 after 公示).
    then_opens: str | None = None
    # A decision on the application: any 补正 still open ends with it, and its
    # note is the decision's reason (决定意见), which the result notice states.
    concludes: bool = False
    # 审批同意 records the monthly amount and the month it starts from.
    needs_terms: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "accept",
            gettext_lazy("受理"),
            frozenset({S.RECEIVED}),
            S.ACCEPTED,
            CLERKS,
            closes=(Stage.ACCEPT,),
            opens=Stage.INVESTIGATE,
        ),
        Transition(
            "reject",
            gettext_lazy("不予受理"),
            frozenset({S.RECEIVED}),
            S.NOT_ACCEPTED,
            CLERKS,
            needs_note=True,
            closes=(Stage.ACCEPT,),
            opens=Stage.REPLY,
            concludes=True,
        ),
        Transition(
            "refer",
            gettext_lazy("转办"),
            frozenset({S.RECEIVED, S.ACCEPTED}),
            S.REFERRED,
            CLERKS,
            needs_note=True,
            closes=(Stage.ACCEPT, Stage.INVESTIGATE),
            opens=Stage.REPLY,
            concludes=True,
        ),
        Transition(
            "start_investigation",
            gettext_lazy("开始调查核实"),
            frozenset({S.ACCEPTED}),
            S.INVESTIGATING,
            CLERKS,
        ),
        Transition(
            "submit_review",
            gettext_lazy("提交审核"),
            frozenset({S.INVESTIGATING}),
            S.REVIEWING,
            CLERKS,
            closes=(Stage.INVESTIGATE,),
            opens=Stage.REVIEW,
        ),
        Transition(
            "start_public_notice",
            gettext_lazy("开始公示"),
            frozenset({S.REVIEWING}),
            S.PUBLIC_NOTICE,
            REVIEWERS,
            closes=(Stage.REVIEW,),
            opens=Stage.PUBLIC_NOTICE,
            then_opens=Stage.DECIDE,
        ),
        Transition(
            "approve",
            gettext_lazy("审批同意"),
            frozenset({S.REVIEWING, S.PUBLIC_NOTICE}),
            S.APPROVED,
            REVIEWERS,
            closes=(Stage.REVIEW, Stage.PUBLIC_NOTICE, Stage.DECIDE),
            opens=Stage.REPLY,
            concludes=True,
            needs_terms=True,
        ),
        Transition(
            "deny",
            gettext_lazy("审批不同意"),
            frozenset({S.REVIEWING, S.PUBLIC_NOTICE}),
            S.DENIED,
            REVIEWERS,
            needs_note=True,
            closes=(Stage.REVIEW, Stage.PUBLIC_NOTICE, Stage.DECIDE),
            opens=Stage.REPLY,
            concludes=True,
        ),
        Transition(
            "reply",
            gettext_lazy("回复申请人"),
            frozenset({S.APPROVED, S.DENIED, S.NOT_ACCEPTED, S.REFERRED}),
            S.REPLIED,
            CLERKS,
            closes=(Stage.REPLY,),
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            frozenset({S.REPLIED}),
            S.ARCHIVED,
            CLERKS | REVIEWERS,
        ),
    )
}


def available_transitions(user, case: Case) -> list[Transition]:
    actor = actor_for(user)
    return [
        t
        for t in TRANSITIONS.values()
        if case.status in t.sources
        and (actor.is_superuser or t.roles & actor.roles)
        and _blocked_reason(t, case) is None
    ]


def _blocked_reason(transition: Transition, case: Case) -> str | None:
    today = timezone.localdate()
    if transition.action == "accept":
        # Over .all(): a case read for display has its notices and materials at hand
        # (cases.selectors.with_case_details); otherwise a case has only a few.
        if any(
            n.kind == Notice.Kind.ONE_TIME and n.resolved_at is None
            for n in case.notices.all()
        ):
            return _("一次性告知书所列材料尚未补齐，不能受理。")
        missing = [
            m.name for m in case.materials.all() if m.required and not m.received
        ]
        if missing:
            return _("必交材料未收齐：%s。请先出具一次性告知书。") % "、".join(missing)
    if transition.action == "reject" and objection_pending(case):
        return _("申请人对核对报告的异议正在审核，不能以核对预警为由不予受理。")
    if transition.action == "start_public_notice" and case.public_notice_days == 0:
        return _("该事项无需公示。")
    if transition.action == "approve":
        if case.public_notice_days and case.status == S.REVIEWING:
            return (
                _("该事项须先公示%s天，公示期满后方可审批。") % case.public_notice_days
            )
        notice = case.deadlines.filter(stage=Stage.PUBLIC_NOTICE).first()
        if case.status == S.PUBLIC_NOTICE and notice and notice.due_on >= today:
            return _("公示期至%s，期满后方可审批。") % f"{notice.due_on:%Y-%m-%d}"
    return None


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
) -> Case:
    """One step of the workflow; ``notice_content`` adds to the notice it issues.

    (转办 through the referral ledger passes the department and feedback date, so
    the applicant's 转办告知 says who handles the case and by when.) 审批同意 takes
    the monthly amount and start month, as numbers and dates or as text.
    """
    from cases.selectors import cases_visible_to

    transition = TRANSITIONS.get(action)
    if transition is None:
        raise CaseError(
            _("未知的操作：%(action)s。可用的操作：%(known)s。")
            % {"action": action, "known": "、".join(TRANSITIONS)},
            field="action",
        )
    actor = actor_for(by)
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
    if not (actor.is_superuser or transition.roles & actor.roles):
        raise CasePermissionDenied(
            _("“%s”须由其他岗位办理，您没有权限。") % transition.label
        )
    if case.status not in transition.sources:
        raise InvalidTransition(
            _("案件当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"status": case.get_status_display(), "action": transition.label},
            field="action",
        )
    blocked = _blocked_reason(transition, case)
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
    _apply(
        transition,
        case,
        by=by,
        note=note,
        notice_content=notice_content or {},
        terms=terms,
    )
    return case


def _apply(
    transition: Transition,
    case: Case,
    *,
    by,
    note: str,
    notice_content: dict,
    terms: ApprovalTerms | None,
) -> None:
    today = timezone.localdate()
    previous = case.status
    case.status = transition.target
    case.version += 1
    if transition.concludes:
        case.decision_note = note
    if transition.action in {"approve", "deny"}:
        case.decision = transition.target
        case.decided_at = timezone.now()
    if terms is not None:
        case.monthly_amount = terms.monthly_amount
        case.starts_month = terms.starts_month
    if transition.action == "reply":
        case.closed_at = timezone.now()
    if transition.action == "archive":
        case.archive_category = f"{case.assistance_type.code}/{case.received_at:%Y}"
    reason = transition.label + (f"：{note}" if note else "")
    if terms is not None:
        reason += f"（{terms.describe()}）"
    save_with_reason(case, by=by, reason=str(reason))
    if transition.concludes:
        pauses_end(case=case, by=by, reason=_("已作出决定，补正结束"))
    for stage in transition.closes:
        deadline_complete(case=case, stage=stage, by=by)
    if transition.opens == Stage.PUBLIC_NOTICE:
        notice = deadline_open(
            case=case,
            stage=Stage.PUBLIC_NOTICE,
            starts_on=today,
            working_days=case.public_notice_days,
            by=by,
        )
        then_days = case.stage_limits.get(transition.then_opens or "")
        if then_days:
            # 公示期满后审批确认：从公示最后一天之后起算，期限由机关掌握。
            deadline_open(
                case=case,
                stage=transition.then_opens,
                starts_on=notice.due_on,
                working_days=then_days,
                by=by,
            )
    elif (
        transition.opens and not case.deadlines.filter(stage=transition.opens).exists()
    ):
        days = case.stage_limits.get(transition.opens)
        if days:
            deadline_open(
                case=case,
                stage=transition.opens,
                starts_on=today,
                working_days=days,
                by=by,
            )
    if transition.action in {"reject", "refer"}:
        kind = (
            Notice.Kind.NOT_ACCEPTED
            if transition.action == "reject"
            else (Notice.Kind.REFERRAL)
        )
        content = {"reason": note, **notice_content}
        if kind == Notice.Kind.NOT_ACCEPTED:
            content["redress"] = redress_lines()
        notice_issue(case=case, kind=kind, by=by, content=content)
    if transition.action == "reply":
        notice_issue(
            case=case,
            kind=Notice.Kind.RESULT,
            by=by,
            content=result_notice_content(case, outcome=previous),
        )
