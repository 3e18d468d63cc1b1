"""Extensions and the two ways of counting days (issue 19, items 2 and 5).

- Whoever requests an extension cannot approve it.
- An approved extension moves the due date, 公示 included, and the notice to the
  applicant states the new date.
- The cap on extensions is set per stage in the published guide.
- Each limit in a guide says whether it counts working days or calendar days;
  公示 counts calendar days, and the deadline's explanation says so.
"""

from datetime import date, timedelta

import pytest

from cases.models import Extension
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    case_transition,
    extension_decide,
    extension_request,
)
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import accepted_case
from tests.factories.clock import on_day
from tests.factories.pages import make_guide
from tests.factories.staff import clerk, reviewer, township_reviewer

GUIDE_STEPS = [
    ("提出申请", "apply", "applicant", 0),
    ("受理", "accept", "township", 1),
    ("调查核实", "investigate", "township", 5),
    ("乡镇审核", "review", "township", 5),
    ("村（社区）公示", "public_notice", "village", 0),
    ("审批确认", "decide", "county", 10),
    ("回复", "reply", "township", 1),
]
MATERIALS = ("居民身份证", "户口簿")


@pytest.fixture
def town(db):
    return TownshipFactory()


@pytest.fixture
def dibao(site_tree):
    """低保: 7 calendar days of 公示, with a guide that caps 调查核实 at 2 days."""
    kind = AssistanceTypeFactory(public_notice_days=7, max_extension_days=10)
    guide = make_guide(
        site_tree,
        title="最低生活保障办事指南",
        assistance_type=kind,
        steps=GUIDE_STEPS,
        public_notice_days=7,
        total_time_limit_days=30,
    )
    step = guide.steps.get(stage="investigate")
    step.max_extension_days = 2
    step.save()
    guide.save_revision().publish()
    return kind


def _in_public_notice(user, town, kind):
    case = accepted_case(user, town, assistance_type=kind, materials=MATERIALS)
    case = case_transition(by=user, case=case, action="start_investigation")
    case = case_transition(by=user, case=case, action="submit_review")
    return case_transition(
        by=township_reviewer(town), case=case, action="start_public_notice"
    )


def test_extension_requester_cannot_approve_it(town):
    first, second = reviewer(), reviewer()
    case = accepted_case(clerk(town), town)
    extension = extension_request(
        by=first, case=case, stage="investigate", days=2, reason="需外县协查"
    )
    deadline = case.deadlines.get(stage="investigate")
    with pytest.raises(CasePermissionDenied, match="不能批准自己提出的延期申请"):
        extension_decide(
            by=first, extension=extension, approve=True, informed_how="电话"
        )
    extension.refresh_from_db()
    assert extension.status == Extension.Status.REQUESTED
    assert case.deadlines.get(pk=deadline.pk).extended_days == 0
    extension_decide(by=second, extension=extension, approve=True, informed_how="电话")
    assert case.deadlines.get(pk=deadline.pk).extended_days == 2


def test_extension_requester_is_offered_no_decision_form(client, town):
    from portal.permissions import setup_groups

    setup_groups()
    asker = reviewer()
    case = accepted_case(clerk(town), town)
    extension_request(
        by=asker, case=case, stage="investigate", days=2, reason="需外县协查"
    )
    client.force_login(asker)
    own = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "审核延期申请" not in own
    client.force_login(reviewer())
    other = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "审核延期申请" in other


def test_public_notice_extension_moves_the_due_date_in_calendar_days(town, dibao):
    worker = clerk(town)
    with on_day(date(2026, 12, 1)):
        case = _in_public_notice(worker, town, dibao)
        notice = case.deadlines.get(stage="public_notice")
        assert notice.due_on == date(2026, 12, 8)
        assert "7个自然日" in notice.calculation
        assert "节假日照常计入" in notice.calculation
        extension = extension_request(
            by=worker,
            case=case,
            stage="public_notice",
            days=3,
            reason="公示期间收到异议",
        )
        extension_decide(
            by=reviewer(), extension=extension, approve=True, informed_how="书面告知"
        )
    notice.refresh_from_db()
    assert notice.due_on == date(2026, 12, 11)
    assert "10个自然日" in notice.calculation
    assert "含经批准延长3个自然日" in notice.calculation
    told = case.notices.get(kind="extension")
    assert told.content["new_due_on"] == "2026-12-11"
    assert told.content["unit"] == "个自然日"
    with on_day(date(2026, 12, 10)):
        with pytest.raises(InvalidTransition, match="公示期至2026-12-11"):
            case_transition(
                by=township_reviewer(town), case=case, action="submit_decision"
            )


def test_extension_cap_per_stage_comes_from_the_guide(town, dibao):
    worker = clerk(town)
    case = accepted_case(worker, town, assistance_type=dibao, materials=MATERIALS)
    with pytest.raises(CaseError, match="不能超过2个工作日（办事指南规定）") as refused:
        extension_request(
            by=worker, case=case, stage="investigate", days=3, reason="协查"
        )
    assert refused.value.field == "days"
    assert not Extension.objects.exists()
    extension_request(by=worker, case=case, stage="investigate", days=2, reason="协查")


def test_stage_without_a_guide_cap_takes_the_assistance_type_default(town, dibao):
    worker = clerk(town)
    with on_day(date(2026, 12, 1)):
        case = _in_public_notice(worker, town, dibao)
        with pytest.raises(CaseError, match="不能超过10个自然日"):
            extension_request(
                by=worker, case=case, stage="public_notice", days=11, reason="异议"
            )


def test_guide_says_which_days_count_for_each_limit(client, dibao):
    guide = dibao.service_guide
    page = client.get(guide.url).content.decode()
    assert "5个工作日" in page
    assert "7个自然日" in page  # the 公示 step takes the guide's 公示天数
    assert "7 个自然日" in page
    assert "7 天" not in page
    printed = client.get(guide.url + "print/").content.decode()
    assert "7个自然日" in printed
    assert "个工作日（不含法定节假日和休息日）" in printed
    drawing = client.get(guide.url + "flowchart/svg/").content.decode()
    assert "7个自然日" in drawing
    assert guide.steps_total_days() == 22  # 公示's calendar days are not in it


def test_public_notice_deadline_explanation_counts_calendar_days_over_a_holiday(
    town, dibao
):
    """公示 over the 2026 National Day runs straight through the holiday."""
    worker = clerk(town)
    with on_day(date(2026, 9, 25)):
        case = accepted_case(worker, town, assistance_type=dibao, materials=MATERIALS)
        case = case_transition(by=worker, case=case, action="start_investigation")
        case = case_transition(by=worker, case=case, action="submit_review")
    with on_day(date(2026, 9, 29)):
        case = case_transition(
            by=township_reviewer(town), case=case, action="start_public_notice"
        )
    notice = case.deadlines.get(stage="public_notice")
    assert notice.due_on == date(2026, 9, 29) + timedelta(days=7)
    assert "按自然日计算" in notice.calculation
    working = case.deadlines.get(stage="investigate")
    assert "个工作日" in working.calculation
