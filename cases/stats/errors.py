"""What the statistics refuse, on the one base of refusals (core.errors)."""

from core.errors import RefusedRequest


class StatsError(RefusedRequest):
    """A report that cannot be made as asked."""


class PeriodError(StatsError):
    """A period that is not a month or quarter we can report on (400)."""

    def __init__(self, message: str):
        super().__init__(message, field="period")


class AreaError(StatsError):
    """The area parameter is not a township code we know (400)."""

    def __init__(self, message: str):
        super().__init__(message, field="township")


class AreaDenied(StatsError):
    """The user may not see statistics, or not of that area (403)."""

    status = 403
