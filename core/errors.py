"""The one base of every refusal a person or a program is told about.

Services (CaseError), the archive search (SearchError) and the statistics
(StatsError) refuse requests they cannot carry out with a message a person can
act on and the HTTP status that says why. Each interface maps the base once:
the API's exception handler answers JSON (cases/api/base.py), the admin's
middleware a Chinese message page or, after a form was sent, a message on the
page it came from (portal/admin_input.py). A form that can name the field at
fault (``field``) shows the message beside it instead.
"""


class RefusedRequest(Exception):
    """A request refused with ``message`` and HTTP ``status``; ``field`` names
    the input at fault, if any. 400 is "what was asked breaks a rule"."""

    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
