"""提醒 still to act on, for the person they were sent to."""

from datetime import date

from django.db.models import Q, QuerySet

from cases.access import instances
from cases.models import Alert, Case, Lead


def alerts_open_for(user, *, today: date) -> QuerySet[Alert]:
    """An unstaffed window: that day's. A lead: until it is triaged. A 帮办代办
    application: until the window accepts it (or decides otherwise). Only
    about records the person may still see."""
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
    )
    return (
        Alert.objects.filter(recipient=user)
        .filter(waiting)
        .select_related("lead", "case", "service_point")
        .order_by("due_on", "-created_at")
    )
