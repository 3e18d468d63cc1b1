"""分办转办台账 in the admin: the list and its filters, a referral's page, the
printed ledger book and the Excel export, each scoped and escaped."""

import io
from datetime import UTC, date, datetime
from unittest.mock import patch

import pytest
from openpyxl import load_workbook

from cases.models import Notice, Referral
from cases.services import referral_feedback
from tests.factories import DepartmentFactory
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import referral

pytestmark = pytest.mark.django_db

LIST = "/admin/cases/referral/"
PRINT = "/admin/cases/referral/ledger/print/"
EXPORT = "/admin/cases/referral/ledger/export/"


@pytest.fixture
def education(db):
    return DepartmentFactory(code="jiaoyu", name="县教育局")


@pytest.fixture
def housing(db):
    return DepartmentFactory(code="zhujian", name="县住建局")


@pytest.fixture
def ledger(staff, town, other_town, item, education, housing):
    """Three referrals: two in town (one overdue since June 2025), one elsewhere."""
    mine = received_case(staff["clerk"], town, assistance_type=item)
    theirs = received_case(staff["other_clerk"], other_town, assistance_type=item)
    with on_day(date(2025, 6, 6)):  # a Friday; due Monday 2025-06-09
        late = referral(staff["clerk"], mine, department=education, due_working_days=1)
    fresh = referral(staff["clerk"], mine, department=housing, need="住房救助")
    away = referral(staff["other_clerk"], theirs, department=education)
    return late, fresh, away


def numbers(response) -> set[str]:
    return set(response.context["object_list"].values_list("number", flat=True))


def test_clerk_ledger_holds_only_own_township(login, staff, ledger):
    late, fresh, away = ledger
    response = login(staff["clerk"]).get(LIST)
    assert response.status_code == 200
    assert numbers(response) == {late.number, fresh.number}
    assert away.number not in response.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "auditor"])
def test_county_roles_see_every_township_in_the_ledger(login, staff, ledger, role):
    assert numbers(login(staff[role]).get(LIST)) == {r.number for r in ledger}


def test_editor_has_no_ledger(login, staff, ledger):
    client = login(staff["editor"])
    for url in (LIST, PRINT, EXPORT, f"/admin/cases/referral/{ledger[0].number}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert ledger[0].number not in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, ledger):
    for url in (LIST, PRINT, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"department": "jiaoyu"}, {0, 2}),
        ({"status": "sent"}, {0, 1, 2}),
        ({"overdue": "yes"}, {0}),
        ({"overdue": "no"}, {1, 2}),
        ({"period": "2025-06"}, {0}),
        ({"period": "2025"}, {0}),
        ({"period": "2025-06-01~2025-06-30"}, {0}),
        ({"period": "~2025-12-31"}, {0}),
    ],
)
def test_ledger_filters(login, staff, ledger, params, expected, other_town):
    response = login(staff["reviewer"]).get(LIST, params)
    assert numbers(response) == {ledger[i].number for i in expected}


def test_ledger_filters_by_township(login, staff, ledger, other_town):
    response = login(staff["reviewer"]).get(LIST, {"township": other_town.code})
    assert numbers(response) == {ledger[2].number}


def test_overdue_referral_is_flagged_in_the_list(login, staff, ledger):
    page = login(staff["clerk"]).get(LIST).content.decode()
    assert page.count("已逾期") >= 1
    assert "打印台账登记簿" in page and "导出 Excel" in page


def test_printed_ledger_contains_the_filtered_rows(login, staff, ledger):
    late, fresh, away = ledger
    response = login(staff["clerk"]).get(PRINT, {"department": "jiaoyu"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "分办、转办台账登记簿" in page
    assert late.number in page and "县教育局" in page
    assert "2025-06-09" in page  # the due date of the overdue one
    assert "（已逾期）" in page
    assert fresh.number not in page  # filtered out (housing)
    assert away.number not in page  # other township


def test_excel_export_holds_the_rows_and_their_columns(login, staff, ledger):
    late, fresh, away = ledger
    referral_feedback(by=staff["clerk"], referral=fresh, feedback="已列入危房改造")
    response = login(staff["clerk"]).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "分办转办台账"
    headers = [c.value for c in sheet[2]]
    assert headers[:4] == ["序号", "台账编号", "转办日期", "案件编号"]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[1] for row in body] == [late.number, fresh.number]
    by_number = {row[1]: dict(zip(headers, row, strict=True)) for row in body}
    assert by_number[late.number]["承办部门"] == "县教育局"
    assert by_number[late.number]["应反馈日期"].date() == date(2025, 6, 9)
    assert by_number[late.number]["状态"] == "已转出，待反馈（已逾期）"
    assert by_number[fresh.number]["部门反馈"] == "已列入危房改造"
    assert away.number not in {row[1] for row in body}


def test_excel_export_neutralises_formulas(login, staff, town, item, education):
    case = received_case(staff["clerk"], town, assistance_type=item)
    referral(
        staff["clerk"],
        case,
        department=education,
        reason='=HYPERLINK("http://evil.example","点我")',
        need="+1+1",
        contact="@SUM(A1)",
        documents="-2+3",
    )
    response = login(staff["clerk"]).get(EXPORT)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet[3])
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert '\'=HYPERLINK("http://evil.example","点我")' in texts
    assert {"'+1+1", "'@SUM(A1)", "'-2+3"} <= texts
    assert all(c.data_type != "f" for c in cells)


