"""A whole case in few clicks: a 低保 application from intake to archive.

The township clerk registers it with its checklist (one required material not
brought), prints the 收件回执单, issues the 一次性告知书, records the material
when it comes, accepts, investigates and passes it on for 审核; the township
reviewer starts the 公示 and, once the seven days have passed, reports it; the
county reviewer approves it with the monthly amount; the clerk replies and
files it. Every click a person makes on the case is counted (typing is not,
signing in is counted apart), and so is every screen shown. The counts are
written to test-artifacts/e2e/whole-case-clicks.json.

The issue measured 37 clicks over 28 screens for this before the case page
led; the limits below are the issue's targets.
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.demo import demo_id_number
from cases.models import Case, StageDeadline
from core.stages import Stage

from .conftest import ARTIFACTS_DIR, staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_CLICKS = 18
MAX_SCREENS = 12
ITEM = "最低生活保障"
APPLICANT = "蒋桂香"
ID_NUMBER = demo_id_number("19700512", 83)


class Journey:
    """Counts the clicks a person makes and the screens they are shown."""

    def __init__(self, page):
        self.page = page
        self.clicks: list[str] = []
        self.views: list[str] = []
        self.signed_in: list[str] = []

    def screen(self, page=None) -> None:
        """The screen now shown: its address with record numbers folded."""
        path = urlparse((page or self.page).url).path
        self.views.append(re.sub(r"[A-Z]{2}\d{10}", "{number}", path))

    def click(self, locator, what: str) -> None:
        self.clicks.append(what)
        locator.click()
        self.page.wait_for_load_state()
        self.screen()

    def sign_in(self, base_url: str, username: str) -> None:
        self.page.context.clear_cookies()
        staff_login(self.page, base_url, username)
        self.signed_in.append(username)
        self.screen()

    @property
    def screens(self) -> list[str]:
        return sorted(set(self.views))


def bar(page):
    return page.get_by_role("region", name="办理栏")


def section(page, heading: str):
    return page.locator("section.case-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def queue_row(page, number: str):
    return page.locator("tbody tr", has_text=number)


def expect_status(page, status: str) -> None:
    expect(bar(page).locator(".case-actionbar__status")).to_have_text(status)


def test_rules_a_whole_case_takes_few_clicks_and_screens(demo_site, page):
    shot, journey = page.shots, Journey(page)

    # ---- 乡镇经办人: intake, receipt, one-time notice, 受理, 调查, 提交审核.
    journey.sign_in(demo_site.url, "demo-clerk-1")
    shot("clerk-my-work")
    journey.click(page.get_by_role("link", name=ITEM, exact=True), "受理登记：低保")
    form = page.locator("form").filter(has=page.get_by_label("申请人姓名"))
    form.locator("#id_applicant_name").fill(APPLICANT)
    form.locator("#id_id_number").fill(ID_NUMBER)
    form.locator("#id_phone").fill("13907361234")
    form.locator("#id_address").fill("上庄村五组3号")
    form.get_by_label("申请事由").fill(
        "丈夫病故，本人患病无力劳动，家庭人均收入低于低保标准。"
    )
    checklist = section(page, "收件清单")
    names = checklist.locator("tbody tr td:nth-child(2) > label").all_inner_texts()
    missing = names[0].strip()
    journey.click(checklist.locator("input[data-check-all]"), "收件清单：全部已收到")
    journey.click(checklist.get_by_role("checkbox", name=missing), f"未带：{missing}")
    shot("intake-filled")
    journey.click(
        page.get_by_role("button", name="登记并出具收件回执单"), "登记并出具收件回执单"
    )
    number = re.search(r"JZ\d{10}", page.locator(".messages").inner_text()).group()
    expect_status(page, "已接收")
    # The step not available says why: the material missing.
    expect(bar(page)).to_contain_text(missing)
    shot("registered")

    with page.context.expect_page() as opened:
        journey.click(
            section(page, "告知文书")
            .locator("tr", has_text="收件回执单")
            .get_by_role("link", name="打印"),
            "打印收件回执单",
        )
    receipt = opened.value
    receipt.wait_for_load_state()
    journey.screen(receipt)
    expect(receipt.locator("body")).to_contain_text(number)
    shot("receipt", page=receipt)
    receipt.close()

    notice = page.locator(
        "form", has=page.get_by_role("button", name="出具一次性告知书")
    )
    notice.locator("tr", has_text=missing).get_by_role("textbox").fill("请补交原件。")
    journey.click(
        notice.get_by_role("button", name="出具一次性告知书"), "出具一次性告知书"
    )
    expect(page.locator(".messages")).to_contain_text("已出具一次性告知书")
    journey.click(page.get_by_role("button", name="登记补交"), "登记补交")
    expect(page.locator(".messages")).to_contain_text("已全部补齐")
    for step in ("受理", "开始调查核实", "提交审核"):
        journey.click(bar(page).get_by_role("button", name=step, exact=True), step)
    expect_status(page, "审核")
    shot("clerk-done")

    # ---- 乡镇审核人: 开始公示; seven days later, 报送审批 from the queue.
    journey.sign_in(demo_site.url, "demo-township-reviewer-1")
    journey.click(queue_row(page, number).get_by_role("link", name=number), "打开案件")
    journey.click(bar(page).get_by_role("button", name="开始公示"), "开始公示")
    expect_status(page, "公示")
    # The bar says when 公示 ends; then the seven days pass.
    expect(bar(page)).to_contain_text("公示期限")
    case = Case.objects.get(number=number)
    today = timezone.localdate()
    StageDeadline.objects.filter(case=case, stage=Stage.PUBLIC_NOTICE).update(
        starts_on=today - timedelta(days=8), due_on=today - timedelta(days=1)
    )
    journey.sign_in(demo_site.url, "demo-township-reviewer-1")
    journey.click(
        queue_row(page, number).get_by_role("button", name="报送审批"), "报送审批"
    )
    expect(page.locator(".messages")).to_contain_text("待审批确认")
    shot("reported")

    # ---- 县级审批人: 审批同意 with the monthly amount.
    journey.sign_in(demo_site.url, "demo-reviewer")
    journey.click(queue_row(page, number).get_by_role("link", name=number), "打开案件")
    decide = section(page, "办理")
    decide.get_by_label("救助金额（元/月）").fill("620")
    decide.get_by_label("起始月份").fill(f"{today:%Y-%m}")
    journey.click(decide.get_by_role("button", name="审批同意"), "审批同意")
    expect_status(page, "审批同意")
    shot("approved")

    # ---- 乡镇经办人: 回复申请人 and 归档, from 我的待办.
    journey.sign_in(demo_site.url, "demo-clerk-1")
    journey.click(
        queue_row(page, number).get_by_role("button", name="回复申请人"), "回复申请人"
    )
    journey.click(queue_row(page, number).get_by_role("button", name="归档"), "归档")
    expect(page.locator(".messages")).to_contain_text("已归档")
    shot("filed")
    assert Case.objects.get(number=number).status == Case.Status.ARCHIVED

    figures = {
        "clicks": len(journey.clicks),
        "screens": len(journey.screens),
        "screens_shown": len(journey.views),
        "sign_ins": len(journey.signed_in),
        "steps": journey.clicks,
        "distinct_screens": journey.screens,
    }
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / "whole-case-clicks.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert figures["clicks"] <= MAX_CLICKS, figures
    assert figures["screens"] <= MAX_SCREENS, figures
