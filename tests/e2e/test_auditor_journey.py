"""The county auditor searches the archive, reads a case's timeline and exports.

卢明山's demo case went the whole way (received → 受理 → 调查核实 → 审核 →
审批同意 → 回复); the auditor finds it by a phrase from the application, follows
the hit to its timeline, and downloads the hits as CSV and as Excel.
"""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cases.models import Case
from search.exports import headings

from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUDITOR = "demo-auditor"
PHRASE = "火灾损毁"
# The case's steps as its timeline gives them (reasons, newest first).
STEPS_NEWEST_FIRST = [
    "回复申请人",
    "审批同意：符合条件，同意救助。",
    "报送审批",
    "开始调查核实",
    "受理",
    "出具收件回执单",
]
HEADER = headings()


def test_auditor_searches_reads_timeline_and_exports(demo_site, page, tmp_path):
    shot = page.shots
    number = Case.objects.get(applicant__name="卢明山").number

    staff_login(page, demo_site.url, AUDITOR)
    shot("dashboard")

    # 档案检索: a phrase from the application finds the case.
    page.get_by_role("link", name="档案检索").click()
    page.get_by_label("检索词").fill(PHRASE)
    page.locator("form").get_by_role("button", name="检索").first.click()
    expect(page).to_have_url(re.compile(r"/admin/archive/\?.*q="))
    hits = page.locator("li.archive-hit")
    expect(hits.first).to_be_visible()
    case_hit = hits.filter(has_text=f"案件 {number}").filter(has_text=PHRASE)
    expect(case_hit).to_have_count(1)
    expect(case_hit).to_contain_text("卢明山")
    expect(page.get_by_text(re.compile(r"共 \d+ 条记录"))).to_be_visible()
    search_url = page.url
    shot("search-results")

    # Its full timeline: every step, newest first, by who and why.
    case_hit.get_by_role("link", name="查看案件完整时间线").click()
    expect(page).to_have_url(re.compile(rf"/admin/cases/case/{number}/history/$"))
    expect(page.get_by_role("heading", name="历史记录")).to_be_visible()
    reasons = [
        text.strip()
        for text in page.locator(
            "table.case-history tbody tr td:nth-child(4)"
        ).all_inner_texts()
    ]
    # An approval's reason goes on with the amount and month: （每月…元，自…起）.
    positions = [
        next(i for i, r in enumerate(reasons) if r == step or r.startswith(step + "（"))
        for step in STEPS_NEWEST_FIRST
    ]
    assert positions == sorted(positions), (
        f"the timeline's steps are out of order: {reasons!r}"
    )
    replied = page.locator("table.case-history tbody tr").nth(positions[0])
    expect(replied).to_contain_text("审批同意 → 已回复")
    shot("timeline")

    # Read only: the case page offers no action to an auditor.
    page.get_by_role("link", name="概况").click()
    expect(page.get_by_text("您可以查阅本案，但不能办理。")).to_be_visible()
    expect(page.get_by_role("button", name="归档")).to_have_count(0)
    shot("case-read-only")

    # Back to the hits: export them as CSV, then as Excel.
    page.goto(search_url)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="导出 CSV").click()
    csv_file = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_file)
    assert csv_file.suffix == ".csv"
    table = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert table[0] == HEADER
    numbers = {row[HEADER.index("案件编号")] for row in table[1:]}
    assert number in numbers
    assert any(PHRASE in row[HEADER.index("内容")] for row in table[1:])

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="导出 Excel").click()
    xlsx_file = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx_file)
    assert xlsx_file.suffix == ".xlsx"
    sheet = load_workbook(xlsx_file, read_only=True).active
    cells = [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert cells[0] == HEADER
    assert [row[1:3] for row in cells[1:]] == [row[1:3] for row in table[1:]], (
        "the Excel file and the CSV file should hold the same hits"
    )
    shot("exported")

    # The auditor's own search is on the search log.
    page.get_by_role("link", name="检索记录").click()
    expect(page.locator("tbody tr").first).to_contain_text(PHRASE)
    shot("search-log")
