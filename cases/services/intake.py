"""受理登记：申请一户，录入一户。"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import Place, may, require
from cases.channels import Channel
from cases.guides import terms_for
from cases.identity import normalise_id_number, validate_id_number, validate_phone
from cases.models import Applicant, Case, HouseholdMember, Notice, ReceivedMaterial
from cases.selectors.cases import remember_related
from cases.selectors.windows import township_window
from core import limits
from core.limits import too_long
from core.workdays import WorkingCalendar
from portal.models import AssistanceType, ServicePoint, Township, Village

from .alerts import proxy_request_alert, window_unstaffed_alert
from .deadlines import deadline_open, stage_schedule
from .documents import notice_issue
from .errors import CaseError
from .history import create_all_with_reason, save_with_reason
from .numbering import next_number

MAX_MATERIALS = 60
MAX_HOUSEHOLD = 30


@dataclass(frozen=True)
class ApplicantData:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass(frozen=True)
class MaterialIn:
    name: str
    pages: int = 0
    copies: int = 1


@dataclass(frozen=True)
class MemberIn:
    name: str
    relation: str
    id_number: str = ""


@dataclass
class IntakeRequest:
    assistance_type: AssistanceType
    channel: str
    township: Township
    applicant: ApplicantData
    description: str
    village: Village | None = None
    materials: list[MaterialIn] = field(default_factory=list)
    household: list[MemberIn] = field(default_factory=list)
    external_reference: str = ""


def _check(condition: bool, message: str, field_name: str) -> None:
    if not condition:
        raise CaseError(message, field=field_name)


def _check_length(value: str, model, name: str, label: str, field_name: str) -> None:
    """The limit of the model field the text is stored in (core.limits)."""
    limit = limits.max_length(model, name)
    _check(len(value) <= limit, label + too_long(limit, len(value)), field_name)


def _validate(request: IntakeRequest) -> None:
    a = request.applicant
    _check(request.channel in Channel.values, _("受理渠道不正确。"), "channel")
    _check(
        request.village is None or request.village.township_id == request.township.pk,
        _("所选村（社区）不属于所选乡镇。"),
        "village",
    )
    _check(bool(a.name.strip()), _("请填写申请人姓名。"), "applicant.name")
    _check_length(a.name, Applicant, "name", _("姓名"), "applicant.name")
    _check(bool(a.address.strip()), _("请填写住址。"), "applicant.address")
    _check_length(a.address, Applicant, "address", _("住址"), "applicant.address")
    description = request.description.strip()
    _check(bool(description), _("请填写申请事由。"), "description")
    _check_length(description, Case, "description", _("申请事由"), "description")
    _check(len(request.materials) <= MAX_MATERIALS, _("材料项过多。"), "materials")
    _check(len(request.household) <= MAX_HOUSEHOLD, _("家庭成员过多。"), "household")
    for field_name, validator, value in (
        ("applicant.id_number", validate_id_number, a.id_number),
        ("applicant.phone", validate_phone, a.phone),
    ):
        try:
            validator(value)
        except ValidationError as error:
            raise CaseError(error.messages[0], field=field_name) from error
    for index, member in enumerate(request.household):
        _check(
            bool(member.name.strip()), _("请填写家庭成员姓名。"), f"household.{index}"
        )
        _check_length(
            member.name, HouseholdMember, "name", _("姓名"), f"household.{index}"
        )
        _check_length(
            member.relation,
            HouseholdMember,
            "relation",
            _("与申请人关系"),
            f"household.{index}",
        )
        if member.id_number:
            try:
                validate_id_number(member.id_number)
            except ValidationError as error:
                raise CaseError(
                    error.messages[0], field=f"household.{index}.id_number"
                ) from error
    for index, material in enumerate(request.materials):
        _check(bool(material.name.strip()), _("请填写材料名称。"), f"materials.{index}")
        _check_length(
            material.name,
            ReceivedMaterial,
            "name",
            _("材料名称"),
            f"materials.{index}",
        )
        _check(
            0 <= material.pages <= 2000 and 1 <= material.copies <= 20,
            _("页数或份数不合理。"),
            f"materials.{index}",
        )


def _applicant(request: IntakeRequest, by) -> Applicant:
    """申请人快照: the applicant and household as given for this case.

    Every intake makes its own rows, even for an ID number already on file: the
    same person's earlier case (perhaps another township's, perhaps archived)
    keeps what was given then. The ID number links one person's cases; a change
    to a case's applicant is a correction on that case (services.corrections).
    """
    data = request.applicant
    applicant = Applicant(
        id_number=normalise_id_number(data.id_number),
        name=data.name.strip(),
        phone=data.phone.strip(),
        address=data.address.strip(),
        township=request.township,
        village=request.village,
    )
    save_with_reason(applicant, by=by, reason=_("受理登记"))
    members = create_all_with_reason(
        [
            HouseholdMember(
                applicant=applicant,
                name=member.name.strip(),
                relation=member.relation.strip()[:20],
                id_number=normalise_id_number(member.id_number),
            )
            for member in request.household
        ],
        by=by,
        reason=_("受理登记"),
    )
    remember_related(applicant, "household", members)
    return applicant


@transaction.atomic
def case_receive(*, by, request: IntakeRequest) -> Case:
    """Log an application now: number, 首问负责, checklist, receipt, first deadline."""
    require(by, "case.intake", Place.of(request.township, request.village))
    _validate(request)
    terms = terms_for(request.assistance_type)
    now = timezone.now()
    today = timezone.localdate(now)
    # Read before the case number is drawn: from then on concurrent intakes wait
    # on the counter and the history chains until this one commits.
    calendar = WorkingCalendar()
    handler, backup_handler = _handlers_for(by, request, today=today, calendar=calendar)
    case = Case(
        number=next_number("JZ"),
        assistance_type=request.assistance_type,
        channel=request.channel,
        township=request.township,
        village=request.village,
        applicant=_applicant(request, by),
        description=request.description.strip(),
        received_at=now,
        received_by=by,
        handler=handler,
        backup_handler=backup_handler,
        stage_limits=terms.stage_limits,
        public_notice_days=terms.public_notice_days,
        external_reference=request.external_reference[:64],
    )
    save_with_reason(case, by=by, reason=_("受理登记"))
    received = {m.name.strip(): m for m in request.materials}
    rows = []
    for order, item in enumerate(terms.materials):
        got = received.pop(item.name, None)
        rows.append(
            ReceivedMaterial(
                case=case,
                name=item.name,
                form=item.form,
                copies=got.copies if got else item.copies,
                pages=got.pages if got else 0,
                required=item.required,
                received=got is not None,
                received_at=now if got else None,
                note=item.note,
                sort_order=order,
            )
        )
    for order, got in enumerate(received.values(), start=len(rows)):
        rows.append(
            ReceivedMaterial(
                case=case,
                name=got.name.strip(),
                copies=got.copies,
                pages=got.pages,
                required=False,
                from_guide=False,
                received=True,
                received_at=now,
                sort_order=order,
            )
        )
    rows = create_all_with_reason(rows, by=by, reason=_("收件登记"))
    deadline = deadline_open(
        case=case,
        stage="accept",
        starts_on=today,
        working_days=terms.stage_limits.get("accept", 1),
        by=by,
        calendar=calendar,
        pauses=[],  # a case logged just now has no 补正 yet
    )
    # Each stage's latest day, as the workflow will schedule it; the last is the
    # day the office promises to have replied by.
    schedule = stage_schedule(
        stage_limits=terms.stage_limits,
        public_notice_days=terms.public_notice_days,
        starts_on=today,
        calendar=calendar,
    )
    receipt = notice_issue(
        case=case,
        kind=Notice.Kind.RECEIPT,
        by=by,
        basis=terms.legal_basis,
        content={
            "materials": [
                {
                    "name": r.name,
                    "form": r.get_form_display(),
                    "copies": r.copies,
                    "pages": r.pages,
                }
                for r in rows
                if r.received
            ],
            "missing": [r.name for r in rows if r.required and not r.received],
            "schedule": schedule,
            "promised_on": schedule[-1]["due_on"] if schedule else f"{today:%Y-%m-%d}",
            "total_days": terms.total_days,
            "handler": ServicePoint.staff_display_name(by),
            "guide": terms.guide_title,
        },
    )
    if case.channel == Channel.PROXY:
        proxy_request_alert(case, by=by)
    # The response shows the case as logged; these are all its records so far.
    remember_related(case, "deadlines", [deadline])
    remember_related(case, "materials", rows)
    remember_related(case, "notices", [receipt])
    remember_related(case, "referrals", [])
    remember_related(case, "applicant_corrections", [])
    return case


def _handlers_for(by, request: IntakeRequest, *, today, calendar) -> tuple:
    """The case's A and B (AB角).

    A clerk who receives it handles it, with the B of the window where they are
    A. Someone who cannot take it forward (a village coordinator's 帮办代办, the
    county, an online channel) logs it for the township window: on a working
    day when neither its A nor its B is at work, it goes to the window's named
    substitute, and the township head is told.
    """
    backup = _backup_for(by, request)
    if backup is not None or may(by, "case.accept", Place.of(request.township)):
        return by, backup
    window = township_window(request.township.pk)
    if window is None or not calendar.is_working_day(today):
        return by, None
    substitute = window.acting_substitute
    if substitute is None:
        return by, None
    window_unstaffed_alert(window, today=today)
    return substitute, None


def _backup_for(by, request: IntakeRequest):
    """AB角: the B of the service point where the receiving clerk is A."""
    point = (
        ServicePoint.objects.filter(staff_a=by, township=request.township)
        .exclude(staff_b=None)
        .select_related("staff_b")
        .first()
    )
    return point.staff_b if point else None
