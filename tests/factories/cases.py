"""Cases in each state, made through the services as a clerk would."""

from django.utils import timezone

from cases.services import (
    ApplicantData,
    IntakeRequest,
    MaterialIn,
    case_receive,
    case_transition,
)

from .directory import AssistanceTypeFactory

VALID_ID = "11010519491231002X"


def intake_request(township, *, assistance_type=None, materials=(), **overrides):
    data = {
        "assistance_type": assistance_type or AssistanceTypeFactory(),
        "channel": "window",
        "township": township,
        "applicant": ApplicantData(
            name="张秀英", id_number=VALID_ID, phone="13812345678", address="上庄村3组"
        ),
        "description": "家中突发重病，医疗支出大，生活困难，申请临时救助。",
        "materials": [MaterialIn(name=n, pages=2) for n in materials],
    }
    data.update(overrides)
    return IntakeRequest(**data)


def approval_terms() -> dict:
    """审批同意的救助金额与起始月份: 500 元/月 from the month of the decision
    (read when called, so under a set clock it is that day's month)."""
    return {"monthly_amount": "500.00", "starts_month": timezone.localdate()}


def received_case(clerk_user, township, **kwargs):
    return case_receive(by=clerk_user, request=intake_request(township, **kwargs))


def accepted_case(clerk_user, township, **kwargs):
    case = received_case(clerk_user, township, **kwargs)
    return case_transition(by=clerk_user, case=case, action="accept")
