"""救助对象退出（停保）：定期复核、死亡、迁出或本人申请后，登记退出日期与原因。

Only an approved case is a recipient (``Case.decision``; after reply and archiving
the status no longer says so). The exit usually comes long after the case was
archived, so, like a follow-up, it is a record about the case and is allowed on
an archived case: the case itself stays read only.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, RecipientExit

from .enrolment import stop_on_exit
from .errors import CaseError
from .history import save_with_reason
from .text import clean_text


def _require_exit_permission(by, case: Case) -> None:
    require(by, "case.exit", case)


@transaction.atomic
def case_exit(
    *, by, case: Case, exited_on: date | None, reason: str, note: str = ""
) -> RecipientExit:
    """登记救助对象退出；每案一次。"""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_exit_permission(by, case)
    if case.decision != Case.Status.APPROVED or case.decided_at is None:
        raise CaseError(
            _("只有审批同意的救助对象才能登记退出（本案未经审批同意）。"),
            field="reason",
        )
    if RecipientExit.objects.filter(case=case).exists():
        raise CaseError(_("本案救助对象已登记退出，不能重复登记。"), field="reason")
    if reason not in RecipientExit.Reason.values:
        raise CaseError(_("请选择退出原因。"), field="reason")
    if exited_on is None:
        raise CaseError(_("请填写退出日期。"), field="exited_on")
    today = timezone.localdate()
    if exited_on > today:
        raise CaseError(
            _("退出日期不能晚于今天（%s）。") % f"{today:%Y-%m-%d}", field="exited_on"
        )
    decided_on = timezone.localdate(case.decided_at)
    if exited_on < decided_on:
        raise CaseError(
            _("退出日期不能早于审批同意的日期（%s）。") % f"{decided_on:%Y-%m-%d}",
            field="exited_on",
        )
    note = clean_text(
        note,
        field="note",
        label=_("说明"),
        model=RecipientExit,
        required=reason == RecipientExit.Reason.OTHER,
    )
    record = RecipientExit(
        case=case,
        exited_on=exited_on,
        reason=reason,
        note=note,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    said = record.get_reason_display()
    save_with_reason(record, by=by, reason=_("救助对象退出：%s") % said)
    stop_on_exit(by=by, case=case, reason=str(said))
    return record