def test_excel_export_drops_characters_a_workbook_cannot_hold(login, staff, town, item):
    """A department named with a control character (legacy data, or an import):
    openpyxl refused the whole workbook, and the export was a server error.
    Dropping it must not uncover a formula."""
    case = received_case(staff["clerk"], town, assistance_type=item)
    hidden = '\x01=HYPERLINK("http://evil.example","点我")'
    referral(
        staff["clerk"],
        case,
        department=DepartmentFactory(code="legacy", name=hidden),
        reason="需要教育救助",
    )
    response = login(staff["clerk"]).get(EXPORT)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[2]]
    row = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert row["承办部门"] == '\'=HYPERLINK("http://evil.example","点我")'


def test_markup_is_escaped_in_list_page_print_and_notice(login, staff, town, item):
    case = received_case(staff["clerk"], town, assistance_type=item)
    sent = referral(
        staff["clerk"],
        case,
        department=DepartmentFactory(code="canlian", name="县残联"),
        reason="<script>alert('x')</script>",
        need="<b>残疾人补贴</b>",
    )
    client = login(staff["clerk"])
    notice = case.notices.get(kind=Notice.Kind.REFERRAL)
    for url in (
        LIST,
        PRINT,
        f"/admin/cases/referral/{sent.number}/",
        f"/admin/cases/case/{case.number}/",
        f"/admin/cases/case/{case.number}/notices/{notice.number}/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b>残疾人补贴</b>" not in page, url
    page = client.get(PRINT).content.decode()
    assert "&lt;script&gt;" in page


def test_referral_notice_tells_the_department_and_due_date(login, staff, town, item):
    department = DepartmentFactory(
        code="yibao", name="县医疗保障局", phone="0736-5526018"
    )
    case = received_case(staff["clerk"], town, assistance_type=item)
    with on_day(date(2026, 9, 30)):
        sent = referral(staff["clerk"], case, department=department, need="医疗救助")
    notice = case.notices.get(kind=Notice.Kind.REFERRAL)
    page = (
        login(staff["clerk"])
        .get(f"/admin/cases/case/{case.number}/notices/{notice.number}/")
        .content.decode()
    )
    assert "转办告知书" in page
    assert "县医疗保障局" in page and "0736-5526018" in page
    assert "2026-10-13" in page and sent.number in page


def test_clerk_refers_from_the_case_page(login, staff, case, education):
    client = login(staff["clerk"])
    page = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "转办并出具转办告知" in page
    response = client.post(
        f"/admin/cases/case/{case.number}/refer/",
        {
            "refer-department": "jiaoyu",
            "refer-reason": "学费减免属教育部门",
            "refer-due_working_days": 3,
        },
    )
    assert response.status_code == 302
    sent = Referral.objects.get()
    assert sent.due_working_days == 3
    assert case.notices.filter(kind=Notice.Kind.REFERRAL).exists()


def test_unknown_department_on_the_case_page_shows_a_message(login, staff, case):
    response = login(staff["clerk"]).post(
        f"/admin/cases/case/{case.number}/refer/",
        {
            "refer-department": "nosuch",
            "refer-reason": "x",
            "refer-due_working_days": 3,
        },
    )
    assert "没有这个部门" in response.content.decode()
    assert not Referral.objects.exists()


def test_auditor_cannot_refer_or_record_feedback(login, staff, case, education):
    sent = referral(staff["clerk"], case, department=education)
    client = login(staff["auditor"])
    response = client.post(
        f"/admin/cases/case/{case.number}/refer/",
        {
            "refer-department": "jiaoyu",
            "refer-reason": "x",
            "refer-due_working_days": 3,
        },
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/cases/referral/{sent.number}/",
        {"action": "feedback", "feedback-feedback": "已办"},
    )
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.feedback == "" and Referral.objects.count() == 1


def test_feedback_and_result_on_the_referral_page(login, staff, case, education):
    sent = referral(staff["clerk"], case, department=education)
    client = login(staff["clerk"])
    url = f"/admin/cases/referral/{sent.number}/"
    assert "登记部门反馈" in client.get(url).content.decode()
    response = client.post(
        url, {"action": "feedback", "feedback-feedback": "已受理，审核中"}
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "result", "result-result": ""})
    assert "请按提示修改" in response.content.decode()
    client.post(url, {"action": "result", "result-result": "学费已减免"})
    sent.refresh_from_db()
    assert sent.status == Referral.Status.CLOSED


def test_other_township_referral_page_is_404(login, staff, ledger):
    response = login(staff["clerk"]).get(f"/admin/cases/referral/{ledger[2].number}/")
    assert response.status_code == 404
    response = login(staff["clerk"]).post(
        f"/admin/cases/referral/{ledger[2].number}/",
        {"action": "feedback", "feedback-feedback": "已办"},
    )
    assert response.status_code == 404


def test_dashboard_lists_overdue_referrals_for_chasing(login, staff, ledger):
    late = ledger[0]
    page = login(staff["clerk"]).get("/admin/").content.decode()
    assert "逾期未反馈的转办" in page and late.number in page
    assert ledger[2].number not in page
    assert (
        "督办与监督统计" not in login(staff["editor"]).get("/admin/").content.decode()
    )


def test_excel_export_dates_a_referral_by_the_beijing_day(login, staff, town, item):
    """Sent at 01:30 Beijing time, still the day before in UTC: the ledger's
    转办日期 is the Beijing day. (The ledger holds days, no clock times.)"""
    case = received_case(staff["clerk"], town, assistance_type=item)
    sent_at = datetime(2026, 10, 5, 17, 30, tzinfo=UTC)
    with patch("django.utils.timezone.now", return_value=sent_at):
        referral(staff["clerk"], case, reason="需要教育救助")
    sheet = load_workbook(io.BytesIO(login(staff["clerk"]).get(EXPORT).content)).active
    headers = [c.value for c in sheet[2]]
    row = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert row["转办日期"].date() == date(2026, 10, 6)
