"""Every assistance type of the demo, walked from intake to archive (the walk of
test_rules_every_stage_on_a_clock), then on as a recipient: registered at
审批同意 with the guide's review cycle, reviewed, its payment changed, stopped."""

from datetime import date
from decimal import Decimal

import pytest

from cases.guides import terms_for
from cases.history import verify_model
from cases.models import BenefitChange, Recipient, RecipientExit, RecipientReview
from cases.services import RecipientNotActive, benefit_change_record, review_record
from cases.services.enrolment import add_months
from tests.factories.clock import on_day

from .test_rules_every_stage_on_a_clock import demo_db, walked  # noqa: F401

pytestmark = pytest.mark.django_db


def test_rules_every_demo_type_becomes_a_recipient_reviewed_and_changed(
    walked,  # noqa: F811
    desk_clerk,
):
    assert len(walked) >= 8
    for code, (case, _statuses) in walked.items():
        recipient = Recipient.objects.get(case=case)
        cycle = terms_for(case.assistance_type).review_cycle_months
        assert recipient.review_cycle_months == cycle, code
        assert recipient.monthly_amount == Decimal("600.00"), code
        assert recipient.next_review_on == add_months(recipient.starts_month, cycle)
        with on_day(date(2026, 11, 20)):
            review = review_record(
                by=desk_clerk, case=case, outcome="increase", new_amount="650"
            )
            assert review.on_time, code
            benefit_change_record(
                by=desk_clerk,
                case=case,
                kind="back_pay",
                amount="50",
                effective_month="2026-12",
                reason="补发增加部分",
            )
            benefit_change_record(
                by=desk_clerk,
                case=case,
                kind="stop",
                effective_month="2026-12",
                reason="迁出本县",
                exit_reason="moved_away",
            )
            with pytest.raises(RecipientNotActive):
                review_record(by=desk_clerk, case=case, outcome="continue")
        recipient.refresh_from_db()
        assert recipient.monthly_amount == Decimal("650.00"), code
        assert recipient.status == Recipient.Status.STOPPED, code
        assert recipient.next_review_on == add_months(review.due_on, cycle), code
        assert RecipientExit.objects.get(case=case).reason == "moved_away"
    for model in (Recipient, RecipientReview, BenefitChange):
        assert verify_model(model.history.model)[1] == []


@pytest.fixture
def desk_clerk(demo_db):  # noqa: F811
    return demo_db[0]["clerk"]
