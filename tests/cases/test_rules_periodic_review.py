"""定期复核: an approved case becomes a recipient (在册对象), reviewed every cycle
the guide sets; a review continues, raises, lowers or stops the assistance."""

from datetime import date
from decimal import Decimal

import pytest

from cases.history import verify_model
from cases.models import Recipient, RecipientExit, RecipientReview
from cases.services import (
    CaseError,
    CasePermissionDenied,
    RecipientNotActive,
    recipient_set_income_varies,
    review_record,
)
from cases.services.enrolment import add_months
from cases.timeline import case_timeline
from tests.factories.api import ApiClient
from tests.factories.clock import on_day
from tests.factories.pages import build_site, make_guide
from tests.factories.records import decided_case

pytestmark = pytest.mark.django_db

APPROVED_ON = date(2026, 11, 10)  # 审批同意; paid from 2026-12 (APPROVED_MONTH)


def approved(people, township=None, **kwargs):
    with on_day(APPROVED_ON):
        return decided_case(
            people.clerk if township is None else people.west_clerk,
            people.reviewer,
            township or people.east,
            "approved",
            **kwargs,
        )


def review(people, case, day, **kwargs):
    with on_day(day):
        return review_record(by=people.clerk, case=case, **kwargs)


def test_rules_approved_case_becomes_recipient(people):
    case = approved(people)
    recipient = case.recipient
    assert recipient.status == Recipient.Status.ACTIVE
    assert recipient.monthly_amount == Decimal("580.50")
    assert recipient.starts_month == date(2026, 12, 1)
    # No published guide: yearly, the first review a cycle after the start month.
    assert recipient.review_cycle_months == 12
    assert recipient.next_review_on == date(2027, 12, 1)
    [row] = recipient.history.all()
    assert row.history_change_reason.startswith("审批同意，登记为在册救助对象")
    assert row.history_user == people.reviewer
    assert verify_model(Recipient.history.model)[1] == []


def test_rules_only_an_approved_case_becomes_recipient(people):
    with on_day(APPROVED_ON):
        for outcome in ("denied", "not_accepted", "referred"):
            decided_case(people.clerk, people.reviewer, people.east, outcome)
    assert not Recipient.objects.exists()


def test_rules_review_cycle_is_set_per_guide(people):
    tree = build_site()
    guide = make_guide(
        tree,
        title="最低生活保障办事指南",
        review_cycle_months=24,
        varying_income_review_months=3,
    )
    case = approved(
        people,
        assistance_type=guide.assistance_type,
        materials=["居民身份证", "户口簿"],
    )
    recipient = case.recipient
    assert recipient.review_cycle_months == 24
    assert recipient.next_review_on == date(2028, 12, 1)
    # 收入变动家庭: the guide's shorter cycle, counted from the start month.
    with on_day(date(2026, 12, 3)):
        recipient = recipient_set_income_varies(
            by=people.clerk, recipient=recipient, income_varies=True
        )
    assert (recipient.review_cycle_months, recipient.next_review_on) == (
        3,
        date(2027, 3, 1),
    )
    assert "收入变动家庭" in recipient.history.first().history_change_reason


def test_rules_review_due_follows_cycle(people):
    case = approved(people)
    # On time (before the due date): the next is a cycle after the due date.
    first = review(people, case, date(2027, 11, 20), outcome="continue")
    assert first.due_on == date(2027, 12, 1) and first.on_time
    recipient = Recipient.objects.get(case=case)
    assert recipient.next_review_on == date(2028, 12, 1)
    assert recipient.last_reviewed_on == date(2027, 11, 20)
    # Late: counted from the review itself, so the next is not overdue at once.
    late = review(people, case, date(2029, 1, 15), outcome="continue")
    assert late.due_on == date(2028, 12, 1) and not late.on_time
    recipient.refresh_from_db()
    assert recipient.next_review_on == date(2030, 1, 15)


def test_add_months_keeps_within_the_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 1), 12) == date(2028, 12, 1)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_rules_review_increase_and_decrease_need_an_amount_that_does(people):
    case = approved(people)
    day = date(2027, 11, 20)
    for outcome, amount in (
        ("increase", None),
        ("increase", "580.50"),
        ("increase", "100"),
        ("decrease", "600"),
        ("decrease", "-5"),
        ("continue", "600"),
    ):
        with pytest.raises(CaseError) as excinfo:
            review(people, case, day, outcome=outcome, new_amount=amount)
        assert excinfo.value.field == "new_amount", (outcome, amount)
    raised = review(people, case, day, outcome="increase", new_amount="650")
    assert (raised.amount_before, raised.new_amount) == (
        Decimal("580.50"),
        Decimal("650.00"),
    )
    lowered = review(people, case, day, outcome="decrease", new_amount="420.5")
    assert lowered.amount_before == Decimal("650.00")
    assert Recipient.objects.get(case=case).monthly_amount == Decimal("420.50")


