"""Reads that span relations, always scoped by the acting user."""

from .alerts import alerts_open_for
from .calendar import CalendarCoverage, calendar_coverage, provisional_counts
from .cases import (
    cases_overdue,
    cases_visible_to,
    remember_related,
    with_case_details,
)
from .duplicates import IntakeWarning, open_cases_same_id
from .figures import supervision_figures
from .ledger import complaint_list, referral_ledger
from .progress import (
    case_for_progress,
    complaint_for_progress,
    record_for_progress,
)
from .recipients import (
    benefit_changes_visible_to,
    recipients_visible_to,
    reviews_due,
    reviews_visible_to,
)
from .records import (
    complaints_overdue,
    complaints_visible_to,
    consultations_visible_to,
    followups_visible_to,
    id_number_changes_visible_to,
    leads_visible_to,
    referrals_overdue,
    referrals_visible_to,
    registration_entries_visible_to,
)

__all__ = [
    "alerts_open_for",
    "benefit_changes_visible_to",
    "recipients_visible_to",
    "reviews_due",
    "reviews_visible_to",
    "CalendarCoverage",
    "calendar_coverage",
    "provisional_counts",
    "IntakeWarning",
    "case_for_progress",
    "cases_overdue",
    "cases_visible_to",
    "complaint_for_progress",
    "complaint_list",
    "complaints_overdue",
    "complaints_visible_to",
    "consultations_visible_to",
    "followups_visible_to",
    "id_number_changes_visible_to",
    "leads_visible_to",
    "open_cases_same_id",
    "record_for_progress",
    "referral_ledger",
    "referrals_overdue",
    "referrals_visible_to",
    "registration_entries_visible_to",
    "remember_related",
    "supervision_figures",
    "with_case_details",
]
