"""Rules of intake and notices from the source notices, one test per rule."""

from unittest import mock

import pytest
from django.utils import timezone

from cases.models import Case, MaterialRequest, Notice, StageDeadline
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    case_transition,
    material_request,
    materials_supplied,
    one_time_notice_issue,
)
from core.workdays import add_working_days
from tests.factories import AssistanceTypeFactory, TownshipFactory, make_guide
from tests.factories.cases import received_case
from tests.factories.staff import clerk, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return TownshipFactory()


@pytest.fixture
def guide(site_tree):
    return make_guide(
        site_tree,
        title="临时救助办事指南",
        assistance_type=AssistanceTypeFactory(code="linshi", name="临时救助"),
        steps=[
            ("提出申请", "apply", "applicant", 0),
            ("受理", "accept", "township", 1),
            ("调查核实", "investigate", "township", 3),
            ("回复", "reply", "township", 1),
        ],
        materials=["居民身份证", "户口簿", "困难情况说明"],
        total_time_limit_days=10,
    )


def test_received_at_is_the_server_time_and_cannot_be_set(town):
    before = timezone.now()
    case = received_case(clerk(town), town)
    assert before <= case.received_at <= timezone.now()
    assert not Case._meta.get_field("received_at").editable


def test_case_number_is_assigned_on_creation_and_never_repeats(town):
    user = clerk(town)
    numbers = {received_case(user, town).number for _ in range(5)}
    assert len(numbers) == 5
    assert all(n.startswith(f"JZ{timezone.localdate().year}") for n in numbers)


def test_first_staff_member_to_receive_is_recorded(town):
    """首问负责：首位受理的工作人员记入案件。"""
    user = clerk(town)
    case = received_case(user, town)
    assert case.received_by == user
    assert case.handler == user


def test_checklist_is_built_from_the_published_guide(town, guide):
    case = received_case(
        clerk(town),
        town,
        assistance_type=guide.assistance_type,
        materials=["居民身份证"],
    )
    rows = {m.name: m for m in case.materials.all()}
    assert list(rows) == ["居民身份证", "户口簿", "困难情况说明"]
    assert rows["居民身份证"].received and rows["居民身份证"].pages == 2
    assert not rows["户口簿"].received


def test_receipt_lists_materials_pages_promised_date_and_handler(town, guide):
    user = clerk(town, first_name="李", last_name="娜")
    case = received_case(
        user, town, assistance_type=guide.assistance_type, materials=["居民身份证"]
    )
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    # 受理 1, 调查核实 3, 审批确认 10 (the default: the guide sets none), 回复 1:
    # each stage's latest day, one after another; the last is the promise.
    today = timezone.localdate()
    days = [add_working_days(today, n) for n in (1, 4, 14, 15)]
    schedule = receipt.content["schedule"]
    assert [(r["stage"], r["days"], r["unit"]) for r in schedule] == [
        ("accept", 1, "工作日"),
        ("investigate", 3, "工作日"),
        ("decide", 10, "工作日"),
        ("reply", 1, "工作日"),
    ]
    assert [r["due_on"] for r in schedule] == [f"{d:%Y-%m-%d}" for d in days]
    assert receipt.content["materials"][0]["name"] == "居民身份证"
    assert receipt.content["materials"][0]["pages"] == 2
    assert receipt.content["promised_on"] == f"{days[-1]:%Y-%m-%d}"
    assert receipt.content["handler"] == "李娜"


def test_stage_limits_are_those_the_published_guide_states(town, guide):
    user = clerk(town)
    case = received_case(
        user,
        town,
        assistance_type=guide.assistance_type,
        materials=["居民身份证", "户口簿", "困难情况说明"],
    )
    case_transition(by=user, case=case, action="accept")
    investigate = case.deadlines.get(stage="investigate")
    assert investigate.working_days == 3
    assert investigate.due_on == add_working_days(timezone.localdate(), 3)


def test_accept_is_refused_while_required_material_is_missing(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=user, case=case, action="accept")
    assert "一次性告知书" in excinfo.value.message


def test_one_time_notice_lists_every_missing_item_with_its_reason(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    notice = one_time_notice_issue(
        by=user,
        case=case,
        items=[("户口簿", "核实家庭成员"), ("困难情况说明", "说明致困原因")],
    )
    assert [i.material_name for i in notice.items.all()] == ["户口簿", "困难情况说明"]
    assert notice.content["items"][1]["reason"] == "说明致困原因"


def test_one_time_notice_cannot_be_issued_twice_while_open(town, guide):
    """所缺材料须一次告知：未补齐前不能再出第二份告知书。"""
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    one_time_notice_issue(by=user, case=case, items=[("户口簿", "核实家庭成员")])
    with pytest.raises(CaseError):
        one_time_notice_issue(by=user, case=case, items=[("收入证明", "核实收入")])


def test_one_time_notice_refuses_new_material(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    one_time_notice_issue(by=user, case=case, items=[("户口簿", "核实家庭成员")])
    with pytest.raises(CaseError) as excinfo:
        material_request(by=user, case=case, name="银行流水", reason="核实存款")
    assert "未在一次性告知书中列明" in excinfo.value.message
    assert not MaterialRequest.objects.exists()


def test_clerk_cannot_justify_material_outside_the_notice(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    one_time_notice_issue(by=user, case=case, items=[("户口簿", "核实家庭成员")])
    with pytest.raises(CasePermissionDenied):
        material_request(
            by=user, case=case, name="银行流水", reason="核实", justification="需要"
        )


def test_reviewer_may_record_a_justification_for_new_material(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    one_time_notice_issue(by=user, case=case, items=[("户口簿", "核实家庭成员")])
    request = material_request(
        by=reviewer(),
        case=case,
        name="银行流水",
        reason="核实存款",
        justification="核对报告显示有未申报账户",
    )
    assert not request.in_one_time_notice
    assert request.justified_by is not None


def test_supplement_period_does_not_count_toward_the_time_limit(town, guide):
    """补正期间不计入办理时限：补齐之日起重新计算。"""
    user = clerk(town)
    monday = timezone.localdate().replace(year=2026, month=11, day=23)
    with mock.patch("django.utils.timezone.localdate", return_value=monday):
        case = received_case(user, town, assistance_type=guide.assistance_type)
        one_time_notice_issue(
            by=user,
            case=case,
            items=[("户口簿", "核实家庭成员"), ("困难情况说明", "说明致困原因")],
        )
    accept = StageDeadline.objects.get(case=case, stage="accept")
    assert accept.due_on == monday.replace(day=24)
    thursday = monday.replace(day=26)
    with mock.patch("django.utils.timezone.localdate", return_value=thursday):
        materials_supplied(by=user, case=case, names=["户口簿", "困难情况说明"])
    accept.refresh_from_db()
    # Paused 23–26 November: the one working day is Friday the 27th.
    assert accept.due_on == monday.replace(day=27)
    assert "补正期间不计入" in accept.calculation
    assert accept.history.first().history_change_reason == "补正结束，期限顺延"


def test_supplied_material_outside_the_notice_is_refused(town, guide):
    user = clerk(town)
    case = received_case(user, town, assistance_type=guide.assistance_type)
    one_time_notice_issue(by=user, case=case, items=[("户口簿", "核实家庭成员")])
    with pytest.raises(CaseError):
        materials_supplied(by=user, case=case, names=["银行流水"])
