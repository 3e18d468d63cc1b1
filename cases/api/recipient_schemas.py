"""Shapes of the 在册对象 endpoints: 定期复核 due and recorded, 待遇调整."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from cases.models import BenefitChange, RecipientExit, RecipientReview
from cases.services.results import AMOUNT_PATTERN, MONTH_PATTERN

from .schemas import CodeName, LocalTime, OfCase, StrictSchema, or_empty, stored, text

# Up to 100000 with two decimals at most (cases.services.enrolment); the
# pattern states the shape, the service the bound.
_AMOUNT = text(9, pattern=or_empty(AMOUNT_PATTERN))


def _money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


class RecipientOut(OfCase):
    case_number: str
    applicant_name: str
    assistance_type: CodeName
    township: CodeName
    status: str
    status_label: str
    monthly_amount: str | None = Field(description="现发放金额（元/月）")
    starts_month: str = Field(description="起始月份，如 2026-12")
    review_cycle_months: int = Field(description="复核周期（月）")
    income_varies: bool = Field(description="收入变动家庭（按较短周期复核）")
    next_review_on: date
    last_reviewed_on: date | None

    @staticmethod
    def resolve_applicant_name(recipient) -> str:
        return recipient.case.applicant.name

    @staticmethod
    def resolve_assistance_type(recipient) -> dict:
        kind = recipient.case.assistance_type
        return {"code": kind.code, "name": kind.name}

    @staticmethod
    def resolve_township(recipient) -> dict:
        town = recipient.case.township
        return {"code": town.code, "name": town.name}

    @staticmethod
    def resolve_status_label(recipient) -> str:
        return recipient.get_status_display()

    @staticmethod
    def resolve_monthly_amount(recipient) -> str | None:
        return _money(recipient.monthly_amount)

    @staticmethod
    def resolve_starts_month(recipient) -> str:
        return f"{recipient.starts_month:%Y-%m}"


class DueReviewOut(RecipientOut):
    due_on: date = Field(description="应复核日期")
    overdue: bool = Field(description="已逾期未复核")
    last_outcome: str | None = Field(description="上次复核结论")
    last_outcome_label: str | None

    @staticmethod
    def resolve_due_on(recipient) -> date:
        return recipient.next_review_on

    @staticmethod
    def resolve_overdue(recipient) -> bool:
        return recipient.next_review_on < timezone.localdate()

    @staticmethod
    def resolve_last_outcome_label(recipient) -> str | None:
        outcome = getattr(recipient, "last_outcome", None)
        return str(RecipientReview.Outcome(outcome).label) if outcome else None


class DueReviewsOut(Schema):
    within_days: int
    today: date
    count: int = Field(description="到期（含逾期）的总数")
    results: list[DueReviewOut]


class ReviewIn(StrictSchema):
    outcome: Literal[tuple(RecipientReview.Outcome.values)] = Field(
        description="复核结论：continue 继续享受、increase 提高金额、"
        "decrease 降低金额、stop 停止救助（须写明理由，登记退出）"
    )
    reviewed_on: date | None = Field(
        None, description="复核日期，不填为今天；不晚于今天，不早于审批或上次复核"
    )
    new_amount: _AMOUNT = Field(
        "", description="调整后金额（元/月），提高或降低金额时填写，其他结论不填"
    )
    reason: stored(RecipientReview, "reason") = Field(
        "", description="复核意见；停止救助须填写"
    )


class ReviewOut(Schema):
    id: int
    case_number: str
    reviewed_on: date
    due_on: date
    on_time: bool = Field(description="按期：在应复核日期当天或之前完成")
    outcome: str
    outcome_label: str
    amount_before: str | None
    new_amount: str | None
    reason: str
    next_review_on: date = Field(description="复核后的下次复核日期")
    recipient_status: str
    recorded_at: LocalTime

    @staticmethod
    def resolve_case_number(review) -> str:
        return review.recipient.case.number

    @staticmethod
    def resolve_outcome_label(review) -> str:
        return review.get_outcome_display()

    @staticmethod
    def resolve_amount_before(review) -> str | None:
        return _money(review.amount_before)

    @staticmethod
    def resolve_new_amount(review) -> str | None:
        return _money(review.new_amount)

    @staticmethod
    def resolve_next_review_on(review) -> date:
        return review.recipient.next_review_on

    @staticmethod
    def resolve_recipient_status(review) -> str:
        return review.recipient.status


class BenefitChangeIn(StrictSchema):
    kind: Literal[tuple(BenefitChange.Kind.values)] = Field(
        description="increase 增发、decrease 减发（每月增减的金额）、back_pay 补发"
        "（当月一次发放）、suspend 暂停发放、stop 停发（登记退出）"
    )
    amount: _AMOUNT = Field(
        "",
        description="金额（元），如 50 或 50.50，大于0、不超过100000；"
        "增发、减发、补发须填写，暂停和停发不填",
    )
    effective_month: text(7, filled=True, pattern=MONTH_PATTERN) = Field(
        description="生效月份，如 2027-01；不早于起始月份，不晚于本月后12个月"
        "（停发不晚于次月）"
    )
    reason: stored(BenefitChange, "reason", filled=True) = Field(description="调整原因")
    exit_reason: text(20, enum=["", *RecipientExit.Reason.values]) = Field(
        "", description="停发时的退出原因，不填为“其他”"
    )


class BenefitChangeOut(Schema):
    id: int
    case_number: str
    kind: str
    kind_label: str
    amount: str | None
    effective_month: str
    amount_before: str | None
    amount_after: str | None
    reason: str
    recipient_status: str
    recorded_at: LocalTime

    @staticmethod
    def resolve_case_number(change) -> str:
        return change.recipient.case.number

    @staticmethod
    def resolve_kind_label(change) -> str:
        return change.get_kind_display()

    @staticmethod
    def resolve_amount(change) -> str | None:
        return _money(change.amount)

    @staticmethod
    def resolve_amount_before(change) -> str | None:
        return _money(change.amount_before)

    @staticmethod
    def resolve_amount_after(change) -> str | None:
        return _money(change.amount_after)

    @staticmethod
    def resolve_effective_month(change) -> str:
        return f"{change.effective_month:%Y-%m}"

    @staticmethod
    def resolve_recipient_status(change) -> str:
        return change.recipient.status
