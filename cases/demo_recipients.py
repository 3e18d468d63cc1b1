"""Demo 在册对象: recipients approved months ago, their 定期复核 (on time and
late), reviews due soon and one overdue, and 待遇调整 of every kind.

Registered as a seed_demo step after the demo cases and records. Each case is
walked through the services with the clock set back to the days it happened
(as ``demo_records`` does), so its deadlines, history and payments are ones the
rules could have made; nothing is edited afterwards. Known by its external
reference, so a second run creates nothing. Names and numbers are invented.
"""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally
from portal.models import AssistanceType, Township, Village

from .demo import TOWNSHIP_REVIEWERS, _materials, demo_id_number
from .guides import terms_for
from .models import Case
from .services import (
    ApplicantData,
    IntakeRequest,
    benefit_change_record,
    case_receive,
    case_transition,
    recipient_set_income_varies,
    review_record,
)
from .services.enrolment import add_months

CLERKS = {"dongling": "demo-clerk-1", "nanxi": "demo-clerk-2"}

# (reference, township, village, type, name, born, amount, approved days ago,
#  income varies, then: (days ago, what, arguments) in order). The 南溪乡 one
# comes first, so the 上庄村 one is not numbered …0001 (the access matrix
# picks 上庄村's case ending in 1).
RECIPIENTS = [
    (
        "DEMO-zaice-02",
        "nanxi",
        "nanxi-xikou",
        "dibao",
        "蒙秀芝",
        "19620905",
        "580.00",
        420,
        False,
        [
            (
                20,
                "review",
                {
                    "outcome": "decrease",
                    "new_amount": "450.00",
                    "reason": "儿子就业，家庭人均收入提高",
                },
            ),
        ],
    ),
    (
        "DEMO-zaice-01",
        "dongling",
        "dongling-shangzhuang",
        "dibao",
        "韦桂兰",
        "19560213",
        "620.00",
        430,
        False,
        [
            (
                380,
                "change",
                {
                    "kind": "increase",
                    "amount": "80",
                    "reason": "家庭成员新增慢性病支出",
                },
            ),
            (
                370,
                "change",
                {
                    "kind": "back_pay",
                    "amount": "160",
                    "reason": "增发自上月生效，补发差额",
                },
            ),
            (
                75,
                "review",
                {"outcome": "continue", "reason": "入户核查，家庭状况无变化"},
            ),
        ],
    ),
    (
        "DEMO-zaice-03",
        "dongling",
        "dongling-shiqiao",
        "tekun",
        "黄老四",
        "19440320",
        "900.00",
        None,  # due on the first of next month (审批 a year before it)
        False,
        [],
    ),
    (
        "DEMO-zaice-04",
        "nanxi",
        "nanxi-liuwan",
        "dibao",
        "梁小燕",
        "19880617",
        "540.00",
        250,
        True,
        [
            (
                30,
                "change",
                {"kind": "suspend", "reason": "外出务工，连续两月未能联系核实"},
            ),
        ],
    ),
    (
        "DEMO-zaice-05",
        "dongling",
        "dongling-lingbei",
        "linshi",
        "覃建国",
        "19750802",
        "800.00",
        100,
        False,
        [
            (
                40,
                "change",
                {
                    "kind": "decrease",
                    "amount": "200",
                    "reason": "医疗费用已由医保报销大部分",
                },
            ),
            (
                10,
                "change",
                {
                    "kind": "stop",
                    "reason": "困难情形已消除",
                    "exit_reason": "over_standard",
                },
            ),
        ],
    ),
]


@contextmanager
def _days_ago(days: int):
    moment = timezone.now() - timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _steps_before_approval(assistance_type) -> int:
    """Days from intake to 审批同意 in the walk below."""
    terms = terms_for(assistance_type)
    if not terms.stage_limits.get("review"):
        return 1
    return 3 + terms.public_notice_days if terms.public_notice_days else 2


def _approved_days_ago(days: int | None) -> int:
    """``None``: the day whose start month makes the first review fall due on
    the first of next month, so it shows as 复核将到期."""
    if days is not None:
        return days
    today = timezone.localdate()
    return (today - add_months(add_months(today.replace(day=1), 1), -12)).days


def _approve(spec, serial: int) -> Case:
    reference, town, village, item, name, born, amount, days, varies, _then = spec
    clerk, reviewer = _user(CLERKS[town]), _user("demo-reviewer")
    township_reviewer = _user(TOWNSHIP_REVIEWERS[town])
    assistance_type = AssistanceType.objects.get(code=item)
    approved = _approved_days_ago(days)
    days = approved + _steps_before_approval(assistance_type)
    with _days_ago(days):
        case = case_receive(
            by=clerk,
            request=IntakeRequest(
                assistance_type=assistance_type,
                channel="window",
                township=Township.objects.get(code=town),
                village=Village.objects.get(code=village),
                applicant=ApplicantData(
                    name=name,
                    id_number=demo_id_number(born, serial),
                    phone=f"1390736{serial:04d}",
                    address=str(_("演示地址")),
                ),
                description=str(_("家庭生活困难，申请救助。")),
                materials=_materials(assistance_type),
                external_reference=reference,
            ),
        )
        for action in ("accept", "start_investigation"):
            case = case_transition(by=clerk, case=case, action=action)
        if case.stage_limits.get("review"):
            case = case_transition(by=clerk, case=case, action="submit_review")
        else:
            case = case_transition(by=clerk, case=case, action="submit_investigation")
    waited = 1
    if case.status == Case.Status.REVIEWING:
        if case.public_notice_days:
            with _days_ago(days - 1):
                case = case_transition(
                    by=township_reviewer, case=case, action="start_public_notice"
                )
            waited = 2 + case.public_notice_days
        with _days_ago(days - waited):
            case = case_transition(
                by=township_reviewer, case=case, action="submit_decision"
            )
    with _days_ago(approved):
        case = case_transition(
            by=reviewer,
            case=case,
            action="approve",
            note=str(_("符合条件，同意救助。")),
            monthly_amount=amount,
            starts_month=timezone.localdate(),
        )
        case = case_transition(by=clerk, case=case, action="reply")
        if varies:
            recipient_set_income_varies(
                by=clerk, recipient=case.recipient, income_varies=True
            )
    return case


def _follow(case: Case, spec) -> None:
    clerk = _user(CLERKS[spec[1]])
    for days, what, arguments in spec[9]:
        with _days_ago(days):
            if what == "review":
                review_record(by=clerk, case=case, **arguments)
            else:
                month = f"{timezone.localdate():%Y-%m}"
                benefit_change_record(
                    by=clerk, case=case, effective_month=month, **arguments
                )


def seed_demo_recipients() -> list[Tally]:
    if not Township.objects.filter(code__in=CLERKS).exists():
        return []
    tally = Tally(_("演示在册对象"))
    for serial, spec in enumerate(RECIPIENTS, start=61):
        if Case.objects.filter(external_reference=spec[0]).exists():
            tally.add("unchanged")
            continue
        case = _approve(spec, serial)
        _follow(case, spec)
        tally.add("created")
    return [tally]
