"""村社会救助工作登记簿：现场记录，当场答复；不能当场解决的帮办申请或上报线索.

The entry keeps its link to the case or lead it became, and each of those records
where it came from.
"""

from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import Place, require
from cases.channels import Channel
from cases.models import Case, Lead, RegistrationEntry
from portal.models import ServicePoint, Village

from .archive import archive_file
from .errors import CaseError
from .guard import locked_within_reach
from .history import save_with_reason
from .intake import IntakeRequest, case_receive
from .leads import LeadIn, lead_report
from .numbering import next_number
from .text import clean_text

# 已答复的登记即已办结、归档；同一群众再来反映的，另起一条登记。
OPEN = (RegistrationEntry.Status.OPEN,)


@transaction.atomic
def entry_record(
    *,
    by,
    village: Village,
    kind: str,
    visitor_name: str,
    content: str,
    visitor_phone: str = "",
    answer: str = "",
) -> RegistrationEntry:
    """登记；填了答复的即为当场答复。"""
    require(by, "registration.record", Place(village.township_id, village.pk))
    if kind not in RegistrationEntry.Kind.values:
        raise CaseError(_("请选择类别。"), field="kind")
    now = timezone.now()
    entry = RegistrationEntry(
        number=next_number("DJ"),
        township_id=village.township_id,
        village=village,
        kind=kind,
        visitor_name=clean_text(
            visitor_name,
            field="visitor_name",
            label=_("来访群众"),
            model=RegistrationEntry,
        ),
        visitor_phone=clean_text(
            visitor_phone,
            field="visitor_phone",
            label=_("联系电话"),
            model=RegistrationEntry,
            required=False,
        ),
        content=clean_text(
            content, field="content", label=_("反映的问题"), model=RegistrationEntry
        ),
        answer=clean_text(
            answer,
            field="answer",
            label=_("答复内容"),
            model=RegistrationEntry,
            required=False,
        ),
        recorded_at=now,
        recorded_by=by,
    )
    if entry.answer:
        entry.status = RegistrationEntry.Status.ANSWERED
        entry.answered_at = now
    save_with_reason(entry, by=by, reason=_("工作登记簿登记"))
    if entry.answer:
        archive_file(by=by, record=entry)
    return entry


def _still_open(by, entry: RegistrationEntry, refusal: str) -> RegistrationEntry:
    """The entry, locked, once ``by`` may handle it and it is neither answered
    nor passed on; otherwise ``refusal``."""
    entry = locked_within_reach(by, "registration.handle", entry)
    if entry.status not in OPEN:
        raise CaseError(refusal)
    return entry


@transaction.atomic
def entry_answer(*, by, entry: RegistrationEntry, answer: str) -> RegistrationEntry:
    entry = _still_open(by, entry, _("该登记已答复或已转办。"))
    entry.answer = clean_text(
        answer, field="answer", label=_("答复内容"), model=RegistrationEntry
    )
    entry.answered_at = timezone.now()
    entry.status = RegistrationEntry.Status.ANSWERED
    save_with_reason(entry, by=by, reason=_("答复登记事项"))
    archive_file(by=by, record=entry)
    return entry


@transaction.atomic
def entry_to_lead(*, by, entry: RegistrationEntry, urgent: bool = False) -> Lead:
    """上报：把登记的困难情况报告为主动发现线索，由乡镇研判。"""
    entry = _still_open(by, entry, _("该登记已转为案件或线索。"))
    lead = lead_report(
        by=by,
        data=LeadIn(
            township=entry.township,
            village=entry.village,
            source=Lead.Source.COORDINATOR,
            source_name=ServicePoint.staff_display_name(by),
            person_name=entry.visitor_name,
            person_phone=entry.visitor_phone,
            content=entry.content,
            urgent=urgent,
        ),
    )
    entry.lead = lead
    entry.status = RegistrationEntry.Status.TO_LEAD
    save_with_reason(entry, by=by, reason=_("上报为线索%s") % lead.number)
    archive_file(by=by, record=entry)
    return lead


@transaction.atomic
def entry_to_case(*, by, entry: RegistrationEntry, request: IntakeRequest) -> Case:
    """帮办代办：协理员代群众提出申请，登记为案件（渠道：帮办代办）。"""
    entry = _still_open(by, entry, _("该登记已转为案件或线索。"))
    case = case_receive(
        by=by,
        request=replace(
            request,
            channel=Channel.PROXY,
            township=entry.township,
            village=entry.village,
            external_reference=entry.number,
        ),
    )
    entry.case = case
    entry.status = RegistrationEntry.Status.TO_CASE
    save_with_reason(entry, by=by, reason=_("帮办申请，转为案件%s") % case.number)
    archive_file(by=by, record=entry)
    return case
