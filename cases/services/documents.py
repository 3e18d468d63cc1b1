"""Issuing a written notice, and what it states besides its own items, frozen then.

一次性告知须讲明依据、时限和办理机关；收件回执写明办理窗口。These particulars go
into ``Notice.content`` at issue time, so a reprint years later shows what the
applicant was told then, not what the guide or the directory says now.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.guides import terms_for
from cases.models import Case, Notice
from core.stages import CASE_STAGES, Stage
from portal.models import ServicePoint

from .history import save_with_reason
from .numbering import next_number


def _office(case: Case, by) -> dict[str, str]:
    """The service point where the case was received (首问负责), else its window."""
    points = ServicePoint.objects.all()
    point = (
        points.filter(staff_a=by).first()
        or points.filter(staff_b=by).first()
        or points.filter(
            level=ServicePoint.Level.TOWNSHIP, township=case.township
        ).first()
    )
    if point is None:
        return {"name": case.township.name, "address": "", "phone": ""}
    return {"name": point.name, "address": point.address, "phone": point.phone}


def _legal_basis(case: Case) -> list[str]:
    return terms_for(case.assistance_type).legal_basis


def _limits(case: Case) -> list[dict]:
    order = [stage.value for stage in CASE_STAGES]
    stages = sorted((k for k in case.stage_limits if k in order), key=order.index)
    limits = [
        {"stage": str(Stage(k).label), "days": case.stage_limits[k]} for k in stages
    ]
    return [row for row in limits if row["days"]]


def notice_particulars(case: Case, *, by, basis: list[str] | None = None) -> dict:
    """Case number, applicant, item, office, legal basis and time limits.

    ``basis``: the legal basis when the caller has just read the guide anyway
    (the intake, through ``terms_for``), so it is not looked up twice.
    """
    return {
        "case_number": case.number,
        "applicant": case.applicant.name,
        "assistance_type": case.assistance_type.name,
        "office": _office(case, by),
        "basis": _legal_basis(case) if basis is None else basis,
        "limits": _limits(case),
        "public_notice_days": case.public_notice_days,
    }


def notice_issue(
    *, case: Case, kind: str, by, content: dict, basis: list[str] | None = None
) -> Notice:
    """Every notice also freezes the office, legal basis and time limits it states."""
    notice = Notice(
        case=case,
        kind=kind,
        number=next_number("GZ"),
        issued_at=timezone.now(),
        issued_by=by,
        content={**notice_particulars(case, by=by, basis=basis), **content},
    )
    save_with_reason(notice, by=by, reason=_("出具%s") % notice.get_kind_display())
    return notice
