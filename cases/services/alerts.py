"""提醒 that are not a stage deadline's: an unstaffed window, an urgent lead, a
帮办代办 application. Who is told is asked of the access policy (``holders``):
those who may take the action the matter waits for.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Alert, Case, Lead, Recipient
from core.workdays import WorkingCalendar
from portal.models import ServicePoint

from .deadlines import deadlines_check
from .recipients import people

NEAR_DUE_WORKING_DAYS = 1
# 紧急线索: 1个工作日内研判.
URGENT_TRIAGE_WORKING_DAYS = 1


def alert_send(*, kind: str, recipients, subject: str, message: str, **about) -> int:
    """One alert per person per matter; returns how many are new."""
    created = 0
    for user in {getattr(u, "pk", u) for u in recipients if u is not None}:
        _alert, new = Alert.objects.get_or_create(
            kind=kind,
            recipient_id=user,
            subject=subject,
            defaults={"message": message[:300], **about},
        )
        created += int(new)
    return created


# ---- 窗口A、B岗均不在岗


def window_unstaffed_alert(point: ServicePoint, *, today: date) -> int:
    """Tell the township head: who takes intake today, or that no one is named."""
    head = point.township.head if point.township_id else None
    if head is None:
        return 0
    if point.substitute_id:
        message = _("%(point)s今日A岗、B岗均不在岗，由指定顶岗人%(who)s受理。") % {
            "point": point.name,
            "who": ServicePoint.staff_display_name(point.substitute),
        }
    else:
        message = _(
            "%(point)s今日A岗、B岗均不在岗，且未指定顶岗人，请安排人员受理。"
        ) % {"point": point.name}
    return alert_send(
        kind=Alert.Kind.WINDOW_UNSTAFFED,
        recipients=[head],
        subject=f"window:{point.pk}:{today:%Y-%m-%d}",
        message=message,
        service_point=point,
        due_on=today,
    )


def windows_check(*, today: date, calendar: WorkingCalendar) -> dict[str, int]:
    counts = {"windows_unstaffed": 0, "windows_unstaffed_alerts": 0}
    if not calendar.is_working_day(today):
        return counts
    points = ServicePoint.objects.exclude(township=None).select_related(
        "township__head",
        "substitute",
        "staff_a__staff_profile",
        "staff_b__staff_profile",
    )
    for point in points:
        if point.unstaffed:
            counts["windows_unstaffed"] += 1
            counts["windows_unstaffed_alerts"] += window_unstaffed_alert(
                point, today=today
            )
    return counts


# ---- 紧急线索


def lead_triage_due(lead: Lead, calendar: WorkingCalendar | None = None) -> date:
    """The day an urgent lead must be triaged by: stored when reported, or
    counted from the day reported for a lead from before it was stored."""
    if lead.triage_due:
        return lead.triage_due
    reported = timezone.localdate(lead.reported_at)
    return (
        (calendar or WorkingCalendar()).add(reported, URGENT_TRIAGE_WORKING_DAYS).result
    )


def lead_alert(lead: Lead, *, overdue: bool, due_on: date) -> int:
    """Near due: the township's triagers. Overdue: the county's as well."""
    values = {
        "number": lead.number,
        "name": lead.person_name,
        "due": f"{due_on:%Y-%m-%d}",
    }
    if overdue:
        kind = Alert.Kind.LEAD_OVERDUE
        recipients = people("lead.triage", lead)
        message = _("紧急线索%(number)s（%(name)s）应于%(due)s前研判，已超期。")
    else:
        kind = Alert.Kind.LEAD_NEAR_DUE
        recipients = people("lead.triage", lead, township_id=lead.township_id)
        message = _("紧急线索%(number)s（%(name)s）须于%(due)s前研判。")
    return alert_send(
        kind=kind,
        recipients=recipients,
        subject=f"lead:{lead.pk}",
        message=message % values,
        lead=lead,
        due_on=due_on,
    )


def leads_check(*, today: date, calendar: WorkingCalendar) -> dict[str, int]:
    soon = calendar.add(today, NEAR_DUE_WORKING_DAYS).result
    counts = {"leads_near_due": 0, "leads_overdue": 0}
    waiting = Lead.objects.filter(urgent=True, status=Lead.Status.REPORTED)
    for lead in waiting.select_related("township").iterator(chunk_size=200):
        due = lead_triage_due(lead, calendar)
        if due < today:
            counts["leads_overdue"] += lead_alert(lead, overdue=True, due_on=due)
        elif due <= soon:
            counts["leads_near_due"] += lead_alert(lead, overdue=False, due_on=due)
    return counts


# ---- 帮办代办


def proxy_request_alert(case: Case, *, by) -> int:
    """A 帮办代办 application waits for the township window to accept it: its
    clerks are told, whoever logged it."""
    recipients = [u for u in people("case.accept", case) if u.pk != by.pk]
    return alert_send(
        kind=Alert.Kind.PROXY_REQUEST,
        recipients=recipients,
        subject=f"case:{case.pk}",
        message=_("帮办代办申请%(number)s（%(name)s）已由%(by)s登记，请及时受理。")
        % {
            "number": case.number,
            "name": case.applicant.name,
            "by": ServicePoint.staff_display_name(by),
        },
        case=case,
    )


# ---- 定期复核


def review_due_alert(recipient: Recipient, *, today: date) -> int:
    """在册对象的复核将到期（或已逾期）: the township's clerks are told, once
    per due date."""
    due = recipient.next_review_on
    values = {
        "number": recipient.case.number,
        "name": recipient.case.applicant.name,
        "due": f"{due:%Y-%m-%d}",
    }
    if due < today:
        message = _("在册对象%(number)s（%(name)s）应于%(due)s前复核，已逾期。")
    else:
        message = _("在册对象%(number)s（%(name)s）须于%(due)s前完成定期复核。")
    return alert_send(
        kind=Alert.Kind.REVIEW_DUE,
        recipients=people(
            "recipient.review", recipient, township_id=recipient.case.township_id
        ),
        subject=f"review:{recipient.pk}:{due:%Y-%m-%d}",
        message=message % values,
        case=recipient.case,
        due_on=due,
    )


def reviews_check(*, today: date) -> dict[str, int]:
    from cases.selectors.recipients import DUE_STATUSES, REVIEW_NOTICE_DAYS

    horizon = today + timedelta(days=REVIEW_NOTICE_DAYS)
    due = Recipient.objects.filter(
        status__in=DUE_STATUSES, next_review_on__lte=horizon
    ).select_related("case__applicant")
    counts = {"reviews_due": 0, "reviews_due_alerts": 0}
    for recipient in due.iterator(chunk_size=200):
        counts["reviews_due"] += 1
        counts["reviews_due_alerts"] += review_due_alert(recipient, today=today)
    return counts


def alerts_check(*, today: date | None = None) -> dict[str, int]:
    """The daily check (manage.py check_deadlines): stage deadlines, unstaffed
    windows, urgent leads, recipients due for review. Each alert is made once,
    so running it twice adds nothing."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    return {
        **deadlines_check(today=today),
        **windows_check(today=today, calendar=calendar),
        **leads_check(today=today, calendar=calendar),
        **reviews_check(today=today),
    }
