"""An applicant files a complaint on the website and checks her case's progress.

罗桂兰 applied for 临时救助 at the 东岭镇 window (demo data); her receipt gives
the case number and says the last four digits of her phone find its progress.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Complaint
from cases.public import spam
from tests.conftest import reset_rate_limits

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APPLICANT = "罗桂兰"
COMPLAINT = "我在东岭镇窗口申请临时救助，材料已交齐，村里说还要再开一份证明，请核实。"


@pytest.fixture
def visitor_allowance(monkeypatch):
    """A new visitor: no earlier test's submissions from 127.0.0.1 count against
    this browser, and the form's too-fast guard (three seconds, for robots) does
    not hold up a script that types instantly; its own tests check it."""
    reset_rate_limits()
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    yield
    reset_rate_limits()


def test_public_files_complaint_and_checks_progress(demo_site, page, visitor_allowance):
    shot = page.shots
    case = Case.objects.select_related("applicant").get(applicant__name=APPLICANT)
    last4 = case.applicant.phone[-4:]
    wrong4 = f"{(int(last4) + 1) % 10000:04d}"

    page.goto(demo_site.url + "/")
    shot("home")

    # 监督投诉 → 网上投诉, naming herself and her case.
    page.locator("nav.main-nav").get_by_role("link", name="监督投诉").click()
    expect(page.get_by_role("heading", name="监督投诉", level=1)).to_be_visible()
    form = page.locator("form.complaint-form")
    form.get_by_label("姓名（选填）").fill(APPLICANT)
    form.get_by_label("联系电话（选填）").fill(case.applicant.phone)
    form.get_by_label("所涉案件编号（选填）").fill(case.number)
    form.get_by_label("投诉内容").fill(COMPLAINT)
    shot("complaint-form")
    form.get_by_role("button", name="提交投诉").click()

    expect(page.get_by_role("heading", name="投诉已收到")).to_be_visible()
    heading = page.get_by_role("heading", name=re.compile(r"投诉编号：TS\d+"))
    tracking = re.search(r"TS\d+", heading.inner_text()).group()
    complaint = Complaint.objects.get(number=tracking)
    assert complaint.content == COMPLAINT
    assert complaint.case_id == case.pk
    due = complaint.response_due
    expect(page.locator(".commitment")).to_contain_text(
        f"{due.year}年{due.month}月{due.day}日"
    )
    shot("complaint-received")

    # 办理进度查询, from the footer: a wrong last four digits are refused …
    page.locator("footer").get_by_role("link", name="办理进度查询").click()
    expect(page.get_by_role("heading", name="办理进度查询")).to_be_visible()
    page.get_by_label("案件编号").fill(case.number)
    page.get_by_label("联系电话后4位").fill(wrong4)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("没有查到")
    expect(page.locator(".progress-status")).to_have_count(0)
    shot("progress-refused")

    # … the right ones show the status and the deadline, and nothing personal.
    page.get_by_label("案件编号").fill(case.number)
    page.get_by_label("联系电话后4位").fill(last4)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name=f"案件编号：{case.number}")).to_be_visible()
    expect(page.locator(".progress-status")).to_have_text(case.get_status_display())
    deadline = case.deadlines.get(completed_at__isnull=True)
    row = page.locator(
        ".progress-deadlines tbody tr", has_text=deadline.get_stage_display()
    )
    expect(row).to_contain_text(f"{deadline.due_on:%Y-%m-%d}")
    expect(row).to_contain_text("办理中")
    main = page.locator("main")
    expect(main).not_to_contain_text(APPLICANT)
    expect(main).not_to_contain_text(case.applicant.phone)
    shot("progress-shown")
