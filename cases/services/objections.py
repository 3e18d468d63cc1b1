"""核对报告异议：申请人持财产登记机关的佐证提出，乡镇审核，县级审核，再继续办理。

A warning in the economic-verification report is not a reason to turn an
application away by itself: while an objection is under review, the case cannot
be closed as not accepted.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, Pause, VerificationObjection

from .deadlines import pause_close, pause_open
from .errors import CaseError
from .guard import require_change
from .history import save_with_reason

OPEN = (
    VerificationObjection.Status.SUBMITTED,
    VerificationObjection.Status.TOWNSHIP_UPHELD,
)


def objection_pending(case: Case) -> bool:
    return case.objections.filter(status__in=OPEN).exists()


@transaction.atomic
def objection_submit(*, by, case: Case, warning: str, evidence: str):
    require_change(by, case)
    warning, evidence = (warning or "").strip(), (evidence or "").strip()
    if not warning:
        raise CaseError(_("请写明核对报告的预警内容。"), field="warning")
    if not evidence:
        raise CaseError(_("请登记申请人提交的财产登记机关佐证材料。"), field="evidence")
    if objection_pending(case):
        raise CaseError(_("本案已有一项核对异议正在审核。"))
    objection = VerificationObjection(
        case=case, warning=warning[:500], evidence=evidence[:2000]
    )
    save_with_reason(objection, by=by, reason=_("申请人对核对报告提出异议"))
    pause_open(
        case=case,
        kind=Pause.Kind.OBJECTION,
        objection=objection,
        by=by,
        reason=_("核对异议审核期间暂停计时"),
    )
    return objection


def _clock_resumes(objection, *, by) -> None:
    """The objection is decided: the case's clock runs again from today."""
    for pause in objection.pauses.filter(ended_on__isnull=True):
        pause_close(pause=pause, by=by, reason=_("核对异议审核完毕，恢复计时"))


@transaction.atomic
def objection_township_review(*, by, objection, uphold: bool, opinion: str):
    objection = VerificationObjection.objects.select_for_update().get(pk=objection.pk)
    require_change(by, objection.case)
    require(by, "objection.township_review", objection.case)
    if objection.status != VerificationObjection.Status.SUBMITTED:
        raise CaseError(_("该异议不在待乡镇审核状态。"))
    opinion = (opinion or "").strip()
    if not opinion:
        raise CaseError(_("请填写乡镇审核意见。"), field="opinion")
    objection.township_opinion = opinion[:2000]
    objection.township_reviewed_by = by
    objection.status = (
        VerificationObjection.Status.TOWNSHIP_UPHELD
        if uphold
        else VerificationObjection.Status.REJECTED
    )
    save_with_reason(objection, by=by, reason=_("乡镇审核核对异议"))
    if objection.status == VerificationObjection.Status.REJECTED:
        _clock_resumes(objection, by=by)
    return objection


@transaction.atomic
def objection_county_review(*, by, objection, uphold: bool, opinion: str):
    objection = VerificationObjection.objects.select_for_update().get(pk=objection.pk)
    require(by, "objection.county_review", objection.case)
    if objection.status != VerificationObjection.Status.TOWNSHIP_UPHELD:
        raise CaseError(_("该异议须先经乡镇审核通过。"))
    opinion = (opinion or "").strip()
    if not opinion:
        raise CaseError(_("请填写县级审核意见。"), field="opinion")
    objection.county_opinion = opinion[:2000]
    objection.county_reviewed_by = by
    objection.status = (
        VerificationObjection.Status.UPHELD
        if uphold
        else VerificationObjection.Status.REJECTED
    )
    save_with_reason(objection, by=by, reason=_("县级审核核对异议"))
    _clock_resumes(objection, by=by)
    return objection
