"""Reads that span relations, always scoped by the acting user."""

from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from cases.access import instances
from cases.models import (
    ApplicantCorrection,
    Case,
    CaseAttachment,
    Notice,
    Pause,
    Referral,
    StageDeadline,
    VerificationObjection,
)


def cases_visible_to(user) -> QuerySet[Case]:
    """The one query every list, detail, export, API endpoint and search starts from.

    Township clerks see their township; village coordinators their village;
    reviewers and auditors the whole county; a B-role clerk also sees the cases of
    an absent A-role colleague (AB角顶岗); editors and the public see none.
    """
    return instances(user, "case.view").select_related(
        "assistance_type", "township", "village", "applicant", "handler"
    )


def with_case_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Everything a case's full view reads (the API schema CaseOut), one
    query per kind of record instead of one per record."""
    return cases.select_related("received_by").prefetch_related(
        "applicant__household",
        Prefetch(
            "applicant_corrections",
            queryset=ApplicantCorrection.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        "deadlines",
        "materials",
        Prefetch(
            "attachments",
            queryset=CaseAttachment.objects.select_related("uploaded_by"),
        ),
        Prefetch(
            "objections",
            queryset=VerificationObjection.objects.prefetch_related(
                "evidence_attachments"
            ),
        ),
        Prefetch("notices", queryset=Notice.objects.select_related("issued_by")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("department", "case").order_by(
                "referred_at", "pk"
            ),
        ),
    )


def remember_related(instance: Model, name: str, rows: list[Model]) -> None:
    """Give ``instance.<name>.all()`` the rows a service has just written, as
    ``prefetch_related`` would, so a response built from them reads nothing back.

    Only for rows known to be complete: a case logged a moment ago in the same
    transaction has exactly the deadlines, materials and notices intake made.
    """
    related = getattr(instance, name).all()
    related._result_cache = list(rows)
    related._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = related


def cases_overdue(cases: QuerySet[Case], *, today=None) -> QuerySet[Case]:
    """超期：有正在计时的环节已过期限；补正暂停中的案件期限停止计算，不算超期。

    Only deadlines the office must meet: a 公示 that has run its days is over,
    not late (``RULE_PERIODS``); what follows it is timed as 审批确认.
    """
    today = today or timezone.localdate()
    late = StageDeadline.objects.office_timed().filter(
        completed_at__isnull=True, due_on__lt=today
    )
    paused = Pause.objects.filter(ended_on__isnull=True)
    return cases.filter(pk__in=late.values("case_id")).exclude(
        pk__in=paused.values("case_id")
    )
