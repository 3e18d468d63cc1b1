"""The checks every change starts with: may ``by`` change this case, or this record."""

from django.utils.translation import gettext as _

from cases.access import instances, require, rule_for
from cases.models import Case

from .errors import CaseArchived, CaseNotFound, CasePermissionDenied


def require_change(by, case: Case, action: str = "case.change") -> None:
    """``by`` may take ``action`` on this case, and the case is not archived."""
    require(by, action, case)
    if case.is_read_only:
        raise CaseArchived(_("案件已归档，不能再修改。"))


def locked_within_reach(
    by, action: str, record, *, related: tuple[str, ...] = (), hidden: bool = False
):
    """``record`` read again and locked for the change (select_for_update), if
    it is within ``by``'s reach for ``action``.

    Refused otherwise: CasePermissionDenied with the rule's refusal message, or
    with ``hidden`` CaseNotFound with its outside message (another township's
    record, as if it did not exist).
    """
    records = instances(by, action)
    if related:
        records = records.select_related(*related)
    found = records.select_for_update(of=("self",)).filter(pk=record.pk).first()
    if found is None:
        rule = rule_for(action)
        if hidden:
            raise CaseNotFound(rule.outside_message)
        raise CasePermissionDenied(rule.refusal_message)
    return found