def test_rules_review_stop_needs_a_reason_and_records_the_exit(people):
    case = approved(people)
    with pytest.raises(CaseError) as excinfo:
        review(people, case, date(2027, 11, 20), outcome="stop", reason="  ")
    assert excinfo.value.field == "reason"
    assert not RecipientReview.objects.exists()
    review(
        people,
        case,
        date(2027, 11, 20),
        outcome="stop",
        reason="家庭成员就业，人均收入超过当地低保标准。",
    )
    recipient = Recipient.objects.get(case=case)
    assert recipient.status == Recipient.Status.STOPPED
    exit_ = RecipientExit.objects.get(case=case)
    assert exit_.reason == RecipientExit.Reason.REVIEW_INELIGIBLE
    assert exit_.exited_on == date(2027, 11, 20)
    # Nothing more on a stopped recipient.
    with pytest.raises(RecipientNotActive):
        review(people, case, date(2027, 11, 21), outcome="continue")


def test_rules_review_date_is_not_in_the_future_nor_before_the_approval(people):
    case = approved(people)
    with on_day(date(2027, 1, 5)):
        for day in (date(2027, 1, 6), date(2026, 11, 9)):
            with pytest.raises(CaseError) as excinfo:
                review_record(
                    by=people.clerk, case=case, outcome="continue", reviewed_on=day
                )
            assert excinfo.value.field == "reviewed_on"
    with pytest.raises(CaseError) as excinfo:
        review(people, case, date(2027, 1, 5), outcome="maybe")
    assert excinfo.value.field == "outcome"
    assert not RecipientReview.objects.exists()


def test_rules_only_the_window_and_the_county_review(people):
    case = approved(people)
    for who in (people.coordinator, people.auditor, people.west_clerk):
        with on_day(date(2027, 1, 5)), pytest.raises(CasePermissionDenied):
            review_record(by=who, case=case, outcome="continue")
    with on_day(date(2027, 1, 5)):
        review_record(by=people.reviewer, case=case, outcome="continue")


def test_rules_a_case_that_is_no_recipient_cannot_be_reviewed(people):
    with on_day(APPROVED_ON):
        denied = decided_case(people.clerk, people.reviewer, people.east, "denied")
    with pytest.raises(RecipientNotActive) as excinfo:
        review(people, denied, date(2026, 11, 20), outcome="continue")
    assert "不是在册救助对象" in excinfo.value.message


def test_rules_review_is_in_the_case_timeline_in_chinese(people):
    case = approved(people)
    review(people, case, date(2027, 11, 20), outcome="increase", new_amount="650")
    reasons = [entry.reason for entry in case_timeline(case)]
    assert any(r.startswith("审批同意，登记为在册救助对象") for r in reasons)
    assert "定期复核：提高救助金额，580.50元/月调整为650.00元/月" in reasons
    records = {entry.record for entry in case_timeline(case)}
    assert {"在册救助对象", "定期复核"} <= records
    assert verify_model(RecipientReview.history.model)[1] == []


# ---- the API


def test_rules_reviews_due_lists_those_due_within_n_days_of_ones_jurisdiction(
    people,
):
    due_soon = approved(people)
    later = approved(people)
    elsewhere = approved(people, township=people.west)
    with on_day(date(2026, 12, 1)):
        recipient_set_income_varies(
            by=people.clerk, recipient=later.recipient, income_varies=False
        )
    Recipient.objects.filter(case=later).update(next_review_on=date(2028, 6, 1))
    api = ApiClient(people.clerk)
    with on_day(date(2027, 11, 10)):
        response = api.get("/reviews/due", within_days=30)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["case_number"] == due_soon.number
    assert row["due_on"] == "2027-12-01"
    assert row["overdue"] is False
    assert row["last_reviewed_on"] is None and row["last_outcome"] is None
    assert row["township"] == {"code": "east", "name": "东岭镇"}
    assert row["applicant_name"] == due_soon.applicant.name
    # The county sees every township's.
    with on_day(date(2027, 11, 10)):
        county = ApiClient(people.reviewer).get("/reviews/due", within_days=30)
    numbers = {r["case_number"] for r in county.json()["results"]}
    assert numbers == {due_soon.number, elsewhere.number}
    # After a review it is no longer due; overdue ones are listed too.
    review(people, due_soon, date(2027, 11, 12), outcome="continue")
    with on_day(date(2028, 7, 1)):
        body = api.get("/reviews/due", within_days=0).json()
    assert [r["case_number"] for r in body["results"]] == [later.number]
    assert body["results"][0]["overdue"] is True


