"""办理结果告知 states the decision, not "已回复": 审批同意 with the monthly amount
and the month it starts from, the reason otherwise, and always how to seek
redress (行政复议 within 60 days, 行政诉讼 within six months). Through the
services and the API; the printed notice is in tests/cases/admin."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Case, Notice
from cases.redress import LITIGATION_MONTHS, RECONSIDERATION_DAYS, redress_lines
from cases.services import CaseError, case_transition
from tests.factories.api import ApiClient
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import (
    APPROVED_AMOUNT,
    APPROVED_MONTH,
    OUTCOMES,
    decided_case,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)


def _reviewing(people) -> Case:
    with on_day(DAY):
        case = received_case(people.clerk, people.east)
        for action in ("accept", "start_investigation", "submit_investigation"):
            case = case_transition(by=people.clerk, case=case, action=action)
    return case


def _approve(people, case, **terms) -> Case:
    with on_day(DAY):
        return case_transition(by=people.reviewer, case=case, action="approve", **terms)


def _decided(people, outcome: str, **kwargs) -> Case:
    with on_day(DAY):
        return decided_case(
            people.clerk, people.reviewer, people.east, outcome, **kwargs
        )


def _result(case: Case) -> dict:
    return case.notices.get(kind=Notice.Kind.RESULT).content


def test_approval_needs_the_monthly_amount_and_the_start_month(people):
    case = _reviewing(people)
    with pytest.raises(CaseError) as missing_amount:
        _approve(people, case, starts_month=APPROVED_MONTH)
    with pytest.raises(CaseError) as missing_month:
        _approve(people, case, monthly_amount=APPROVED_AMOUNT)
    assert (missing_amount.value.field, missing_month.value.field) == (
        "monthly_amount",
        "starts_month",
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDING


@pytest.mark.parametrize(
    ("amount", "month", "field"),
    [
        ("0", "2026-12", "monthly_amount"),
        ("-5", "2026-12", "monthly_amount"),
        ("580.555", "2026-12", "monthly_amount"),
        ("五百元", "2026-12", "monthly_amount"),
        ("1000000", "2026-12", "monthly_amount"),
        ("580", "2026-13", "starts_month"),
        ("580", "12/2026", "starts_month"),
    ],
)
def test_amount_and_month_must_be_well_formed(people, amount, month, field):
    case = _reviewing(people)
    with pytest.raises(CaseError) as refused:
        _approve(people, case, monthly_amount=amount, starts_month=month)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("month", "allowed"),
    [
        ("2026-10", False),  # before the application (November)
        ("2026-11", True),  # the month of the application
        ("2026-12", True),  # the month after the decision
        ("2027-01", False),  # put off beyond that
    ],
)
def test_start_month_runs_from_the_application_to_the_month_after_the_decision(
    people, month, allowed
):
    case = _reviewing(people)
    if allowed:
        case = _approve(people, case, monthly_amount="580", starts_month=month)
        assert f"{case.starts_month:%Y-%m}" == month
        return
    with pytest.raises(CaseError) as refused:
        _approve(people, case, monthly_amount="580", starts_month=month)
    assert refused.value.field == "starts_month"
    assert "2026年11月" in refused.value.message
    assert "2026年12月" in refused.value.message


@pytest.mark.parametrize("action", ["deny", "accept", "reject"])
def test_amount_and_month_are_given_with_approval_only(people, action):
    case = _reviewing(people) if action == "deny" else None
    if case is None:
        with on_day(DAY):
            case = received_case(people.clerk, people.east)
    user = people.reviewer if action == "deny" else people.clerk
    with pytest.raises(CaseError) as refused, on_day(DAY):
        case_transition(
            by=user, case=case, action=action, note="理由", monthly_amount="580"
        )
    assert refused.value.field == "monthly_amount"


def test_approval_records_the_terms_and_its_history_states_them(people):
    case = _approve(
        people, _reviewing(people), monthly_amount="580.5", starts_month="2026-12"
    )
    case.refresh_from_db()
    assert case.monthly_amount == Decimal("580.50")
    assert case.starts_month == date(2026, 12, 1)
    latest = case.history.order_by("-history_id").first()
    assert "每月580.50元，自2026年12月起" in latest.history_change_reason


def test_approved_result_notice_states_the_amount_and_start_month(people):
    content = _result(_decided(people, "approved"))
    assert content["decision"] == "approved"
    assert content["status"] == "审批同意"
    assert content["monthly_amount"] == "580.50"
    assert content["starts_month"] == "2026-12"
    assert content["starts_month_label"] == "2026年12月"
    assert "reason" not in content


@pytest.mark.parametrize(
    ("outcome", "label"),
    [("denied", "审批不同意"), ("not_accepted", "不予受理"), ("referred", "已转办")],
)
def test_result_notice_of_a_refusal_or_referral_states_the_reason(
    people, outcome, label
):
    content = _result(_decided(people, outcome))
    assert (content["decision"], content["status"]) == (outcome, label)
    assert content["reason"] == OUTCOMES[outcome][1]
    assert "monthly_amount" not in content


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_result_notice_says_how_to_seek_redress(people, outcome):
    content = _result(_decided(people, outcome))
    assert content["status"] != "已回复"
    assert content["redress"] == redress_lines()
    reconsideration, litigation = content["redress"]
    assert f"{RECONSIDERATION_DAYS}日内" in reconsideration
    assert "县人民政府申请行政复议" in reconsideration
    assert "行政复议法" in reconsideration
    assert f"{LITIGATION_MONTHS}个月内" in litigation
    assert "人民法院提起行政诉讼" in litigation
    assert "行政诉讼法" in litigation


def test_notice_of_not_accepting_also_says_how_to_seek_redress(people):
    case = _decided(people, "not_accepted", reply=False)
    notice = case.notices.get(kind=Notice.Kind.NOT_ACCEPTED)
    assert notice.content["redress"] == redress_lines()


# The API: the approve step takes the terms, the case detail shows the notice.


def _api_reviewing(people) -> tuple[ApiClient, Case]:
    return ApiClient(people.reviewer), _reviewing(people)


def test_api_approval_takes_the_amount_and_month_and_the_detail_shows_them(people):
    client, case = _api_reviewing(people)
    with on_day(DAY):
        response = client.post(
            f"/cases/{case.number}/transitions",
            {
                "action": "approve",
                "monthly_amount": "580.50",
                "starts_month": "2026-12",
            },
        )
    assert response.status_code == 200, response.content
    decision = response.json()["decision"]
    assert decision["decision"] == "approved" and decision["label"] == "审批同意"
    assert (decision["monthly_amount"], decision["starts_month"]) == (
        "580.50",
        "2026-12",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "approve"}, "monthly_amount"),
        ({"action": "approve", "monthly_amount": "580"}, "starts_month"),
        (
            {"action": "approve", "monthly_amount": "580", "starts_month": "2026-9"},
            "starts_month",
        ),
        (
            {"action": "deny", "note": "收入超标", "monthly_amount": "580"},
            "monthly_amount",
        ),
    ],
)
def test_api_refuses_terms_missing_or_misplaced_naming_the_field(people, body, field):
    client, case = _api_reviewing(people)
    with on_day(DAY):
        response = client.post(f"/cases/{case.number}/transitions", body)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDING


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_api_case_detail_shows_the_result_notice_with_the_decision(people, outcome):
    case = _decided(people, outcome)
    response = ApiClient(people.clerk).get(f"/cases/{case.number}")
    assert response.status_code == 200
    [notice] = [n for n in response.json()["notices"] if n["kind"] == "result"]
    content = notice["content"]
    assert content["decision"] == outcome
    assert content["redress"] == redress_lines()
    if outcome == "approved":
        assert (content["monthly_amount"], content["starts_month"]) == (
            APPROVED_AMOUNT,
            APPROVED_MONTH,
        )
    else:
        assert content["reason"] == OUTCOMES[outcome][1]
