"""在册对象、定期复核到期和待遇调整，按办理人的辖区取。"""

from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery

from cases.access import instances
from cases.models import BenefitChange, Recipient, RecipientReview

# 复核将到期: alerted and queued this many days ahead.
REVIEW_NOTICE_DAYS = 30
DUE_STATUSES = (Recipient.Status.ACTIVE, Recipient.Status.SUSPENDED)


def with_last_review(recipients: QuerySet[Recipient]) -> QuerySet[Recipient]:
    latest = RecipientReview.objects.filter(recipient=OuterRef("pk")).order_by(
        "-reviewed_on", "-pk"
    )
    return recipients.annotate(
        last_outcome=Subquery(latest.values("outcome")[:1]),
    )


def recipients_visible_to(user) -> QuerySet[Recipient]:
    """A recipient is seen by whoever sees its case."""
    return instances(user, "recipient.view").select_related(
        "case__township", "case__applicant", "case__assistance_type"
    )


def reviews_due(
    user, *, today: date, within_days: int, action: str = "recipient.view"
) -> QuerySet[Recipient]:
    """Recipients still paid (or suspended) whose review is due by ``today`` +
    ``within_days``, overdue ones included, the earliest first."""
    horizon = today + timedelta(days=within_days)
    return with_last_review(
        instances(user, action)
        .filter(status__in=DUE_STATUSES, next_review_on__lte=horizon)
        .select_related("case__township", "case__applicant", "case__assistance_type")
        .order_by("next_review_on", "pk")
    )


def _of_visible_recipients(model, user, by_whom: str) -> QuerySet:
    """Records of the recipients ``user`` may see, with the case and who made them."""
    return model.objects.filter(
        recipient__in=instances(user, "recipient.view")
    ).select_related(
        "recipient__case__township",
        "recipient__case__assistance_type",
        "recipient__case__applicant",
        by_whom,
    )


def benefit_changes_visible_to(user) -> QuerySet[BenefitChange]:
    return _of_visible_recipients(BenefitChange, user, "recorded_by")


def reviews_visible_to(user) -> QuerySet[RecipientReview]:
    return _of_visible_recipients(RecipientReview, user, "reviewed_by")
