"""Cases as the API shows them: ID numbers and phones masked, times local.

Only presentation lives here; every value comes from the models, the services'
stored results (deadlines with their calculation, notices as issued) or
``case_timeline``.
"""

from django.utils import timezone

from cases.channels import Channel
from cases.identity import mask_id_number, mask_phone
from cases.models import Case, Notice
from cases.selectors import open_cases_same_id
from cases.services import available_transitions
from cases.timeline import case_timeline
from portal.models import ServicePoint

# Shown masked in history as in the case itself; the full value is for the admin's
# logged reveal action only.
_MASKERS = {"id_number": mask_id_number, "phone": mask_phone}


def _local(value):
    return timezone.localtime(value) if value else None


def _person(user) -> str | None:
    if user is None:
        return None
    return ServicePoint.staff_display_name(user)


def _code_name(obj) -> dict | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def deadline_data(deadline) -> dict:
    return {
        "stage": deadline.stage,
        "stage_label": deadline.get_stage_display(),
        "starts_on": deadline.starts_on,
        "working_days": deadline.working_days,
        "extended_days": deadline.extended_days,
        "due_on": deadline.due_on,
        "calculation": deadline.calculation,
        "completed_at": _local(deadline.completed_at),
    }


def _material(material) -> dict:
    return {
        "name": material.name,
        "form": material.form,
        "form_label": material.get_form_display(),
        "copies": material.copies,
        "pages": material.pages,
        "required": material.required,
        "received": material.received,
        "received_at": _local(material.received_at),
        "from_guide": material.from_guide,
        "note": material.note,
    }


def _notice(notice) -> dict:
    return {
        "kind": notice.kind,
        "kind_label": notice.get_kind_display(),
        "number": notice.number,
        "issued_at": _local(notice.issued_at),
        "issued_by": _person(notice.issued_by),
        "content": notice.content,
        "resolved_at": _local(notice.resolved_at),
    }


def referral_data(referral) -> dict:
    department = referral.department
    return {
        "number": referral.number,
        "case_number": referral.case.number,
        "department": {"code": department.code, "name": department.name},
        "need": referral.need,
        "whole_case": referral.whole_case,
        "reason": referral.reason,
        "contact": referral.contact,
        "documents": referral.documents,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "referred_at": _local(referral.referred_at),
        "referred_on": timezone.localdate(referral.referred_at),
        "due_working_days": referral.due_working_days,
        "feedback_due": referral.feedback_due,
        "due_calculation": referral.due_calculation,
        "overdue": referral.is_overdue(),
        "feedback": referral.feedback,
        "feedback_at": _local(referral.feedback_at),
        "result": referral.result,
        "closed_at": _local(referral.closed_at),
        "chase_count": referral.chase_count,
    }


def _decision(case: Case) -> dict | None:
    if not case.decision or case.decided_at is None:
        return None
    return {
        "decision": case.decision,
        "label": str(Case.Status(case.decision).label),
        "note": case.decision_note,
        "decided_at": _local(case.decided_at),
        "monthly_amount": (
            f"{case.monthly_amount:.2f}" if case.monthly_amount is not None else None
        ),
        "starts_month": (
            f"{case.starts_month:%Y-%m}" if case.starts_month is not None else None
        ),
    }


def id_number_change_data(correction) -> dict:
    return {
        "id": correction.pk,
        "case_number": correction.case.number,
        "status": correction.status,
        "status_label": correction.get_status_display(),
        "id_number_masked": mask_id_number(correction.id_number),
        "reason": correction.reason,
        "requested_by": _person(correction.requested_by),
        "requested_at": _local(correction.requested_at),
        "decided_by": _person(correction.decided_by),
        "decided_at": _local(correction.decided_at),
        "decision_note": correction.decision_note,
    }


def case_data(case: Case, user) -> dict:
    applicant = case.applicant
    return {
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "version": case.version,
        "assistance_type": _code_name(case.assistance_type),
        "channel": {"code": case.channel, "name": str(Channel(case.channel).label)},
        "township": _code_name(case.township),
        "village": _code_name(case.village),
        "applicant": {
            "name": applicant.name,
            "id_number_masked": applicant.masked_id_number,
            "phone_masked": applicant.masked_phone,
            "address": applicant.address,
        },
        "household": [
            {
                "name": m.name,
                "relation": m.relation,
                "id_number_masked": mask_id_number(m.id_number),
            }
            for m in applicant.household.all()
        ],
        "description": case.description,
        "external_reference": case.external_reference,
        "received_at": _local(case.received_at),
        "received_by": _person(case.received_by),
        "handler": _person(case.handler),
        "closed_at": _local(case.closed_at),
        "decision": _decision(case),
        "deadlines": [deadline_data(d) for d in case.deadlines.all()],
        "materials": [_material(m) for m in case.materials.all()],
        # Read through .all() so the rows cases.selectors.with_case_details
        # fetched (or intake just wrote) are used as they are.
        "notices": [_notice(n) for n in case.notices.all()],
        "referrals": [referral_data(r) for r in case.referrals.all()],
        "actions": [
            {"action": t.action, "label": str(t.label)}
            for t in available_transitions(user, case)
        ],
        "id_number_changes": [
            id_number_change_data(c) for c in case.applicant_corrections.all()
        ],
    }


def intake_data(case: Case, user) -> dict:
    """The case as logged, with its first deadline and the receipt (收件回执单)."""
    data = case_data(case, user)
    data["deadline"] = next(d for d in data["deadlines"] if d["stage"] == "accept")
    receipt = next(n for n in data["notices"] if n["kind"] == Notice.Kind.RECEIPT)
    content = receipt["content"]
    data["warnings"] = [
        {
            "code": w.code,
            "message": w.message,
            "case_number": w.case_number,
            "township": w.township,
        }
        for w in open_cases_same_id(case)
    ]
    data["receipt"] = {
        "number": receipt["number"],
        "issued_at": receipt["issued_at"],
        **{
            key: content.get(key)
            for key in ("materials", "missing", "promised_on", "total_days")
        },
        "handler": content.get("handler", ""),
        "guide": content.get("guide", ""),
    }
    return data


def history_data(case: Case, user=None) -> list[dict]:
    return [
        {
            "at": _local(entry.at),
            "user": entry.user,
            "reason": entry.reason,
            "kind": entry.kind,
            "kind_label": entry.kind_label,
            "record": entry.record,
            "record_label": entry.record_label,
            "changes": [
                {
                    "field": c.field,
                    "label": c.label,
                    "old": _MASKERS.get(c.field, str)(c.old) if c.old else "",
                    "new": _MASKERS.get(c.field, str)(c.new) if c.new else "",
                }
                for c in entry.changes
            ],
        }
        for entry in case_timeline(case, user=user)
    ]


def progress_data(case: Case) -> dict:
    """公众查询：状态与各环节期限，没有任何个人信息。"""
    return {
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "deadlines": [
            {
                "stage": d.stage,
                "stage_label": d.get_stage_display(),
                "due_on": d.due_on,
                "completed": d.completed_at is not None,
            }
            for d in case.deadlines.all()
        ],
        "referrals": [
            {
                "department": r.department.name,
                "need": r.need,
                "referred_on": timezone.localdate(r.referred_at),
                "feedback_due": r.feedback_due,
                "status": r.status,
                "status_label": r.get_status_display(),
            }
            for r in case.referrals.select_related("department").order_by(
                "referred_at", "pk"
            )
        ],
    }
