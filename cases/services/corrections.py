"""更正申请人信息: an explicit action on one case, with a reason, in its history.

Each case keeps the applicant as given at its intake (services.intake); a wrong
name, phone or address is corrected here, on that case alone. The ID number
links one person's cases, so changing it is asked for here and applied only
when a reviewer other than the one who asked approves it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import instances, require
from cases.identity import normalise_id_number, validate_id_number, validate_phone
from cases.models import Applicant, ApplicantCorrection, Case
from portal.models import Village

from .errors import CaseArchived, CaseError, CasePermissionDenied, InvalidTransition
from .history import save_with_reason
from .text import clean_text


def _case_for_change(by, case: Case, *, action: str) -> Case:
    """The case locked for the change, if ``by`` may make it; refused otherwise."""
    require(by, action)
    try:
        case = (
            instances(by, action)
            .select_for_update(of=("self",))
            .select_related("applicant")
            .get(pk=case.pk)
        )
    except Case.DoesNotExist as error:
        raise CasePermissionDenied(_("您无权办理该案件。")) from error
    if case.is_read_only:
        raise CaseArchived(
            _("案件%(number)s已归档，只读，不能更正申请人信息。")
            % {"number": case.number}
        )
    return case


def _reason(reason: str | None) -> str:
    return clean_text(
        reason, field="reason", label=_("更正理由"), model=ApplicantCorrection
    )


def _checked(validator, value: str, field: str) -> str:
    try:
        validator(value)
    except ValidationError as error:
        raise CaseError(error.messages[0], field=field) from error
    return value


@transaction.atomic
def applicant_correct(
    *,
    by,
    case: Case,
    name: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    village: Village | None = None,
    reason: str,
) -> Case:
    """Correct this case's applicant; ``None`` leaves a value as it is."""
    case = _case_for_change(by, case, action="applicant_correct")
    reason = _reason(reason)
    applicant = case.applicant
    wanted = {}
    if name is not None:
        wanted["name"] = clean_text(
            name, field="name", label=_("申请人姓名"), model=Applicant
        )
    if phone is not None:
        wanted["phone"] = _checked(validate_phone, phone.strip(), "phone")
    if address is not None:
        wanted["address"] = clean_text(
            address, field="address", label=_("住址"), model=Applicant
        )
    if village is not None:
        if village.township_id != case.township_id:
            raise CaseError(_("所选村（社区）不属于本案所在乡镇。"), field="village")
        wanted["village_id"] = village.pk
    changed = {k: v for k, v in wanted.items() if getattr(applicant, k) != v}
    if not changed:
        raise CaseError(
            _("所填内容与登记的一致，没有需要更正的信息。"),
            field=next((k.removesuffix("_id") for k in wanted), None),
        )
    for field_name, value in changed.items():
        setattr(applicant, field_name, value)
    save_with_reason(applicant, by=by, reason=_("更正申请人信息：%s") % reason)
    return case


@transaction.atomic
def applicant_id_change_request(
    *, by, case: Case, new_id_number: str, reason: str
) -> ApplicantCorrection:
    """Ask for this case's applicant's ID number to be changed (待审核)."""
    case = _case_for_change(by, case, action="applicant_correct")
    reason = _reason(reason)
    number = _checked(
        validate_id_number, normalise_id_number(new_id_number), "new_id_number"
    )
    if number == case.applicant.id_number:
        raise CaseError(
            _("新的身份证号码与登记的相同，无需更正。"), field="new_id_number"
        )
    if case.applicant_corrections.filter(
        status=ApplicantCorrection.Status.PENDING
    ).exists():
        raise InvalidTransition(
            _("本案已有一项身份证号码更正申请待审核，请等审核后再提出。")
        )
    correction = ApplicantCorrection(
        case=case,
        id_number=number,
        reason=reason,
        requested_by=by,
        requested_at=timezone.now(),
    )
    save_with_reason(correction, by=by, reason=_("申请更正身份证号码：%s") % reason)
    return correction


@transaction.atomic
def applicant_id_change_decide(
    *, by, correction: ApplicantCorrection, approve: bool, note: str = ""
) -> ApplicantCorrection:
    """A reviewer other than the requester approves (the number is changed on
    this case's applicant only) or refuses (a note says why)."""
    require(by, "id_number_change_decide")
    try:
        correction = ApplicantCorrection.objects.select_for_update().get(
            pk=correction.pk
        )
    except ApplicantCorrection.DoesNotExist as error:
        raise CasePermissionDenied(_("您无权办理该案件。")) from error
    case = _case_for_change(by, correction.case, action="id_number_change_decide")
    if correction.requested_by_id == by.pk:
        raise CasePermissionDenied(
            _("身份证号码更正须由提出人以外的另一名审核人批准。")
        )
    if not correction.is_pending:
        raise InvalidTransition(
            _("该更正申请已经审核过（%s）。") % correction.get_status_display()
        )
    note = clean_text(
        note,
        field="note",
        label=_("审核意见"),
        model=ApplicantCorrection,
        stored="decision_note",
        required=not approve,
    )
    correction.decide(by=by, approve=approve, note=note, at=timezone.now())
    save_with_reason(
        correction,
        by=by,
        reason=_("批准更正身份证号码") if approve else _("不批准更正身份证号码"),
    )
    if approve:
        applicant = case.applicant
        applicant.id_number = correction.id_number
        save_with_reason(
            applicant,
            by=by,
            reason=_("更正身份证号码（经审核批准）：%s") % correction.reason,
        )
    return correction
