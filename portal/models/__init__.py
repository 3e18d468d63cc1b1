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
from .policies import PolicyAttachment, PolicyIndexPage, PolicyPage
from .service_guides import (
    ServiceGuideIndexPage,
    ServiceGuideLegalBasis,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
)

__all__ = [
    "AssistanceType",
    "ComplaintChannelPage",
    "ComplaintPhone",
    "Department",
    "HomePage",
    "PolicyAttachment",
    "PolicyIndexPage",
    "PolicyPage",
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
