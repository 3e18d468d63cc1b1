"""Errors a service raises; each carries a message a person can act on.

Below both the services and the access policy (cases.access), which refuses
with them; cases.services.errors re-exports them.
"""

from core.errors import RefusedRequest


class CaseError(RefusedRequest):
    """A request the case rules refuse. ``field`` names the input at fault."""


class CasePermissionDenied(CaseError):
    status = 403


class CaseNotFound(CaseError):
    status = 404


class InvalidTransition(CaseError):
    status = 409


class StaleVersion(CaseError):
    """Optimistic locking: someone else saved the case first."""

    status = 409


class CaseArchived(CaseError):
    """归档的案件只读：其上的任何新记录或修改都被拒绝。"""

    status = 409
