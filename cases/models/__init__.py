from .access import CaseNumberCounter, IdempotencyRecord, IdRevealLog
from .applicant import Applicant, HouseholdMember
from .calendar import CalendarDay
from .case import Case
from .deadlines import DeadlineAlert, Extension, Pause, Stage, StageDeadline
from .materials import MaterialForm, MaterialRequest, ReceivedMaterial
from .notices import Notice, OneTimeNoticeItem
from .objections import VerificationObjection

__all__ = [
    "Applicant",
    "CalendarDay",
    "Case",
    "CaseNumberCounter",
    "DeadlineAlert",
    "Extension",
    "HouseholdMember",
    "IdRevealLog",
    "IdempotencyRecord",
    "MaterialForm",
    "MaterialRequest",
    "Notice",
    "OneTimeNoticeItem",
    "Pause",
    "ReceivedMaterial",
    "Stage",
    "StageDeadline",
    "VerificationObjection",
]
