"""The referral ledger, complaints, follow-ups, leads and the registration book,
each scoped like the cases they belong to.

Village coordinators do not see complaints: a complaint may be about them, and
the seeds put complaint handling at the township window and the county.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.access import actor_for
from cases.models import (
    ApplicantCorrection,
    Complaint,
    FollowUp,
    Lead,
    Referral,
    RegistrationEntry,
)

from .cases import cases_visible_to


def referrals_visible_to(user) -> QuerySet[Referral]:
    """A referral is seen by whoever sees its case."""
    return Referral.objects.select_related(
        "case__township", "case__applicant", "department", "referred_by"
    ).filter(case__in=cases_visible_to(user))


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """County roles see all; a township clerk those of the township; no one else.

    A complaint not yet assigned to a township is county business.
    """
    actor = actor_for(user)
    complaints = Complaint.objects.select_related("township", "case", "handler")
    if actor.sees_everything:
        return complaints
    if actor.has("clerk") and actor.township_id:
        return complaints.filter(township_id=actor.township_id)
    return complaints.none()


def followups_visible_to(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related(
        "case__township", "case__applicant", "conducted_by"
    ).filter(case__in=cases_visible_to(user))


def id_number_changes_visible_to(user) -> QuerySet[ApplicantCorrection]:
    """身份证号码更正申请: seen by whoever sees the case."""
    return ApplicantCorrection.objects.select_related(
        "case", "requested_by", "decided_by"
    ).filter(case__in=cases_visible_to(user))


def _by_place(queryset: QuerySet, user) -> QuerySet:
    actor = actor_for(user)
    if actor.sees_everything:
        return queryset
    scope = Q(pk__in=[])
    if actor.has("clerk") and actor.township_id:
        scope |= Q(township_id=actor.township_id)
    if actor.has("village_coordinator") and actor.village_id:
        scope |= Q(village_id=actor.village_id)
    return queryset.filter(scope)


def leads_visible_to(user) -> QuerySet[Lead]:
    """Township clerks their township; village coordinators their village."""
    return _by_place(
        Lead.objects.select_related("township", "village", "case", "reported_by"),
        user,
    )


def registration_entries_visible_to(user) -> QuerySet[RegistrationEntry]:
    return _by_place(
        RegistrationEntry.objects.select_related(
            "township", "village", "case", "lead", "recorded_by"
        ),
        user,
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
