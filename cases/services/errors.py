"""The errors a service raises, defined in ``cases.errors`` (below both the
services and the access policy, which refuses with them)."""

from cases.errors import (
    CaseArchived,
    CaseError,
    CaseNotFound,
    CasePermissionDenied,
    InvalidTransition,
    StaleVersion,
)

__all__ = [
    "CaseArchived",
    "CaseError",
    "CaseNotFound",
    "CasePermissionDenied",
    "InvalidTransition",
    "StaleVersion",
]
