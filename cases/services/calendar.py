"""节假日调整之后：every open deadline follows the calendar.

When an administrator enters holidays or records a year's arrangement, the dates
already promised move with them: stage deadlines of open cases, feedback dates of
referrals still awaiting an answer, and response dates of open named complaints.
Each record whose date or working changes gets a history entry with the reason.
"""

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Complaint, Referral
from core.workdays import Calculation, WorkingCalendar

from .complaints import RESPONSE_WORKING_DAYS
from .deadlines import deadlines_recompute
from .history import save_with_reason


def referral_due_recompute(
    referral: Referral, *, calendar: WorkingCalendar, reason: str, by=None
) -> bool:
    """转办反馈期限 recounted from the day it was sent; True if it changed."""
    calc = calendar.add(
        timezone.localdate(referral.referred_at), referral.due_working_days
    )
    return _store_due(referral, "feedback_due", calc, reason=reason, by=by)


def complaint_due_recompute(
    complaint: Complaint, *, calendar: WorkingCalendar, reason: str, by=None
) -> bool:
    """投诉反馈期限 recounted from the day it was received; True if it changed."""
    calc = calendar.add(
        timezone.localdate(complaint.received_at), RESPONSE_WORKING_DAYS
    )
    return _store_due(complaint, "response_due", calc, reason=reason, by=by)


def _store_due(record, field: str, calc: Calculation, *, reason: str, by) -> bool:
    """Keep the recounted date in ``field`` with how it was counted
    (``due_calculation``), saved with the reason; False if neither changed."""
    text = calc.describe()
    if (getattr(record, field), record.due_calculation) == (calc.result, text):
        return False
    setattr(record, field, calc.result)
    record.due_calculation = text
    save_with_reason(record, by=by, reason=reason)
    return True


def open_deadlines_recompute(*, reason: str, by=None) -> dict[str, int]:
    """Recompute every open deadline; how many changed, per kind of record.

    Each record is locked and recomputed in its own transaction, so a clerk acting
    on a case meanwhile is neither blocked for long nor overwritten.
    """
    calendar = WorkingCalendar()
    moved = {"deadlines": 0, "referrals": 0, "complaints": 0}
    open_cases = Case.objects.filter(deadlines__completed_at__isnull=True).distinct()
    for pk in _pks(open_cases):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            moved["deadlines"] += len(
                deadlines_recompute(case=case, reason=reason, by=by, calendar=calendar)
            )
    for pk in _pks(Referral.objects.filter(status=Referral.Status.SENT)):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            if referral.status == Referral.Status.SENT:
                moved["referrals"] += referral_due_recompute(
                    referral, calendar=calendar, reason=reason, by=by
                )
    for pk in _pks(_open_named_complaints()):
        with transaction.atomic():
            complaint = (
                _open_named_complaints().select_for_update().filter(pk=pk).first()
            )
            if complaint is not None:
                moved["complaints"] += complaint_due_recompute(
                    complaint, calendar=calendar, reason=reason, by=by
                )
    return moved


def _open_named_complaints():
    return Complaint.objects.filter(
        status__in=(Complaint.Status.RECEIVED, Complaint.Status.HANDLING),
        response_due__isnull=False,
    )


def _pks(queryset) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))
