"""Errors a service raises; each carries a message a person can act on."""


class CaseError(Exception):
    """A request the rules refuse. ``field`` names the input at fault, if any."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
