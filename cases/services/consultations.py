"""咨询登记（首问负责）：窗口的来访、来电咨询，及其转为案件.

The person at the window who first takes the question is its first responder
(首问负责人): the service records them as the acting user, at the server's
clock, with what the person was told and whether the one-time notice
(一次性告知) was given. A consultation becomes a case through the ordinary
intake (``case_receive``), its particulars prefilled; the case's channel follows
the consultation's (来访 → 窗口受理, 来电 → 电话), and the two stay linked.

Who may (cases.access.actions, ``consultation.*``): township clerks at their
own township's window, county reviewers at any window (the county window
included); auditors read. Village coordinators log questions in the village
registration book instead.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import Place, require
from cases.identity import validate_phone
from cases.models import Case, Consultation
from portal.models import AssistanceType, ServicePoint, Township

from .errors import CaseError, InvalidTransition
from .guard import locked_within_reach
from .history import save_with_reason
from .intake import IntakeRequest, case_receive
from .numbering import next_number
from .text import clean_text


@dataclass(frozen=True)
class ConsultationIn:
    """One consultation as typed. ``township`` None with no ``service_point``
    is the county window."""

    channel: str
    answer: str
    township: Township | None = None
    service_point: ServicePoint | None = None
    person_name: str = ""
    person_phone: str = ""
    assistance_type: AssistanceType | None = None
    topic: str = ""
    one_time_notice: bool = False


def _window(by, data: ConsultationIn) -> tuple[Township | None, ServicePoint | None]:
    """The window's township (None: the county window), checked against ``by``."""
    point, township = data.service_point, data.township
    if point is not None:
        if point.level == ServicePoint.Level.VILLAGE:
            raise CaseError(
                _("村（社区）服务站接待的咨询请记入村工作登记簿。"),
                field="service_point",
            )
        at = point.township if point.level == ServicePoint.Level.TOWNSHIP else None
        if township is not None and township != at:
            raise CaseError(
                _("所选服务窗口不属于所选乡镇（街道）。"), field="service_point"
            )
        township = at
    require(by, "consultation.record", Place.of(township), field="township")
    return township, point


def _phone(value: str) -> str:
    phone = clean_text(
        value,
        field="person_phone",
        label=_("联系电话"),
        model=Consultation,
        required=False,
    )
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            raise CaseError(error.messages[0], field="person_phone") from error
    return phone


@transaction.atomic
def consultation_record(*, by, data: ConsultationIn) -> Consultation:
    """登记一次咨询；登记人即首问负责人，时间为服务器时间。"""
    require(by, "consultation.record")
    township, point = _window(by, data)
    if data.channel not in Consultation.Channel.values:
        raise CaseError(_("请选择咨询方式：来访或来电。"), field="channel")
    topic = clean_text(
        data.topic,
        field="topic",
        label=_("咨询事项"),
        model=Consultation,
        required=False,
    )
    if not topic and data.assistance_type is None:
        raise CaseError(_("请填写咨询事项，或选择所咨询的救助事项。"), field="topic")
    consultation = Consultation(
        number=next_number("ZX"),
        township=township,
        service_point=point,
        channel=data.channel,
        person_name=clean_text(
            data.person_name,
            field="person_name",
            label=_("咨询人"),
            model=Consultation,
            required=False,
        ),
        person_phone=_phone(data.person_phone),
        assistance_type=data.assistance_type,
        topic=topic,
        answer=clean_text(
            data.answer,
            field="answer",
            label=_("答复及告知内容"),
            model=Consultation,
        ),
        one_time_notice=bool(data.one_time_notice),
        consulted_at=timezone.now(),
        first_responder=by,
    )
    save_with_reason(consultation, by=by, reason=_("咨询登记（首问负责）"))
    return consultation


@transaction.atomic
def consultation_to_case(
    *, by, consultation: Consultation, request: IntakeRequest
) -> Case:
    """转为案件：按咨询登记受理申请；受理渠道随咨询方式，案件与咨询互相关联.

    The request's township is used only for the county window's consultations,
    which belong to no township until the application is taken.
    """
    require(by, "consultation.to_case")
    consultation = locked_within_reach(
        by, "consultation.to_case", consultation, hidden=True
    )
    if consultation.case_id:
        raise InvalidTransition(
            _("该咨询已转为案件 %s，不能重复转为案件。") % consultation.case.number
        )
    case = case_receive(
        by=by,
        request=replace(
            request,
            channel=Consultation.CASE_CHANNELS[consultation.channel],
            township=consultation.township or request.township,
            external_reference=consultation.number,
        ),
    )
    consultation.case = case
    consultation.converted_at = timezone.now()
    save_with_reason(consultation, by=by, reason=_("转为案件%s") % case.number)
    return case


def consultation_intake_initial(consultation: Consultation) -> dict:
    """What the intake form starts from: the consultation's particulars."""
    return {
        "assistance_type": consultation.assistance_type,
        "name": consultation.person_name,
        "phone": consultation.person_phone,
        "description": consultation.topic,
        "township": consultation.township,
    }
