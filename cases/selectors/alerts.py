"""提醒 still to act on, for the person they were sent to."""

from datetime import date

from django.db.models import F, Q, QuerySet

from cases.access import instances
from cases.models import Alert, Case, Lead, Recipient


def alerts_open_for(user, *, today: date) -> QuerySet[Alert]:
    """An unstaffed window: that day's. A lead: until it is triaged. A 帮办代办
    application: until the window accepts it (or decides otherwise). A review
    due: until the review is recorded (the due date moves on) or payment stops.
    Only about records the person may still see."""
    kinds = Alert.Kind
    waiting = (
        Q(kind=kinds.WINDOW_UNSTAFFED, due_on=today)
        | Q(
            kind__in=[kinds.LEAD_NEAR_DUE, kinds.LEAD_OVERDUE],
            lead__status=Lead.Status.REPORTED,
            lead__in=instances(user, "lead.view"),
        )
        | Q(
            kind=kinds.PROXY_REQUEST,
            case__status=Case.Status.RECEIVED,
            case__in=instances(user, "case.view"),
        )
        | Q(
            kind=kinds.REVIEW_DUE,
            case__recipient__next_review_on=F("due_on"),
            case__recipient__status__in=[
                Recipient.Status.ACTIVE,
                Recipient.Status.SUSPENDED,
            ],
            case__in=instances(user, "case.view"),
        )
    )
    return (
        Alert.objects.filter(recipient=user)
        .filter(waiting)
        .select_related("lead", "case", "service_point")
        .order_by("due_on", "-created_at")
    )
