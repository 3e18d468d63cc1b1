"""监督统计：评价回访的满意度、投诉与转办的逾期，按用户的辖区计算。"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from cases.models import Complaint, FollowUp, Referral

from .records import (
    complaints_overdue,
    complaints_visible_to,
    followups_visible_to,
    referrals_overdue,
    referrals_visible_to,
)


@dataclass(frozen=True)
class SupervisionFigures:
    followups: int
    evaluations: int
    revisits: int
    satisfied: int
    basic: int
    dissatisfied: int
    unreached: int
    needs_action: int
    complaints_open: int
    complaints_overdue: int
    referrals_open: int
    referrals_overdue: int

    @property
    def reached(self) -> int:
        return self.satisfied + self.basic + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        return satisfaction_rate(
            {
                "satisfied": self.satisfied,
                "basic": self.basic,
                "dissatisfied": self.dissatisfied,
            }
        )


def followup_counts() -> dict:
    """评价回访的计数，作为聚合表达式：督办面板和统计报表共用。"""
    S = FollowUp.Satisfaction
    return {
        "total": Count("pk"),
        "evaluations": Count("pk", filter=Q(kind=FollowUp.Kind.EVALUATION)),
        "revisits": Count("pk", filter=Q(kind=FollowUp.Kind.REVISIT)),
        "satisfied": Count("pk", filter=Q(satisfaction=S.SATISFIED)),
        "basic": Count("pk", filter=Q(satisfaction=S.BASIC)),
        "dissatisfied": Count("pk", filter=Q(satisfaction=S.DISSATISFIED)),
        "unreached": Count("pk", filter=Q(satisfaction=S.UNREACHED)),
        "needs_action": Count("pk", filter=Q(status=FollowUp.Status.NEEDS_ACTION)),
    }


def satisfaction_rate(counts: dict) -> float | None:
    """(满意 + 基本满意) / 联系上的; None while no one has been reached."""
    reached = counts["satisfied"] + counts["basic"] + counts["dissatisfied"]
    if not reached:
        return None
    return round(100 * (counts["satisfied"] + counts["basic"]) / reached, 1)


def supervision_figures(user, *, today: date | None = None) -> SupervisionFigures:
    followups = followups_visible_to(user).aggregate(**followup_counts())
    complaints = complaints_visible_to(user)
    referrals = referrals_visible_to(user)
    return SupervisionFigures(
        followups=followups["total"],
        evaluations=followups["evaluations"],
        revisits=followups["revisits"],
        satisfied=followups["satisfied"],
        basic=followups["basic"],
        dissatisfied=followups["dissatisfied"],
        unreached=followups["unreached"],
        needs_action=followups["needs_action"],
        complaints_open=complaints.filter(
            status__in=[Complaint.Status.RECEIVED, Complaint.Status.HANDLING]
        ).count(),
        complaints_overdue=complaints_overdue(complaints, today=today).count(),
        referrals_open=referrals.filter(status=Referral.Status.SENT).count(),
        referrals_overdue=referrals_overdue(referrals, today=today).count(),
    )
