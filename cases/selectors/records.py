"""The referral ledger, complaints, follow-ups, leads and the registration book,
each scoped like the cases they belong to.

Village coordinators do not see complaints: a complaint may be about them, and
the seeds put complaint handling at the township window and the county.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from cases.access import instances
from cases.models import (
    ApplicantCorrection,
    Complaint,
    Consultation,
    FollowUp,
    Lead,
    Referral,
    RegistrationEntry,
)


def referrals_visible_to(user) -> QuerySet[Referral]:
    """A referral is seen by whoever sees its case."""
    return instances(user, "referral.view").select_related(
        "case__township", "case__applicant", "department", "referred_by"
    )


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """County roles see all; a township clerk those of the township; no one else.

    A complaint not yet assigned to a township is county business.
    """
    return instances(user, "complaint.view").select_related(
        "township", "case", "handler"
    )


def followups_visible_to(user) -> QuerySet[FollowUp]:
    return instances(user, "followup.view").select_related(
        "case__township", "case__applicant", "conducted_by"
    )


def id_number_changes_visible_to(user) -> QuerySet[ApplicantCorrection]:
    """身份证号码更正申请: seen by whoever sees the case."""
    return instances(user, "applicant_correction.view").select_related(
        "case", "requested_by", "decided_by"
    )


def leads_visible_to(user) -> QuerySet[Lead]:
    """Township clerks their township; village coordinators their village."""
    return instances(user, "lead.view").select_related(
        "township", "village", "case", "reported_by"
    )


def registration_entries_visible_to(user) -> QuerySet[RegistrationEntry]:
    return instances(user, "registration.view").select_related(
        "township", "village", "case", "lead", "recorded_by"
    )


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """咨询登记: county roles all (the county window's too), a township clerk
    their township's; village coordinators and others none."""
    return instances(user, "consultation.view").select_related(
        "township", "service_point", "assistance_type", "first_responder", "case"
    )


def referrals_overdue(
    referrals: QuerySet[Referral], *, today: date | None = None
) -> QuerySet[Referral]:
    """逾期未反馈：仍在待反馈状态且已过应反馈日期（与 Referral.is_overdue 一致）."""
    today = today or timezone.localdate()
    return referrals.filter(status=Referral.Status.SENT, feedback_due__lt=today)


def complaints_overdue(
    complaints: QuerySet[Complaint], *, today: date | None = None
) -> QuerySet[Complaint]:
    """署名投诉逾期未反馈（与 Complaint.is_overdue 一致）."""
    today = today or timezone.localdate()
    return complaints.filter(
        status__in=[Complaint.Status.RECEIVED, Complaint.Status.HANDLING],
        response_due__lt=today,
    )
