"""The county reviewer approves an extension and decides a case under review.

The demo data holds 钟志远's 教育救助 case with an extension of its investigation
awaiting approval, and 韦秀梅's 医疗救助 case under investigation; her clerk
has just submitted it for review (the precondition, through the service the
clerk's own button calls). The reviewer then does everything in the browser, and
looks at the statistics and the posting dashboard once.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, StageDeadline
from cases.services import case_transition
from core.stages import Stage
from core.workdays import add_working_days

from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REVIEWER = "demo-reviewer"
EXTENSION_APPLICANT = "钟志远"
DECISION_APPLICANT = "韦秀梅"
DECISION_NOTE = "经入户调查和信息核对，符合医疗救助条件，同意救助。"


def section(page, heading: str):
    return page.locator("section.case-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def open_case(page, applicant: str) -> None:
    """From the case list, the row of the applicant's case."""
    page.get_by_role("link", name="救助案件").first.click()
    row = page.locator("tbody tr", has_text=applicant)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^案件 JZ\d+"))).to_be_visible()


def test_reviewer_approves_extension_and_decides(demo_site, page):
    shot = page.shots
    clerk = get_user_model().objects.get(username="demo-clerk-1")
    to_decide = Case.objects.get(applicant__name=DECISION_APPLICANT)
    # 报送审批: through the township's 审核 where the type has it.
    if to_decide.stage_limits.get("review"):
        to_decide = case_transition(by=clerk, case=to_decide, action="submit_review")
        township = get_user_model().objects.get(username="demo-township-reviewer-1")
        case_transition(by=township, case=to_decide, action="submit_decision")
    else:
        case_transition(by=clerk, case=to_decide, action="submit_investigation")
    investigation = StageDeadline.objects.get(
        case__applicant__name=EXTENSION_APPLICANT, stage=Stage.INVESTIGATE
    )
    old_due = investigation.due_on
    new_due = add_working_days(investigation.starts_on, investigation.working_days + 3)
    assert new_due > old_due

    staff_login(page, demo_site.url, REVIEWER)
    shot("dashboard")

    # 钟志远: the clerk asked for 3 more working days to investigate.
    open_case(page, EXTENSION_APPLICANT)
    deadlines = section(page, "办理期限")
    pending = deadlines.locator("tbody tr", has_text="需向外县户籍地信函索证")
    expect(pending).to_contain_text("3 个工作日")
    expect(pending).to_contain_text("待批准")
    investigate_row = deadlines.locator("tbody tr", has_text="调查核实").first
    expect(investigate_row).to_contain_text(f"{old_due:%Y-%m-%d}")

    decide = page.locator("form", has_text="审核延期申请：调查核实延长 3 个工作日")
    decide.get_by_role("radio", name="批准", exact=True).check()
    decide.get_by_label("告知申请人的方式").fill("电话告知本人")
    decide.get_by_label("说明").fill("信函往返确需时间")
    shot("extension-to-approve")
    decide.get_by_role("button", name="提交审核意见").click()

    expect(page.locator(".messages")).to_contain_text("延期申请已处理：已批准")
    deadlines = section(page, "办理期限")
    investigate_row = deadlines.locator("tbody tr", has_text="调查核实").first
    expect(investigate_row).to_contain_text("5 + 3")
    expect(investigate_row).to_contain_text(f"{new_due:%Y-%m-%d}")
    approved = deadlines.locator("tbody tr", has_text="需向外县户籍地信函索证")
    expect(approved).to_contain_text("已批准")
    expect(approved).to_contain_text("已告知申请人：电话告知本人")
    expect(page.get_by_role("button", name="提交审核意见")).to_have_count(0)
    expect(section(page, "告知文书")).to_contain_text("延期")
    shot("extension-approved")

    # 韦秀梅: reported for approval; the county reviewer approves with a
    # written opinion.
    open_case(page, DECISION_APPLICANT)
    expect(page.locator(".case-status")).to_have_text("待审批确认")
    actions = section(page, "办理")
    actions.get_by_label("办理意见或理由").fill(DECISION_NOTE)
    actions.get_by_label("救助金额（元/月）").fill("1200")
    actions.get_by_label("起始月份").fill(f"{timezone.localdate():%Y-%m}")
    shot("case-to-decide")
    actions.get_by_role("button", name="审批同意").click()
    expect(page.locator(".messages")).to_contain_text("已办理，案件状态：审批同意")
    expect(page.locator(".case-status")).to_have_text("审批同意")
    summary = section(page, f"案件 {to_decide.number}")
    expect(summary).to_contain_text(DECISION_NOTE)
    expect(summary).to_contain_text("每月 1200.00 元")
    shot("decided")

    # The decision in the case's history, by the reviewer, with its reason.
    page.get_by_role("link", name="历史记录").click()
    decision = page.locator("table.case-history tbody tr").filter(
        has_text=f"审批同意：{DECISION_NOTE}"
    )
    expect(decision).to_have_count(1)
    expect(decision).to_contain_text("待审批确认 → 审批同意")
    shot("history")

    # The county dashboards, once each.
    page.get_by_role("link", name="统计分析").click()
    expect(page.get_by_role("heading", name=re.compile("统计月报"))).to_be_visible()
    shot("statistics")
    page.goto(demo_site.url + "/admin/offline/")
    expect(page.get_by_role("heading", name="各服务网点")).to_be_visible()
    shot("offline-dashboard")
