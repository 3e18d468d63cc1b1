from .accounts import AccessEvent, PasswordHistory, PasswordState
from .complaint_channels import ComplaintChannelPage, ComplaintPhone
from .directory import (
    AssistanceType,
    Department,
    ServicePoint,
    StaffProfile,
    Township,
    Village,
)
from .home import HomePage, ServicePointIndexPage
from .offline import (
    DisplayRequirement,
    Posting,
    PrintEdition,
    PrintForm,
    ReplacementTask,
)
from .policies import PolicyAttachment, PolicyIndexPage, PolicyPage
from .printable import PrintablePage
from .search_terms import SearchSynonym
from .service_guides import (
    ServiceGuideIndexPage,
    ServiceGuideLegalBasis,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
)

__all__ = [
    "AccessEvent",
    "AssistanceType",
    "ComplaintChannelPage",
    "ComplaintPhone",
    "Department",
    "DisplayRequirement",
    "HomePage",
    "PasswordHistory",
    "PasswordState",
    "PolicyAttachment",
    "PolicyIndexPage",
    "PolicyPage",
    "Posting",
    "PrintEdition",
    "PrintForm",
    "PrintablePage",
    "ReplacementTask",
    "SearchSynonym",
    "ServiceGuideIndexPage",
    "ServiceGuideLegalBasis",
    "ServiceGuideMaterial",
    "ServiceGuidePage",
    "ServiceGuideStep",
    "ServicePoint",
    "ServicePointIndexPage",
    "StaffProfile",
    "Township",
    "Village",
]
