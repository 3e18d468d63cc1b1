"""The check every change to a case starts with."""

from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case

from .errors import CaseArchived


def require_change(by, case: Case, action: str = "case.change") -> None:
    """``by`` may take ``action`` on this case, and the case is not archived."""
    require(by, action, case)
    if case.is_read_only:
        raise CaseArchived(_("案件已归档，不能再修改。"))
