"""公众查询进度：凭编号和所留电话后4位找到一件申请或一件投诉。

A wrong pair, an unknown number and a record with no phone on file all answer
None: the caller says the same words for each, so nothing tells whether a
number exists. The digits are compared in constant time.
"""

import hmac
import re

from django.db.models import Prefetch

from cases.models import Case, Complaint, Referral, StageDeadline

_NOT_DIGITS = re.compile(r"\D")


def _last4_match(phone: str, phone_last4: str) -> bool:
    on_file = _NOT_DIGITS.sub("", phone or "")[-4:]
    if len(on_file) != 4 or len(phone_last4) != 4:
        return False
    return hmac.compare_digest(on_file.encode(), phone_last4.encode("utf-8"))


def with_progress_records(cases):
    """What the progress answer reads, one query per kind of record."""
    return cases.select_related("applicant", "assistance_type").prefetch_related(
        Prefetch(
            "deadlines",
            queryset=StageDeadline.objects.prefetch_related("extensions"),
        ),
        "pauses",
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("department").order_by(
                "referred_at", "pk"
            ),
        ),
    )


def case_for_progress(number: str, phone_last4: str) -> Case | None:
    """编号与申请人电话后4位都对上才返回，否则与编号不存在无异。"""
    case = with_progress_records(Case.objects.filter(number=number)).first()
    if case is None or not _last4_match(case.applicant.phone, phone_last4):
        return None
    return case


def complaint_for_progress(number: str, phone_last4: str) -> Complaint | None:
    """投诉：编号与投诉人所留电话后4位都对上才返回；未留电话的查不到。"""
    complaint = Complaint.objects.filter(number=number).first()
    if complaint is None or not _last4_match(complaint.phone, phone_last4):
        return None
    return complaint


def record_for_progress(number: str, phone_last4: str) -> Case | Complaint | None:
    """The public page's one box: a case number or a complaint number."""
    return case_for_progress(number, phone_last4) or complaint_for_progress(
        number, phone_last4
    )
