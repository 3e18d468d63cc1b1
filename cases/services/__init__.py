"""Every state change of the case module. Views, admin and API call these."""

from . import errors
from .alerts import alerts_check, proxy_request_alert, windows_check
from .attachments import attachment_for_reader, attachment_upload
from .benefits import benefit_change_record
from .calendar import open_deadlines_recompute
from .complaints import (
    ComplaintIn,
    complaint_answer,
    complaint_assign,
    complaint_register,
    complaint_submit,
)
from .consultations import (
    ConsultationIn,
    consultation_record,
    consultation_to_case,
)
from .corrections import (
    applicant_correct,
    applicant_id_change_decide,
    applicant_id_change_request,
)
from .deadlines import (
    deadlines_check,
    deadlines_recompute,
    extension_decide,
    extension_request,
)
from .enrolment import (
    RecipientNotActive,
    recipient_register,
    recipient_set_income_varies,
)
from .errors import *  # noqa: F403  (the errors every service raises: errors.__all__)
from .exits import case_exit
from .followups import followup_record, followup_resolve
from .intake import ApplicantData, IntakeRequest, MaterialIn, MemberIn, case_receive
from .leads import LeadIn, lead_convert, lead_report, lead_triage
from .notices import (
    earlier_one_time_notices,
    material_request,
    materials_supplied,
    one_time_notice_issue,
)
from .objections import (
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from .referrals import (
    referral_chase,
    referral_close,
    referral_feedback,
    referral_send,
)
from .registration_book import (
    entry_answer,
    entry_record,
    entry_to_case,
    entry_to_lead,
)
from .reviews import review_record
from .workflow import (
    TRANSITIONS,
    action_states,
    available_transitions,
    case_transition,
)

__all__ = [
    *errors.__all__,
    "TRANSITIONS",
    "ApplicantData",
    "ComplaintIn",
    "ConsultationIn",
    "IntakeRequest",
    "LeadIn",
    "MaterialIn",
    "MemberIn",
    "RecipientNotActive",
    "applicant_correct",
    "attachment_for_reader",
    "attachment_upload",
    "applicant_id_change_decide",
    "applicant_id_change_request",
    "action_states",
    "available_transitions",
    "benefit_change_record",
    "case_exit",
    "case_receive",
    "case_transition",
    "complaint_answer",
    "complaint_assign",
    "complaint_register",
    "complaint_submit",
    "consultation_record",
    "consultation_to_case",
    "alerts_check",
    "deadlines_check",
    "deadlines_recompute",
    "open_deadlines_recompute",
    "proxy_request_alert",
    "windows_check",
    "entry_answer",
    "entry_record",
    "entry_to_case",
    "entry_to_lead",
    "extension_decide",
    "extension_request",
    "followup_record",
    "followup_resolve",
    "lead_convert",
    "lead_report",
    "lead_triage",
    "material_request",
    "materials_supplied",
    "objection_county_review",
    "objection_submit",
    "objection_township_review",
    "one_time_notice_issue",
    "earlier_one_time_notices",
    "referral_chase",
    "referral_close",
    "referral_feedback",
    "recipient_register",
    "recipient_set_income_varies",
    "referral_send",
    "review_record",
]
