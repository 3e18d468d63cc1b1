"""归档：每条记录办结时分门别类编入档案目录，从此只读。

The record's closing service files it in its own transaction, so a record is
never closed without its entry, nor filed while still open. Which category a
kind of record goes to is the table ``DEFAULT_CATEGORY`` (docs/features.md):

- 救助案件 (with its notices and attachments): 业务审批类 (YW);
- 投诉举报、主动发现线索、分办转办、工作登记簿: 日常管理类 (RC);
- 待遇调整 (增发、减发、补发、暂停、停发), each filed as it is recorded:
  财务与统计类 (CW).
The county may add categories of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    ArchiveCategory,
    ArchiveEntry,
    BenefitChange,
    Case,
    Complaint,
    Lead,
    Referral,
    RegistrationEntry,
)

from .errors import CaseArchived, CaseError
from .history import save_with_reason
from .numbering import archive_number

K = ArchiveEntry.Kind

BUSINESS, DAILY, FINANCE = "YW", "RC", "CW"
DEFAULT_CATEGORY: dict[str, str] = {
    K.CASE: BUSINESS,
    K.COMPLAINT: DAILY,
    K.LEAD: DAILY,
    K.REFERRAL: DAILY,
    K.REGISTRATION: DAILY,
    K.BENEFIT_CHANGE: FINANCE,
}


@dataclass(frozen=True)
class Filing:
    """How one kind of record is filed: when it is closed (no statuses: as soon
    as it is recorded), its title, place and number."""

    kind: str
    closed: frozenset[str]
    closed_at: Callable[[object], datetime | None]
    title: Callable[[object], str]
    township_id: Callable[[object], int | None]
    number: Callable[[object], str] = lambda r: r.number


def _case_title(case: Case) -> str:
    return _("%(type)s申请（%(name)s）") % {
        "type": case.assistance_type.name,
        "name": case.applicant.name,
    }


FILINGS: dict[type, Filing] = {
    Case: Filing(
        K.CASE,
        frozenset({Case.Status.ARCHIVED}),
        lambda r: r.closed_at,
        _case_title,
        lambda r: r.township_id,
    ),
    Complaint: Filing(
        K.COMPLAINT,
        frozenset({Complaint.Status.ANSWERED, Complaint.Status.CLOSED}),
        lambda r: r.closed_at or r.answered_at,
        lambda r: _("投诉举报（%s）") % r.get_channel_display(),
        lambda r: r.township_id,
    ),
    Lead: Filing(
        K.LEAD,
        frozenset({Lead.Status.REJECTED, Lead.Status.CONVERTED}),
        lambda r: r.triaged_at if r.status == Lead.Status.REJECTED else None,
        lambda r: _("主动发现线索（%s）") % r.person_name,
        lambda r: r.township_id,
    ),
    Referral: Filing(
        K.REFERRAL,
        frozenset({Referral.Status.CLOSED}),
        lambda r: r.closed_at,
        lambda r: (
            _("转办%(department)s（案件%(case)s）")
            % {"department": r.department.name, "case": r.case.number}
        ),
        lambda r: r.case.township_id,
    ),
    RegistrationEntry: Filing(
        K.REGISTRATION,
        frozenset(
            {
                RegistrationEntry.Status.ANSWERED,
                RegistrationEntry.Status.TO_CASE,
                RegistrationEntry.Status.TO_LEAD,
            }
        ),
        lambda r: (
            r.answered_at if r.status == RegistrationEntry.Status.ANSWERED else None
        ),
        lambda r: (
            _("%(kind)s（%(name)s）")
            % {"kind": r.get_kind_display(), "name": r.visitor_name}
        ),
        lambda r: r.township_id,
    ),
    # A payment change is done when recorded; its number is its case's.
    BenefitChange: Filing(
        K.BENEFIT_CHANGE,
        frozenset(),
        lambda r: r.recorded_at,
        lambda r: (
            _("待遇调整：%(kind)s，自%(month)s（%(name)s）")
            % {
                "kind": r.get_kind_display(),
                "month": f"{r.effective_month:%Y-%m}",
                "name": r.recipient.case.applicant.name,
            }
        ),
        lambda r: r.recipient.case.township_id,
        lambda r: r.recipient.case.number,
    ),
}


def case_contents(case: Case) -> list[dict]:
    """卷内目录: the case's notices and attachments, in the order they came."""
    items = [
        {
            "kind": "notice",
            "title": notice.get_kind_display(),
            "number": notice.number,
            "date": f"{timezone.localtime(notice.issued_at):%Y-%m-%d}",
        }
        for notice in case.notices.order_by("issued_at", "pk")
    ]
    items += [
        {
            "kind": "attachment",
            "title": str(attachment),
            "material": attachment.material_name,
            "sha256": attachment.sha256,
            "date": f"{timezone.localtime(attachment.uploaded_at):%Y-%m-%d}",
        }
        for attachment in case.attachments.order_by("uploaded_at", "pk")
    ]
    return items


def refuse_filed(record) -> None:
    """The per-record guard: a filed record is read only (归档后只读)."""
    number = record.archive_number()
    if number:
        raise CaseArchived(
            _("%(what)s%(record)s已归档（档案号%(number)s），只读，不能再办理或修改。")
            % {
                "what": record._meta.verbose_name,
                "record": getattr(record, "number", ""),
                "number": number,
            }
        )


def category_for(kind: str) -> ArchiveCategory:
    code = DEFAULT_CATEGORY[kind]
    category = ArchiveCategory.objects.filter(code=code).first()
    if category is None:
        raise CaseError(
            _("档案类别%(code)s不存在，无法归档；请县级管理员在档案类别中补建。")
            % {"code": code}
        )
    return category


@transaction.atomic
def archive_file(
    *, by, record, category: ArchiveCategory | None = None
) -> ArchiveEntry:
    """File a closed record under its kind's category (or ``category``).

    Called by the service that closes the record, in its transaction; the
    caller has already checked that ``by`` may close it. Filing twice returns
    the first entry.
    """
    filing = FILINGS.get(type(record))
    if filing is None:
        raise CaseError(_("该类记录不归档。"))
    field = ArchiveEntry.RECORD_FIELDS[filing.kind]
    existing = ArchiveEntry.objects.filter(**{field: record}).first()
    if existing is not None:
        return existing
    if filing.closed and record.status not in filing.closed:
        raise CaseError(_("记录尚未办结，不能归档。"))
    category = category or category_for(filing.kind)
    now = timezone.now()
    closed_at = filing.closed_at(record) or now
    year = timezone.localtime(closed_at).year
    number, serial = archive_number(category.code, year=year)
    entry = ArchiveEntry(
        number=number,
        year=year,
        serial=serial,
        category=category,
        kind=filing.kind,
        record_number=filing.number(record),
        title=filing.title(record)[:200],
        township_id=filing.township_id(record),
        retention_years=category.retention_years,
        closed_at=closed_at,
        filed_at=now,
        filed_by=by,
        contents=case_contents(record) if filing.kind == K.CASE else [],
        **{field: record},
    )
    save_with_reason(entry, by=by, reason=_("归档：%s") % number)
    return entry
