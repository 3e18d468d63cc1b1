"""A township clerk registers an application at the window and sees it through.

受理登记 with the checklist → the 收件回执单 printed → a 一次性告知书 for what is
missing → the material supplied → 受理 → 分办 to another department, with its
feedback date counted in working days.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.demo import demo_id_number
from core.workdays import add_working_days

from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLERK = "demo-clerk-1"
APPLICANT = "黄水英"
ID_NUMBER = demo_id_number("19660218", 71)
PHONE = "13907369981"
ITEM = "临时救助"
MISSING = "本人银行账户或社会保障卡"
EXTRA = "村委会出具的情况说明"
NOT_BROUGHT = "医疗费用票据"
MISSING_REASON = "申请时未携带，请补交本人银行卡或社会保障卡复印件。"
DEPARTMENT = "青禾县医疗保障局"
FEEDBACK_DAYS = 4


def section(page, heading: str):
    """A case-page section, found by its heading as a person scans for it."""
    return page.locator("section.case-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def open_print_view(page, row):
    """The 打印 link opens the document in a new tab; return that tab, loaded."""
    with page.context.expect_page() as opened:
        row.get_by_role("link", name="打印").click()
    document = opened.value
    document.wait_for_load_state()
    return document


def test_clerk_registers_issues_notice_accepts_and_refers(demo_site, page):
    shot = page.shots
    staff_login(page, demo_site.url, CLERK)
    shot("dashboard")

    # 救助案件 → 受理登记, step 1: the item decides the checklist.
    page.get_by_role("link", name="救助案件").first.click()
    page.get_by_role("link", name="受理登记").click()
    page.get_by_label("救助事项").select_option(label=ITEM)
    shot("intake-choose-item")
    page.get_by_role("button", name="下一步：填写申请").click()
    expect(page.get_by_role("heading", name=f"救助事项：{ITEM}")).to_be_visible()

    # Step 2: the applicant, one household member, and the checklist.
    expect(page.get_by_label("乡镇（街道）")).to_be_disabled()
    page.get_by_label("村（社区）").select_option(label="东岭镇上庄村")
    applicant = section(page, "申请人")
    applicant.get_by_label("申请人姓名").fill(APPLICANT)
    applicant.get_by_label("身份证号码").fill(ID_NUMBER)
    applicant.get_by_label("联系电话").fill(PHONE)
    applicant.get_by_label("住址").fill("上庄村三组18号")
    applicant.get_by_label("申请事由").fill(
        "丈夫因车祸住院，家中失去主要收入，申请临时救助。"
    )
    page.locator("#id_members-0-name").fill("李德旺")
    page.locator("#id_members-0-relation").fill("配偶")

    checklist = section(page, "收件清单")
    rows = checklist.locator("tbody tr")
    material_names = [
        name.strip()
        for name in checklist.locator(
            "tbody tr td:nth-child(2) label:not(.w-sr-only)"
        ).all_inner_texts()
    ]
    assert MISSING in material_names and NOT_BROUGHT in material_names
    brought = [name for name in material_names if name not in (MISSING, NOT_BROUGHT)]
    for index, name in enumerate(brought):
        page.get_by_role("checkbox", name=name).check()
        row = rows.filter(has=page.get_by_text(name, exact=True))
        row.get_by_role("spinbutton").first.fill(str(1 + index % 3))
    extra_row = rows.filter(has=page.get_by_role("textbox", name="其他材料名称")).first
    extra_row.get_by_role("textbox").fill(EXTRA)
    extra_row.get_by_role("spinbutton").first.fill("1")
    shot("intake-filled")

    page.get_by_role("button", name="登记并出具收件回执单").click()
    message = page.locator(".messages")
    expect(message).to_contain_text("已登记，案件编号")
    number = re.search(r"JZ\d+", message.inner_text()).group()
    expect(page).to_have_url(re.compile(rf"/admin/cases/case/{number}/$"))
    expect(page.locator(".case-status")).to_have_text("已接收")
    expect(page.get_by_role("heading", name=f"案件 {number}")).to_be_visible()
    shot("case-registered")

    # The 收件回执单: the applicant, every material handed in, what is missing.
    notices = section(page, "告知文书")
    receipt = open_print_view(page, notices.locator("tr", has_text="收件回执单"))
    expect(receipt.locator("h1, h2").first).to_contain_text("收件回执单")
    facts = receipt.locator(".document-facts")
    expect(facts).to_contain_text(number)
    expect(facts).to_contain_text(APPLICANT)
    expect(facts).to_contain_text(ITEM)
    listed = receipt.locator("table").first.locator("tbody td:nth-child(2)")
    expect(listed).to_have_text([*brought, EXTRA])
    expect(receipt.locator("body")).to_contain_text("尚缺以下必交材料")
    expect(receipt.locator("body")).to_contain_text(MISSING)
    shot("receipt-print", page=receipt)
    receipt.close()

    # Nothing is accepted while a required material is missing.
    transitions = section(page, "办理")
    expect(transitions.get_by_role("button", name="受理", exact=True)).to_have_count(0)

    # 一次性告知书: the missing required material (ticked already) and its reason.
    notice_form = page.locator(
        "form", has=page.get_by_role("button", name="出具一次性告知书")
    )
    expect(notice_form.get_by_role("checkbox", name=MISSING)).to_be_checked()
    expect(notice_form.get_by_role("checkbox", name=NOT_BROUGHT)).not_to_be_checked()
    notice_form.locator("tr", has_text=MISSING).get_by_role("textbox").fill(
        MISSING_REASON
    )
    shot("one-time-notice-form")
    notice_form.get_by_role("button", name="出具一次性告知书").click()
    expect(page.locator(".messages")).to_contain_text("已出具一次性告知书")
    expect(section(page, "办理期限")).to_contain_text("补正中，期限暂停计算")
    shot("one-time-notice-issued")

    one_time = open_print_view(
        page, section(page, "告知文书").locator("tr", has_text="一次性告知书")
    )
    expect(one_time.locator("body")).to_contain_text("一次性告知书")
    expect(one_time.locator("body")).to_contain_text(number)
    items = one_time.locator("table tbody tr")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(MISSING)
    expect(items.first).to_contain_text(MISSING_REASON)
    shot("one-time-notice-print", page=one_time)
    one_time.close()

    # The applicant brings the material: 登记补交, the clock runs again.
    supplied = page.locator("form", has=page.get_by_role("button", name="登记补交"))
    supplied.get_by_role("checkbox", name=re.compile(MISSING)).check()
    supplied.get_by_role("button", name="登记补交").click()
    expect(page.locator(".messages")).to_contain_text("已全部补齐")
    shot("material-supplied")

    # 受理.
    section(page, "办理").get_by_role("button", name="受理", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已办理，案件状态：已受理")
    expect(page.locator(".case-status")).to_have_text("已受理")
    shot("accepted")

    # 分办 to the medical-insurance bureau, feedback due in working days.
    referrals = section(page, "分办、转办")
    referrals.get_by_label("承办部门").select_option(label=DEPARTMENT)
    referrals.get_by_label("转办事项").fill("医疗救助")
    referrals.get_by_label("转办理由").fill(
        "住院费用医保报销后仍有较大自付部分，请医保局核定医疗救助。"
    )
    referrals.get_by_label("移送材料").fill("住院发票复印件1份")
    referrals.get_by_label("反馈时限（工作日）").fill(str(FEEDBACK_DAYS))
    shot("refer-form")
    referrals.get_by_role("button", name="转办并出具转办告知").click()

    due = add_working_days(timezone.localdate(), FEEDBACK_DAYS)
    expect(page.locator(".messages")).to_contain_text(
        f"已转办至{DEPARTMENT}，应于{due:%Y-%m-%d}前反馈"
    )
    row = section(page, "分办、转办").locator("tbody tr", has_text=DEPARTMENT)
    expect(row).to_contain_text("医疗救助")
    expect(row).to_contain_text(f"{due:%Y-%m-%d}")
    expect(row.get_by_role("link", name=re.compile(r"ZB\d+"))).to_be_visible()
    # 分办 keeps the case with this window: still 已受理.
    expect(page.locator(".case-status")).to_have_text("已受理")
    shot("referred")
