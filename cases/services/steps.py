"""流转表: every step of the workflow, one ``Transition`` entry each.

An entry says who takes the step, from which statuses to which, and beside it
everything the step does: its guards (each a reason in Chinese why it cannot be
taken now, or None), the fields it changes, the stage deadlines it closes and
opens, and the notice it issues. The engine (workflow.py) runs every entry the
same way and knows no step by name, so a new step (审批确认) is one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Notice
from cases.redress import redress_lines
from core.stages import Stage

from .enrolment import recipient_register
from .objections import objection_pending
from .results import ApprovalTerms, result_notice_content

S = Case.Status


@dataclass(frozen=True)
class Step:
    """One step being taken, as field changes and notice contents see it."""

    by: object
    note: str
    now: datetime
    previous: str  # the status the case had before the step
    terms: ApprovalTerms | None = None
    notice_content: dict | None = None


Guard = Callable[[Case], str | None]
Change = Callable[[Case, Step], None]


@dataclass(frozen=True)
class Opening:
    """A stage deadline a step opens, unless the case has had one already.

    It starts the day of the step, or where the deadline of the stage ``after``
    ends (审批确认 after 公示). It runs ``days(case)`` working days, by default
    the guide's limit for the stage; with no days it is not opened.
    """

    stage: str
    after: str | None = None
    days: Callable[[Case], int] | None = None

    def working_days(self, case: Case) -> int:
        if self.days is not None:
            return self.days(case)
        return case.stage_limits.get(self.stage, 0)


@dataclass(frozen=True)
class Issue:
    """The notice a step issues, its content made from the case and the step."""

    kind: str
    content: Callable[[Case, Step], dict]


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    # Who may take the step: its row in cases.access.actions ("case.accept").
    permission: str
    guards: tuple[Guard, ...] = ()
    # Run after the status is set to ``target``, before the case is saved.
    changes: tuple[Change, ...] = ()
    # Run once the case is saved: the records the step makes about it (在册对象).
    effects: tuple[Change, ...] = ()
    needs_note: bool = False
    # 审批同意 records the monthly amount and the month it starts from.
    needs_terms: bool = False
    # A decision on the application: any 补正 still open ends with it, and its
    # note is the decision's reason (决定意见), which the notices state.
    concludes: bool = False
    closes: tuple[str, ...] = ()
    opens: tuple[Opening, ...] = ()
    notice: Issue | None = None
    # 归档: the case, with its notices and attachments, goes into the catalogue.
    files: bool = False

    def blocked_reason(self, case: Case) -> str | None:
        for guard in self.guards:
            reason = guard(case)
            if reason:
                return reason
        return None


# ---- guards


def one_time_notice_resolved(case: Case) -> str | None:
    # Over .all(): a case read for display has its notices and materials at hand
    # (cases.selectors.with_case_details); otherwise a case has only a few.
    if any(
        n.kind == Notice.Kind.ONE_TIME and n.resolved_at is None
        for n in case.notices.all()
    ):
        return _("一次性告知书所列材料尚未补齐，不能受理。")
    return None


def required_materials_received(case: Case) -> str | None:
    missing = [m.name for m in case.materials.all() if m.required and not m.received]
    if missing:
        return _("必交材料未收齐：%s。请先出具一次性告知书。") % "、".join(missing)
    return None


def no_objection_pending(case: Case) -> str | None:
    if objection_pending(case):
        return _("申请人对核对报告的异议正在审核，不能以核对预警为由不予受理。")
    return None


def review_stage_timed(case: Case) -> str | None:
    if not case.stage_limits.get(Stage.REVIEW):
        return _("该事项不设乡镇审核环节，调查核实后直接报送审批。")
    return None


def review_stage_untimed(case: Case) -> str | None:
    if case.stage_limits.get(Stage.REVIEW):
        return _("该事项须先经乡镇审核，由乡镇审核人报送审批。")
    return None


def public_notice_required(case: Case) -> str | None:
    if case.public_notice_days == 0:
        return _("该事项无需公示。")
    return None


def public_notice_held(case: Case) -> str | None:
    if case.public_notice_days and case.status in (S.INVESTIGATING, S.REVIEWING):
        days = case.public_notice_days
        return _("该事项须先公示%s天，公示期满后方可报送审批。") % days
    return None


def public_notice_ended(case: Case) -> str | None:
    notice = case.deadlines.filter(stage=Stage.PUBLIC_NOTICE).first()
    if (
        case.status == S.PUBLIC_NOTICE
        and notice
        and notice.due_on >= timezone.localdate()
    ):
        return _("公示期至%s，期满后方可报送审批。") % f"{notice.due_on:%Y-%m-%d}"
    return None


# Guards that tell the assistance type's procedure, not the case's progress: a
# step they block is not this type's to take, so the case page does not list it.
NOT_THIS_TYPE = frozenset(
    {review_stage_timed, review_stage_untimed, public_notice_required}
)


# ---- field changes


def record_decision(case: Case, step: Step) -> None:
    """审批结论与时间, kept when the status moves on to 回复 and 归档."""
    case.decision = case.status
    case.decided_at = step.now


def record_terms(case: Case, step: Step) -> None:
    case.monthly_amount = step.terms.monthly_amount
    case.starts_month = step.terms.starts_month


def register_recipient(case: Case, step: Step) -> None:
    """审批同意：登记为在册救助对象，与审批同一事务。"""
    recipient_register(by=step.by, case=case, now=step.now)


def close(case: Case, step: Step) -> None:
    case.closed_at = step.now


def file_for_archive(case: Case, step: Step) -> None:
    case.archive_category = f"{case.assistance_type.code}/{case.received_at:%Y}"


# ---- notice contents


def stated_reason(case: Case, step: Step) -> dict:
    return {"reason": step.note, **(step.notice_content or {})}


def refusal_with_redress(case: Case, step: Step) -> dict:
    """不予受理告知书 states how to seek redress (复议、诉讼)."""
    return {**stated_reason(case, step), "redress": redress_lines()}


def result(case: Case, step: Step) -> dict:
    return result_notice_content(case, outcome=step.previous)


def public_notice_days(case: Case) -> int:
    return case.public_notice_days


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "accept",
            gettext_lazy("受理"),
            frozenset({S.RECEIVED}),
            S.ACCEPTED,
            "case.accept",
            guards=(one_time_notice_resolved, required_materials_received),
            closes=(Stage.ACCEPT,),
            opens=(Opening(Stage.INVESTIGATE),),
        ),
        Transition(
            "reject",
            gettext_lazy("不予受理"),
            frozenset({S.RECEIVED}),
            S.NOT_ACCEPTED,
            "case.reject",
            guards=(no_objection_pending,),
            needs_note=True,
            concludes=True,
            closes=(Stage.ACCEPT,),
            opens=(Opening(Stage.REPLY),),
            notice=Issue(Notice.Kind.NOT_ACCEPTED, refusal_with_redress),
        ),
        Transition(
            "refer",
            gettext_lazy("转办"),
            frozenset({S.RECEIVED, S.ACCEPTED}),
            S.REFERRED,
            "case.refer",
            needs_note=True,
            concludes=True,
            closes=(Stage.ACCEPT, Stage.INVESTIGATE),
            opens=(Opening(Stage.REPLY),),
            notice=Issue(Notice.Kind.REFERRAL, stated_reason),
        ),
        Transition(
            "start_investigation",
            gettext_lazy("开始调查核实"),
            frozenset({S.ACCEPTED}),
            S.INVESTIGATING,
            "case.start_investigation",
        ),
        Transition(
            "submit_review",
            gettext_lazy("提交审核"),
            frozenset({S.INVESTIGATING}),
            S.REVIEWING,
            "case.submit_review",
            guards=(review_stage_timed,),
            closes=(Stage.INVESTIGATE,),
            opens=(Opening(Stage.REVIEW),),
        ),
        # 无乡镇审核环节的事项（临时救助等）：调查核实后由经办人报县级审批确认。
        Transition(
            "submit_investigation",
            gettext_lazy("报送审批"),
            frozenset({S.INVESTIGATING}),
            S.DECIDING,
            "case.submit_investigation",
            guards=(review_stage_untimed, public_notice_held),
            closes=(Stage.INVESTIGATE,),
            opens=(Opening(Stage.DECIDE),),
        ),
        Transition(
            "start_public_notice",
            gettext_lazy("开始公示"),
            frozenset({S.REVIEWING}),
            S.PUBLIC_NOTICE,
            "case.start_public_notice",
            guards=(public_notice_required,),
            closes=(Stage.REVIEW,),
            opens=(
                Opening(Stage.PUBLIC_NOTICE, days=public_notice_days),
                # 公示期满后审批确认：从公示最后一天起算。
                Opening(Stage.DECIDE, after=Stage.PUBLIC_NOTICE),
            ),
        ),
        # 乡镇审核通过（须公示的，公示期满）后报县级审批确认。
        Transition(
            "submit_decision",
            gettext_lazy("报送审批"),
            frozenset({S.REVIEWING, S.PUBLIC_NOTICE}),
            S.DECIDING,
            "case.submit_decision",
            guards=(public_notice_held, public_notice_ended),
            closes=(Stage.REVIEW, Stage.PUBLIC_NOTICE),
            opens=(Opening(Stage.DECIDE),),
        ),
        Transition(
            "approve",
            gettext_lazy("审批同意"),
            frozenset({S.DECIDING}),
            S.APPROVED,
            "case.approve",
            changes=(record_decision, record_terms),
            effects=(register_recipient,),
            needs_terms=True,
            concludes=True,
            closes=(Stage.DECIDE,),
            opens=(Opening(Stage.REPLY),),
        ),
        Transition(
            "deny",
            gettext_lazy("审批不同意"),
            frozenset({S.DECIDING}),
            S.DENIED,
            "case.deny",
            changes=(record_decision,),
            needs_note=True,
            concludes=True,
            closes=(Stage.DECIDE,),
            opens=(Opening(Stage.REPLY),),
        ),
        Transition(
            "reply",
            gettext_lazy("回复申请人"),
            frozenset({S.APPROVED, S.DENIED, S.NOT_ACCEPTED, S.REFERRED}),
            S.REPLIED,
            "case.reply",
            changes=(close,),
            closes=(Stage.REPLY,),
            notice=Issue(Notice.Kind.RESULT, result),
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            frozenset({S.REPLIED}),
            S.ARCHIVED,
            "case.archive",
            changes=(file_for_archive,),
            files=True,
        ),
    )
}
