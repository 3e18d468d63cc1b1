"""查看完整身份证号码：须写明理由，每一次都记录在案。"""

from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, IdRevealLog
from core import limits
from core.limits import too_long
from portal.accounts import log as access_log

from .errors import CaseError


@transaction.atomic
def id_number_reveal(
    *, by, case: Case, reason: str, ip_address: str | None = None
) -> str:
    """Return the applicant's full ID number after logging who, when and why.

    Reading is allowed to everyone who may see the case (auditors included);
    the log is written first, so a number is never shown without its record.
    """
    require(by, "case.id_reveal", case)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("查看完整身份证号码须写明理由。"), field="reason")
    limit = limits.max_length(IdRevealLog, "reason")
    if len(reason) > limit:
        raise CaseError(_("查看理由") + too_long(limit, len(reason)), field="reason")
    IdRevealLog.objects.create(
        user=by,
        applicant=case.applicant,
        case=case,
        reason=reason,
        ip_address=ip_address,
    )
    # Also on the staff access log, in this same transaction.
    access_log.record(
        access_log.Kind.ID_REVEAL,
        user=by,
        ip_address=ip_address,
        case_number=case.number,
        detail=reason,
    )
    return case.applicant.id_number
