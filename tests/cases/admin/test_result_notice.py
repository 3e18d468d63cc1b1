"""办理结果告知 printed from the admin, and the approve step asking for its terms."""

from datetime import date

import pytest

from cases.models import Case, Notice
from cases.services import case_transition
from tests.factories.clock import on_day
from tests.factories.records import OUTCOMES, decided_case

from .conftest import GUIDE_MATERIALS

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)


def _printed(client, case: Case) -> str:
    notice = case.notices.get(kind=Notice.Kind.RESULT)
    response = client.get(f"/admin/cases/case/{case.number}/notices/{notice.number}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("outcome", "says"),
    [
        ("approved", ["审批同意", "每月 580.50 元", "自2026年12月起发放"]),
        ("denied", ["审批不同意", OUTCOMES["denied"][1]]),
        ("not_accepted", ["不予受理", OUTCOMES["not_accepted"][1]]),
        ("referred", ["已转办", OUTCOMES["referred"][1]]),
    ],
)
def test_printed_result_notice_states_the_decision_and_redress(
    login, staff, town, item, outcome, says
):
    with on_day(DAY):
        case = decided_case(
            staff["clerk"],
            staff["reviewer"],
            town,
            outcome,
            assistance_type=item,
            materials=GUIDE_MATERIALS,
        )
    page = _printed(login(staff["clerk"]), case)
    assert "办理结果告知" in page
    for text in says:
        assert text in page, text
    assert "已回复" not in page
    assert "救济途径" in page
    assert "60日内" in page and "县人民政府申请行政复议" in page
    assert "6个月内" in page and "人民法院提起行政诉讼" in page


def _reviewing(staff, case) -> Case:
    with on_day(DAY):
        for action in ("accept", "start_investigation", "submit_investigation"):
            case = case_transition(by=staff["clerk"], case=case, action=action)
    return case


def test_case_page_asks_for_amount_and_month_only_where_approval_is_offered(
    login, staff, case
):
    case = _reviewing(staff, case)
    url = f"/admin/cases/case/{case.number}/"
    with on_day(DAY):
        reviewer_page = login(staff["reviewer"]).get(url).content.decode()
        clerk_page = login(staff["clerk"]).get(url).content.decode()
    assert 'name="monthly_amount"' in reviewer_page
    assert 'name="starts_month"' in reviewer_page and 'type="month"' in reviewer_page
    assert 'name="monthly_amount"' not in clerk_page


def test_approval_from_the_case_page_records_amount_and_month(login, staff, case):
    case = _reviewing(staff, case)
    with on_day(DAY):
        response = login(staff["reviewer"]).post(
            f"/admin/cases/case/{case.number}/transition/",
            {
                "action": "approve",
                "note": "符合条件。",
                "monthly_amount": "580.50",
                "starts_month": "2026-12",
                "version": case.version,
            },
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED
    assert (str(case.monthly_amount), case.starts_month) == (
        "580.50",
        date(2026, 12, 1),
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_month": "2026-12"}, "monthly_amount", "审批同意须填写救助金额"),
        ({"monthly_amount": "580"}, "starts_month", "审批同意须填写起始月份"),
        (
            {"monthly_amount": "580", "starts_month": "2027-03"},
            "starts_month",
            "起始月份应在申请当月",
        ),
    ],
)
def test_approval_without_its_terms_shows_the_form_again_with_the_reason(
    login, staff, case, data, field, message
):
    case = _reviewing(staff, case)
    with on_day(DAY):
        response = login(staff["reviewer"]).post(
            f"/admin/cases/case/{case.number}/transition/",
            {"action": "approve", "version": case.version, **data},
        )
    assert response.status_code == 400
    errors = response.context["transition_form"].errors[field]
    assert any(message in error for error in errors)
    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDING
