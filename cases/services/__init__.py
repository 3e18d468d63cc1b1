"""Every state change of the case module. Views, admin and API call these."""

from .deadlines import (
    deadlines_check,
    deadlines_recompute,
    deadlines_recompute_open_cases,
    extension_decide,
    extension_request,
)
from .errors import (
    CaseError,
    CaseNotFound,
    CasePermissionDenied,
    InvalidTransition,
    StaleVersion,
)
from .intake import ApplicantData, IntakeRequest, MaterialIn, MemberIn, case_receive
from .notices import material_request, materials_supplied, one_time_notice_issue
from .objections import (
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from .workflow import TRANSITIONS, available_transitions, case_transition

__all__ = [
    "TRANSITIONS",
    "ApplicantData",
    "CaseError",
    "CaseNotFound",
    "CasePermissionDenied",
    "IntakeRequest",
    "InvalidTransition",
    "MaterialIn",
    "MemberIn",
    "StaleVersion",
    "available_transitions",
    "case_receive",
    "case_transition",
    "deadlines_check",
    "deadlines_recompute",
    "deadlines_recompute_open_cases",
    "extension_decide",
    "extension_request",
    "material_request",
    "materials_supplied",
    "objection_county_review",
    "objection_submit",
    "objection_township_review",
    "one_time_notice_issue",
]
