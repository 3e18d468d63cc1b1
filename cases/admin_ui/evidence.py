"""What the case page shows of 案件附件 and 核对报告异议, and which forms it offers.

Forms are offered only where the policy would let the user act (the services
still decide); a bound form coming back with its errors replaces the blank one.
"""

from cases.access import may
from cases.models import Case, VerificationObjection
from cases.services.attachments import max_bytes
from cases.services.objections import OPEN_TO_OBJECTION, objection_pending

from .forms.evidence import AttachmentForm, ObjectionForm, ObjectionReviewForm

S = VerificationObjection.Status
# The stage an objection waits at → the action that decides it there.
REVIEWS = {
    S.SUBMITTED: ("township", "objection.township_review"),
    S.TOWNSHIP_UPHELD: ("county", "objection.county_review"),
}


def may_upload(user, case: Case, may_change: bool) -> bool:
    return may_change and not case.is_closed and may(user, "attachment.upload", case)


def may_object(user, case: Case, may_change: bool) -> bool:
    return (
        may_change
        and case.status in OPEN_TO_OBJECTION
        and may(user, "objection.submit", case)
        and not objection_pending(case)
    )


def evidence_context(user, case: Case, may_change: bool) -> dict:
    attachments = list(case.attachments.select_related("uploaded_by"))
    objections = list(
        case.objections.select_related(
            "submitted_by", "township_reviewed_by", "county_reviewed_by"
        ).prefetch_related("evidence_attachments")
    )
    reviews = []
    for objection in objections:
        stage = REVIEWS.get(objection.status)
        if stage and may_change and may(user, stage[1], case):
            form = ObjectionReviewForm(prefix=f"objection{objection.pk}")
            reviews.append((objection, stage[0], form))
    return {
        "attachments": attachments,
        "attachment_form": AttachmentForm(
            materials=case.materials.all(), prefix="attachment"
        )
        if may_upload(user, case, may_change)
        else None,
        "objections": objections,
        "objection_form": ObjectionForm(case=case, prefix="objection")
        if may_object(user, case, may_change)
        else None,
        "objection_reviews": reviews,
        "max_attachment_size": max_bytes(),
    }
