"""The check every change to a case starts with."""

from django.utils.translation import gettext as _

from cases.access import actor_for
from cases.models import Case

from .errors import CaseArchived, CasePermissionDenied


def require_change(by, case: Case) -> None:
    from cases.selectors import cases_visible_to

    actor = actor_for(by)
    if (
        not actor.may_change_cases
        or not cases_visible_to(by).filter(pk=case.pk).exists()
    ):
        raise CasePermissionDenied(_("您无权办理该案件。"))
    if case.is_read_only:
        raise CaseArchived(_("案件已归档，不能再修改。"))
