"""Refusals of the offline-sync services, with a message the clerk can act on."""


class OfflineSyncError(Exception):
    """A request the register refuses; nothing has been changed."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class NotYourServicePoint(OfflineSyncError):
    def __init__(self, message):
        super().__init__(message, code="forbidden")
