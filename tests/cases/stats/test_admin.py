"""统计分析 in the admin: scope by role, 400/403 on bad input, Excel and print."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import DepartmentFactory
from tests.factories.clock import on_day

from .conftest import receive

pytestmark = pytest.mark.django_db
URL = "cases_stats"


@pytest.fixture
def cases(people):
    """Two applications in 东岭镇 (one from 上庄村), one in 西河乡, October 2026."""
    receive(people.clerk, people.east, date(2026, 10, 5), village=people.village)
    receive(people.clerk, people.east, date(2026, 10, 6))
    receive(people.west_clerk, people.west, date(2026, 10, 7))


def _get(client, name=URL, **params):
    with on_day(date(2026, 11, 24)):
        return client.get(reverse(name), params)


def _headline(response, label: str) -> str:
    html = response.content.decode()
    match = re.search(rf"<dt>{label}</dt><dd>(\d+)", html)
    return match[1] if match else ""


def test_county_reviewer_sees_all_townships_broken_down(people, login_client, cases):
    response = _get(login_client(people.reviewer), period="2026-10")
    assert response.status_code == 200
    assert _headline(response, "受理申请") == "3"
    assert "受理申请：按乡镇" in response.content.decode()
    assert "统计口径：移交到其他乡镇的案件" in response.content.decode()


def test_county_reviewer_may_choose_one_township(people, login_client, cases):
    response = _get(login_client(people.auditor), period="2026-10", township="west")
    assert response.status_code == 200
    assert _headline(response, "受理申请") == "1"


def test_township_clerk_sees_only_own_township(people, login_client, cases):
    response = _get(login_client(people.clerk), period="2026-10")
    assert response.status_code == 200
    assert _headline(response, "受理申请") == "2"
    html = response.content.decode()
    assert "西河乡" not in html
    assert "受理申请：按乡镇" not in html


def test_township_clerk_asking_for_another_township_is_refused(
    people, login_client, cases
):
    client = login_client(people.clerk)
    for name in ("cases_stats", "cases_stats_xlsx", "cases_stats_print"):
        response = _get(client, name, period="2026-10", township="west")
        assert response.status_code == 403
        assert "只能查看本乡镇" in response.content.decode()


def test_village_coordinator_sees_own_village_without_complaints(
    people, login_client, cases
):
    response = _get(login_client(people.coordinator), period="2026-10")
    assert response.status_code == 200
    assert _headline(response, "受理申请") == "1"
    assert "村协理员不查看投诉统计" in response.content.decode()


def test_editor_has_no_statistics(people, login_client):
    response = _get(login_client(people.editor), period="2026-10")
    assert response.status_code == 403
    assert "没有查看统计数据的权限" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "2026-13"}, "月份应为 01 至 12"),
        ({"period": "last month"}, "格式不对"),
        ({"period": "2031-01"}, "尚未开始"),
        ({"township": "no-such-place"}, "没有编码为“no-such-place”的乡镇"),
        ({"township": "东岭'--"}, "乡镇编码"),
    ],
)
def test_bad_period_or_township_is_a_400_with_the_reason(
    people, login_client, params, message
):
    client = login_client(people.reviewer)
    response = _get(client, **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    export = _get(client, "cases_stats_xlsx", **params)
    assert export.status_code == 400
    assert message in export.content.decode()


def test_excel_download_has_a_sheet_per_table_with_the_figures(
    people, login_client, cases
):
    response = _get(login_client(people.reviewer), "cases_stats_xlsx", period="2026-10")
    assert response.status_code == 200
    assert "stats-county-2026-10.xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "说明"
    assert "受理申请：按乡镇" in book.sheetnames
    sheet = book["受理申请：按乡镇"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert ("东岭镇", 2) in rows
    assert ("西河乡", 1) in rows
    assert ("合计", 3) in rows


def test_excel_neutralises_formulas_in_names(people, login_client):
    from tests.factories.records import referral

    case = receive(people.clerk, people.east, date(2026, 10, 5))
    evil = DepartmentFactory(code="evil", name='=HYPERLINK("http://x","点我")')
    with on_day(date(2026, 10, 6)):
        referral(people.clerk, case, department=evil)
    response = _get(login_client(people.reviewer), "cases_stats_xlsx", period="2026-10")
    sheet = load_workbook(BytesIO(response.content))["分办转办：按承办部门"]
    cell = sheet["A3"]
    assert cell.value.startswith("'=HYPERLINK")
    assert cell.data_type == "s"


def test_csv_download_holds_every_table(people, login_client, cases):
    response = _get(login_client(people.clerk), "cases_stats_csv", period="2026-Q4")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "受理申请：按救助事项" in text
    assert "东岭镇社会救助统计季报（2026年第4季度）" in text


def test_charts_are_svg_with_title_desc_and_no_inline_script_or_style(
    people, login_client, cases
):
    html = _get(login_client(people.reviewer), period="2026-10").content.decode()
    svgs = re.findall(r'<svg[^>]*class="stats-chart.*?</svg>', html, flags=re.S)
    assert len(svgs) >= 4  # charts with data; the others say so in words
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<title id=" in svg
        assert "<desc id=" in svg
    main = html[html.index("stats-intro") :]
    assert "<script" not in main
    assert "style=" not in main


def test_each_chart_has_its_data_table(people, login_client, cases):
    html = _get(login_client(people.reviewer), period="2026-10").content.decode()
    figures = html.count('<figure class="stats-figure">')
    assert figures >= 5
    assert html.count('<table class="listing stats-table"') >= figures


def test_print_view_stands_alone_with_charts_and_tables(people, login_client, cases):
    response = _get(login_client(people.clerk), "cases_stats_print", period="2026-10")
    html = response.content.decode()
    assert response.status_code == 200
    assert "东岭镇社会救助统计月报（2026年10月）" in html
    assert "stats.css" in html
    assert "<svg" in html
    assert "<table" in html
    assert "wagtail" not in html.lower()


def test_statistics_menu_item_shown_by_role(people, login_client):
    client = login_client(people.clerk)
    with on_day(date(2026, 11, 24)):
        assert reverse(URL) in client.get(reverse("wagtailadmin_home")).content.decode()
    client = login_client(people.editor)
    with on_day(date(2026, 11, 24)):
        assert (
            reverse(URL)
            not in client.get(reverse("wagtailadmin_home")).content.decode()
        )


def test_extra_section_provider_appears_on_page_excel_and_print(
    people, login_client, monkeypatch
):
    """The extension point the posting register (线上线下一致性) plugs into."""
    from cases.stats import report

    def consistency(scope, period):
        return report.Section(
            "postings",
            "线上线下一致性",
            [
                report.Table(
                    "postings",
                    "张贴一致率：按服务网点",
                    ["服务网点", "一致"],
                    [["东岭镇便民服务中心", 3]],
                )
            ],
        )

    monkeypatch.setattr(report, "EXTRA_SECTIONS", [])
    report.register_section(consistency)
    client = login_client(people.reviewer)
    assert "张贴一致率：按服务网点" in _get(client, period="2026-10").content.decode()
    assert (
        "张贴一致率"
        in _get(client, "cases_stats_print", period="2026-10").content.decode()
    )
    book = load_workbook(
        BytesIO(_get(client, "cases_stats_xlsx", period="2026-10").content)
    )
    assert "张贴一致率：按服务网点" in book.sheetnames
