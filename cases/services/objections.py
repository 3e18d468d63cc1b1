"""核对报告异议：申请人持财产登记机关的佐证提出，乡镇审核，县级审核，再继续办理。

A warning in the economic-verification report is not a reason to turn an
application away by itself: while an objection is under review, the case cannot
be closed as not accepted.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Pause, VerificationObjection

from .attachments import evidence_from_case
from .deadlines import pause_close, pause_open
from .errors import InvalidTransition
from .guard import require_change
from .history import save_with_reason
from .text import clean_text

OPEN = (
    VerificationObjection.Status.SUBMITTED,
    VerificationObjection.Status.TOWNSHIP_UPHELD,
)


def objection_pending(case: Case) -> bool:
    return case.objections.filter(status__in=OPEN).exists()


# 核对报告 belongs to the examination of the application: before the case is
# decided an objection can still change it; afterwards it cannot.
OPEN_TO_OBJECTION = frozenset(
    {
        Case.Status.RECEIVED,
        Case.Status.ACCEPTED,
        Case.Status.INVESTIGATING,
        Case.Status.REVIEWING,
    }
)


def _text(value, field: str, label: str, *, required: bool = True) -> str:
    return clean_text(
        value, field=field, label=label, model=VerificationObjection, required=required
    )


def _evidence_list(attachments) -> str | None:
    """佐证附件清单 as the history keeps it: name and digest of each file."""
    lines = [f"{a.name}（SHA-256 {a.sha256}）" for a in attachments]
    return "\n".join(lines) or None


@transaction.atomic
def objection_submit(
    *, by, case: Case, warning: str, evidence: str, attachment_ids=()
) -> VerificationObjection:
    """申请人对核对报告提出异议：登记预警内容、佐证材料及其附件，暂停计时。"""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_change(by, case, "objection.submit")
    if case.status not in OPEN_TO_OBJECTION:
        raise InvalidTransition(
            _(
                "案件当前为“%(status)s”，核对报告异议须在受理、调查核实或审核阶段"
                "（审批前）提出。"
            )
            % {"status": case.get_status_display()}
        )
    warning = _text(warning, "warning", _("核对报告的预警内容"))
    evidence = _text(evidence, "evidence", _("财产登记机关佐证材料"))
    attachments = evidence_from_case(case, attachment_ids)
    if objection_pending(case):
        raise InvalidTransition(_("本案已有一项核对异议正在审核。"))
    objection = VerificationObjection(
        case=case,
        warning=warning,
        evidence=evidence,
        evidence_files=_evidence_list(attachments),
        submitted_by=by,
    )
    save_with_reason(objection, by=by, reason=_("申请人对核对报告提出异议"))
    objection.evidence_attachments.set(attachments)
    pause_open(
        case=case,
        kind=Pause.Kind.OBJECTION,
        objection=objection,
        by=by,
        reason=_("核对异议审核期间暂停计时"),
    )
    return objection


def _opinion(value, stored: str, label: str) -> str:
    return clean_text(
        value, field="opinion", label=label, model=VerificationObjection, stored=stored
    )


def _clock_resumes(objection, *, by) -> None:
    """The objection is decided: the case's clock runs again from today."""
    for pause in objection.pauses.filter(ended_on__isnull=True):
        pause_close(pause=pause, by=by, reason=_("核对异议审核完毕，恢复计时"))


@dataclass(frozen=True)
class _Level:
    """One level of review: its fields are ``<name>_opinion``, ``_reviewed_by``
    and ``_reviewed_at``; ``last`` when its decision ends the objection."""

    name: str
    action: str
    waits_at: str
    not_waiting: str
    opinion_label: str
    upheld: str
    reason: str
    last: bool


_S = VerificationObjection.Status
TOWNSHIP = _Level(
    "township",
    "objection.township_review",
    _S.SUBMITTED,
    gettext_lazy("该异议当前为“%s”，不在待乡镇审核状态。"),
    gettext_lazy("乡镇审核意见"),
    _S.TOWNSHIP_UPHELD,
    gettext_lazy("乡镇审核核对异议"),
    last=False,
)
COUNTY = _Level(
    "county",
    "objection.county_review",
    _S.TOWNSHIP_UPHELD,
    gettext_lazy("该异议当前为“%s”，须先经乡镇审核通过才能县级审核。"),
    gettext_lazy("县级审核意见"),
    _S.UPHELD,
    gettext_lazy("县级审核核对异议"),
    last=True,
)


def _review(level: _Level, *, by, objection, uphold: bool, opinion: str):
    objection = VerificationObjection.objects.select_for_update().get(pk=objection.pk)
    require_change(by, objection.case, level.action)
    if objection.status != level.waits_at:
        raise InvalidTransition(level.not_waiting % objection.get_status_display())
    field = f"{level.name}_opinion"
    setattr(objection, field, _opinion(opinion, field, str(level.opinion_label)))
    setattr(objection, f"{level.name}_reviewed_by", by)
    setattr(objection, f"{level.name}_reviewed_at", timezone.now())
    objection.status = level.upheld if uphold else _S.REJECTED
    save_with_reason(objection, by=by, reason=str(level.reason))
    if level.last or objection.status == _S.REJECTED:
        _clock_resumes(objection, by=by)
    return objection


@transaction.atomic
def objection_township_review(*, by, objection, uphold: bool, opinion: str):
    """乡镇审核: upheld, it goes on to the county; rejected, the clock runs again."""
    return _review(TOWNSHIP, by=by, objection=objection, uphold=uphold, opinion=opinion)


@transaction.atomic
def objection_county_review(*, by, objection, uphold: bool, opinion: str):
    """县级审核: either way the objection is decided and the clock runs again."""
    return _review(COUNTY, by=by, objection=objection, uphold=uphold, opinion=opinion)
