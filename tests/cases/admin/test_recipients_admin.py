"""在册对象 in the admin: 定期复核 and 待遇调整 from the case page, the 在册对象
and 定期复核 lists, and the monthly 发放花名册 (XLSX)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cases.models import BenefitChange, Recipient, RecipientReview
from cases.services import benefit_change_record
from tests.factories.clock import on_day
from tests.factories.records import replied_case

from .conftest import GUIDE_MATERIALS

pytestmark = pytest.mark.django_db

APPROVED_ON = date(2026, 11, 10)


@pytest.fixture(autouse=True)
def passwords_do_not_expire(settings):
    """The clock runs a year ahead here; the staff's passwords would be due."""
    settings.ACCOUNTS = {**settings.ACCOUNTS, "PASSWORD_MAX_AGE_DAYS": 0}


@pytest.fixture
def recipient_case(staff, town, item):
    """审批同意 2026-11-10, 500 元/月 from 2026-11; first review due 2027-11-01."""
    with on_day(APPROVED_ON):
        return replied_case(
            staff["clerk"],
            staff["reviewer"],
            town,
            assistance_type=item,
            materials=GUIDE_MATERIALS,
        )


@pytest.fixture
def other_case(staff, other_town, item):
    with on_day(APPROVED_ON):
        return replied_case(
            staff["other_clerk"],
            staff["reviewer"],
            other_town,
            assistance_type=item,
            materials=GUIDE_MATERIALS,
        )


def page(recipient_case) -> str:
    return f"/admin/cases/case/{recipient_case.number}/"


def test_rules_review_from_the_case_page(login, staff, recipient_case):
    with on_day(date(2027, 10, 20)):
        client = login(staff["clerk"])
        shown = client.get(page(recipient_case)).content.decode()
        assert "在册对象" in shown and "登记复核" in shown and "2027-11-01" in shown
        response = client.post(
            page(recipient_case) + "review/",
            {
                "review-outcome": "increase",
                "review-new_amount": "560",
                "review-reason": "",
            },
        )
    assert response.status_code == 302
    review = RecipientReview.objects.get()
    assert (review.reviewed_on, review.new_amount) == (
        date(2027, 10, 20),
        Decimal("560.00"),
    )
    assert Recipient.objects.get().next_review_on == date(2028, 11, 1)


def test_rules_review_form_bad_input_shows_the_message_and_saves_nothing(
    login, staff, recipient_case
):
    with on_day(date(2027, 10, 20)):
        client = login(staff["clerk"])
        response = client.post(
            page(recipient_case) + "review/",
            {"review-outcome": "increase", "review-new_amount": "-5"},
        )
    assert response.status_code == 400
    assert "调整后金额应为大于0的元数" in response.content.decode()
    assert not RecipientReview.objects.exists()


def test_rules_benefit_change_from_the_case_page(login, staff, recipient_case):
    with on_day(date(2027, 1, 5)):
        client = login(staff["clerk"])
        response = client.post(
            page(recipient_case) + "benefit-change/",
            {
                "benefit-kind": "back_pay",
                "benefit-amount": "1000",
                "benefit-effective_month": "2027-01",
                "benefit-reason": "漏发2026年12月救助金",
            },
        )
        assert response.status_code == 302
        shown = client.get(page(recipient_case)).content.decode()
    assert "补发" in shown and "漏发2026年12月救助金" in shown
    assert BenefitChange.objects.get().amount == Decimal("1000.00")


def test_rules_no_change_on_stopped_recipient_from_the_case_page(
    login, staff, recipient_case
):
    with on_day(date(2027, 1, 5)):
        client = login(staff["clerk"])
        benefit_change_record(
            by=staff["clerk"],
            case=recipient_case,
            kind="stop",
            effective_month="2027-02",
            reason="迁出本县",
        )
        shown = client.get(page(recipient_case)).content.decode()
        assert "已停发" in shown and "登记待遇调整" not in shown
        response = client.post(
            page(recipient_case) + "benefit-change/",
            {
                "benefit-kind": "increase",
                "benefit-amount": "10",
                "benefit-effective_month": "2027-02",
                "benefit-reason": "x",
            },
        )
    assert response.status_code == 409
    assert "已停发" in response.content.decode()
    assert BenefitChange.objects.count() == 1


def test_rules_the_village_station_and_the_auditor_get_no_forms(
    login, staff, recipient_case
):
    for who in ("coordinator", "auditor"):
        client = login(staff[who])
        shown = client.get(page(recipient_case))
        if shown.status_code == 200:
            text = shown.content.decode()
            assert "登记复核" not in text and "登记待遇调整" not in text
        response = client.post(
            page(recipient_case) + "review/", {"review-outcome": "continue"}
        )
        assert response.status_code in (403, 404), who
    assert not RecipientReview.objects.exists()


def test_rules_recipients_list_is_scoped_and_exports_a_roster(
    login, staff, recipient_case, other_case
):
    client = login(staff["clerk"])
    listed = client.get("/admin/cases/recipients/").content.decode()
    assert recipient_case.number in listed and other_case.number not in listed
    county = login(staff["reviewer"]).get("/admin/cases/recipients/").content.decode()
    assert recipient_case.number in county and other_case.number in county
    with on_day(date(2027, 1, 5)):
        client = login(staff["clerk"])
        benefit_change_record(
            by=staff["clerk"],
            case=recipient_case,
            kind="back_pay",
            amount="120",
            effective_month="2027-01",
            reason="补发",
        )
        response = client.get(
            "/admin/cases/recipients/roster.xlsx", {"month": "2027-01"}
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    [mine] = [r for r in rows if r[0] == recipient_case.number]
    assert mine[6:9] == [500, 120, 620]
    assert not any(r[0] == other_case.number for r in rows)
    bad = client.get("/admin/cases/recipients/roster.xlsx", {"month": "2027-13"})
    assert bad.status_code == 400
    assert "月份格式不对" in bad.content.decode()


def test_rules_due_reviews_list(login, staff, recipient_case, other_case):
    with on_day(date(2027, 10, 15)):
        client = login(staff["clerk"])
        shown = client.get("/admin/cases/reviews/due/").content.decode()
        assert recipient_case.number in shown and other_case.number not in shown
        later = client.get("/admin/cases/reviews/due/", {"within_days": "5"})
        assert recipient_case.number not in later.content.decode()
        overdue = client.get("/admin/cases/reviews/due/", {"overdue": "on"})
        assert recipient_case.number not in overdue.content.decode()
        bad = client.get("/admin/cases/reviews/due/", {"within_days": "-3"})
        assert bad.status_code == 400
    with on_day(date(2027, 11, 15)):
        client = login(staff["clerk"])
        overdue = client.get("/admin/cases/reviews/due/", {"overdue": "on"})
        assert "已逾期" in overdue.content.decode()


def test_rules_editors_do_not_see_recipients(login, staff):
    client = login(staff["editor"])
    for url in ("/admin/cases/recipients/", "/admin/cases/reviews/due/"):
        # Wagtail's refusal: back to the dashboard with its message.
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
