"""事后评价与电话回访：办结后听取申请人评价；不满意的转为待整改。

Allowed on closed cases only (replied or archived). A follow-up is a record about
the case, not a change of it, so an archived case can still be revisited: its own
record stays read only.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, FollowUp

from .errors import CaseError
from .history import save_with_reason
from .text import clean_text


def _require_visible(by, case: Case) -> None:
    require(by, "case.followup", case)


@transaction.atomic
def followup_record(
    *, by, case: Case, kind: str, satisfaction: str, content: str = ""
) -> FollowUp:
    _require_visible(by, case)
    if not case.is_closed:
        raise CaseError(
            _("只能对已办结（已回复或已归档）的案件进行评价回访。"), field="kind"
        )
    if kind not in FollowUp.Kind.values:
        raise CaseError(_("请选择评价或回访方式。"), field="kind")
    if satisfaction not in FollowUp.Satisfaction.values:
        raise CaseError(_("请选择评价结果。"), field="satisfaction")
    if (
        kind == FollowUp.Kind.EVALUATION
        and case.followups.filter(kind=FollowUp.Kind.EVALUATION).exists()
    ):
        raise CaseError(
            _("本案已有一次事后评价；之后的请登记为电话回访。"), field="kind"
        )
    content = clean_text(
        content,
        field="content",
        label=_("申请人意见"),
        model=FollowUp,
        required=satisfaction == FollowUp.Satisfaction.DISSATISFIED,
    )
    followup = FollowUp(
        case=case,
        kind=kind,
        satisfaction=satisfaction,
        content=content,
        conducted_at=timezone.now(),
        conducted_by=by,
        status=FollowUp.Status.NEEDS_ACTION
        if satisfaction == FollowUp.Satisfaction.DISSATISFIED
        else FollowUp.Status.DONE,
    )
    save_with_reason(followup, by=by, reason=str(followup.get_kind_display()))
    return followup


@transaction.atomic
def followup_resolve(*, by, followup: FollowUp, result: str) -> FollowUp:
    """不满意的评价整改后登记结果。"""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    _require_visible(by, followup.case)
    if followup.status != FollowUp.Status.NEEDS_ACTION:
        raise CaseError(_("该评价回访无需整改。"))
    followup.result = clean_text(
        result, field="result", label=_("整改结果"), model=FollowUp
    )
    followup.status = FollowUp.Status.RESOLVED
    save_with_reason(followup, by=by, reason=_("登记整改结果"))
    return followup
