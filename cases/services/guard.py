"""The checks every change starts with: may ``by`` change this case, or this record."""

from django.utils.translation import gettext as _

from cases.access import instances, require, rule_for
from cases.models import Case
from cases.models.filing import ReadOnlyOnceFiled

from .archive import refuse_filed
from .errors import CaseArchived, CaseNotFound, CasePermissionDenied


def require_change(by, case: Case, action: str = "case.change") -> None:
    """``by`` may take ``action`` on this case, and the case is not archived.

    An archived case is filed in the catalogue (档案目录) and read only, with
    its notices and attachments; the message names its archive number.
    """
    require(by, action, case)
    if case.is_read_only:
        number = case.archive_number()
        if number:
            raise CaseArchived(
                _("案件已归档（档案号%(number)s），只读，不能再修改。")
                % {"number": number}
            )
        raise CaseArchived(_("案件已归档，不能再修改。"))


def locked_within_reach(
    by, action: str, record, *, related: tuple[str, ...] = (), hidden: bool = False
):
    """``record`` read again and locked for the change (select_for_update), if
    it is within ``by``'s reach for ``action``.

    Refused otherwise: CasePermissionDenied with the rule's refusal message, or
    with ``hidden`` CaseNotFound with its outside message (another township's
    record, as if it did not exist). A record filed in the catalogue is read
    only (归档后只读): CaseArchived, naming its archive number.
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
    if isinstance(found, ReadOnlyOnceFiled):
        refuse_filed(found)
    return found
