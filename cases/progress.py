"""办理进度 as the public reads it: status and each stage's due date, no names.

One shape for both doors that show it, ``GET /api/v1/progress`` and the public
progress page: a ninja Schema read from the case itself (its resolvers say
what is derived), below both interfaces so neither imports the other.
"""

from datetime import date

from django.utils import timezone
from ninja import Field, Schema


# Mixins of derived values several answers share (no fields of their own, no
# docstring: a docstring would become a description in the OpenAPI document).
class StatusLabelled(Schema):
    @staticmethod
    def resolve_status_label(record) -> str:
        return record.get_status_display()


class StageLabelled(Schema):
    @staticmethod
    def resolve_stage_label(deadline) -> str:
        return deadline.get_stage_display()


class ReferredOn(Schema):
    @staticmethod
    def resolve_referred_on(referral) -> date:
        return timezone.localdate(referral.referred_at)


class ProgressDeadlineOut(StageLabelled):
    stage: str
    stage_label: str
    due_on: date
    completed: bool

    @staticmethod
    def resolve_completed(deadline) -> bool:
        return deadline.completed_at is not None


class ProgressReferralOut(StatusLabelled, ReferredOn):
    department: str = Field(description="承办部门")
    need: str
    referred_on: date
    feedback_due: date
    status: str
    status_label: str

    @staticmethod
    def resolve_department(referral) -> str:
        return referral.department.name


class ProgressOut(StatusLabelled):
    number: str
    status: str
    status_label: str
    deadlines: list[ProgressDeadlineOut]
    referrals: list[ProgressReferralOut] = Field(
        description="转办去向：哪个部门办理、何时反馈"
    )

    @staticmethod
    def resolve_referrals(case):
        return case.referrals.select_related("department").order_by("referred_at", "pk")


def case_progress(case) -> ProgressOut:
    """公众查询：the case's progress, shaped once for the API and the page."""
    return ProgressOut.from_orm(case)
