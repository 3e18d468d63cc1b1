from .access import CaseNumberCounter, IdempotencyRecord, IdRevealLog
from .alerts import Alert
from .applicant import Applicant, HouseholdMember
from .archive import ArchiveCategory, ArchiveEntry
from .attachments import CaseAttachment, PrivateStorage
from .calendar import CalendarDay, HolidayArrangement
from .case import Case
from .chain import HistoryAnchor, HistoryChainHead
from .complaints import Complaint
from .consultations import Consultation
from .corrections import ApplicantCorrection
from .deadlines import (
    RULE_PERIODS,
    DeadlineAlert,
    Extension,
    Pause,
    StageDeadline,
)
from .exits import RecipientExit
from .followups import FollowUp
from .leads import Lead
from .materials import MaterialForm, MaterialRequest, ReceivedMaterial
from .notices import Notice, OneTimeNoticeItem
from .objections import VerificationObjection
from .recipients import BenefitChange, Recipient, RecipientReview
from .referrals import Referral
from .registration_book import RegistrationEntry
from .stats import WorkingDayOrdinal

__all__ = [
    "RULE_PERIODS",
    "Alert",
    "Applicant",
    "BenefitChange",
    "ApplicantCorrection",
    "ArchiveCategory",
    "ArchiveEntry",
    "CalendarDay",
    "HolidayArrangement",
    "Case",
    "CaseAttachment",
    "CaseNumberCounter",
    "Complaint",
    "Consultation",
    "DeadlineAlert",
    "Extension",
    "FollowUp",
    "HistoryAnchor",
    "HistoryChainHead",
    "HouseholdMember",
    "IdRevealLog",
    "IdempotencyRecord",
    "Lead",
    "MaterialForm",
    "MaterialRequest",
    "Notice",
    "OneTimeNoticeItem",
    "Pause",
    "PrivateStorage",
    "ReceivedMaterial",
    "Recipient",
    "RecipientExit",
    "RecipientReview",
    "Referral",
    "RegistrationEntry",
    "StageDeadline",
    "VerificationObjection",
    "WorkingDayOrdinal",
]