@pytest.mark.parametrize("within", ["-1", "100000", "abc", "1.5", ""])
def test_rules_reviews_due_refuses_a_bad_number_of_days(people, within):
    response = ApiClient(people.clerk).get("/reviews/due", within_days=within)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "within_days"
    assert body["message"]


def test_rules_reviews_due_needs_a_token():
    assert ApiClient().get("/reviews/due").status_code == 401


def test_rules_review_through_the_api(people):
    case = approved(people)
    api = ApiClient(people.clerk)
    with on_day(date(2027, 11, 20)):
        response = api.post(
            f"/cases/{case.number}/reviews",
            {"outcome": "decrease", "new_amount": "500", "reason": "收入增加"},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome_label"] == "降低救助金额"
    assert (body["amount_before"], body["new_amount"]) == ("580.50", "500.00")
    assert body["on_time"] is True
    assert body["next_review_on"] == "2028-12-01"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "later"}, "outcome"),
        ({"outcome": "increase", "new_amount": "-10"}, "new_amount"),
        ({"outcome": "increase", "new_amount": "1e9"}, "new_amount"),
        ({"outcome": "increase", "new_amount": "NaN"}, "new_amount"),
        ({"outcome": "increase", "new_amount": "500"}, "new_amount"),
        ({"outcome": "stop"}, "reason"),
        ({"outcome": "continue", "reviewed_on": "2027-13-01"}, "reviewed_on"),
        ({"outcome": "continue", "reviewed_on": "2099-01-01"}, "reviewed_on"),
        ({"outcome": "continue", "extra": 1}, "extra"),
    ],
)
def test_rules_review_bad_input_is_refused_and_nothing_saved(people, body, field):
    case = approved(people)
    with on_day(date(2027, 11, 20)):
        response = ApiClient(people.clerk).post(f"/cases/{case.number}/reviews", body)
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not RecipientReview.objects.exists()
    assert Recipient.objects.get(case=case).next_review_on == date(2027, 12, 1)


def test_rules_review_of_another_townships_case_is_404(people):
    case = approved(people)
    with on_day(date(2027, 11, 20)):
        response = ApiClient(people.west_clerk).post(
            f"/cases/{case.number}/reviews", {"outcome": "continue"}
        )
    assert response.status_code == 404
    assert not RecipientReview.objects.exists()


def test_rules_review_of_a_stopped_recipient_is_409(people):
    case = approved(people)
    review(people, case, date(2027, 11, 20), outcome="stop", reason="迁出本县")
    with on_day(date(2027, 11, 21)):
        response = ApiClient(people.clerk).post(
            f"/cases/{case.number}/reviews", {"outcome": "continue"}
        )
    assert response.status_code == 409
    assert "停发" in response.json()["message"]


# ---- alerts and 我的待办


def test_rules_reviews_due_are_alerted_to_the_township_clerks_and_queued(people):
    from cases.models import Alert
    from cases.selectors import alerts_open_for
    from cases.selectors.queues import work_queue
    from cases.services import alerts_check
    from core.roles import Role

    def reviews_queued(user, today):
        queue = work_queue(user, Role.CLERK, today=today)
        return [item for item in queue.items if item.kind == "review"]

    case = approved(people)  # due 2027-12-01
    counts = alerts_check(today=date(2027, 10, 31))
    assert counts["reviews_due_alerts"] == 0  # more than 30 days ahead
    assert not reviews_queued(people.clerk, date(2027, 10, 31))
    soon = date(2027, 11, 5)
    counts = alerts_check(today=soon)
    assert (counts["reviews_due"], counts["reviews_due_alerts"]) == (1, 1)
    alert = Alert.objects.get(kind=Alert.Kind.REVIEW_DUE)
    # The township's clerk, not the west township's nor the county's.
    assert alert.recipient == people.clerk
    assert (alert.case, alert.due_on) == (case, date(2027, 12, 1))
    assert "2027-12-01" in alert.message
    assert alerts_check(today=soon)["reviews_due_alerts"] == 0  # once
    assert list(alerts_open_for(people.clerk, today=soon)) == [alert]
    [item] = reviews_queued(people.clerk, soon)
    assert (item.kind, item.record.case, item.due) == (
        "review",
        case,
        date(2027, 12, 1),
    )
    assert not reviews_queued(people.west_clerk, soon)
    # Reviewed: the alert is done and the queue is empty.
    review(people, case, soon, outcome="continue")
    assert not alerts_open_for(people.clerk, today=soon).exists()
    assert not reviews_queued(people.clerk, soon)
