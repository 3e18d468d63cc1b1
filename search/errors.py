"""What the archive search refuses, on the one base of refusals (core.errors).

The API answers each as JSON and the admin as a message page, both in one place
(cases/api/base.py, portal/admin_input.py); the admin's search form shows a
QueryError beside the field it names.
"""

from django.utils.translation import gettext as _

from core.errors import RefusedRequest


class SearchError(RefusedRequest):
    """A search that cannot be carried out."""


class QueryError(SearchError):
    """A parameter that is not what the search accepts (400; the API says 422)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message, field=field_name)


class SearchDenied(SearchError):
    status = 403

    def __init__(self):
        super().__init__(_("您的账号没有检索档案的权限。"))


class BackendUnavailable(SearchError):
    """The engine cannot be reached; index updates wait in the outbox.

    ``message`` is what a person reads; ``str()`` is the engine's own reason,
    for logs, the job record and the operator's command.
    """

    status = 503

    def __init__(self, detail: str = ""):
        super().__init__(_("检索服务暂时不可用，请稍后再试；案件办理不受影响。"))
        self.detail = detail

    def __str__(self) -> str:
        return self.detail or self.message
