"""主动发现：报告、研判、转为案件。

A village coordinator reports for their village, a township clerk for their
township; the township (or the county) triages: accept with a note, or reject
with the reason. An accepted lead becomes a case through the ordinary intake
(``case_receive``) with the channel 主动发现, and the two stay linked.
"""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import Place, require
from cases.channels import Channel
from cases.models import Case, Lead
from core.workdays import WorkingCalendar
from portal.models import Township, Village

from .alerts import URGENT_TRIAGE_WORKING_DAYS, lead_alert
from .archive import archive_file
from .errors import CaseError
from .guard import locked_within_reach
from .history import save_with_reason
from .intake import IntakeRequest, case_receive
from .numbering import next_number
from .text import clean_text, clean_texts


@dataclass(frozen=True)
class LeadIn:
    township: Township
    source: str
    source_name: str
    person_name: str
    content: str
    village: Village | None = None
    person_phone: str = ""
    address: str = ""
    urgent: bool = False


@transaction.atomic
def lead_report(*, by, data: LeadIn) -> Lead:
    village = data.village
    if village is not None and village.township_id != data.township.pk:
        raise CaseError(_("所选村（社区）不属于所选乡镇。"), field="village")
    require(by, "lead.report", Place.of(data.township, village))
    if data.source not in Lead.Source.values:
        raise CaseError(_("请选择报告人身份。"), field="source")
    now = timezone.now()
    lead = Lead(
        number=next_number("XS"),
        township=data.township,
        village=village,
        source=data.source,
        **clean_texts(
            data,
            Lead,
            required=("source_name", "person_name", "content"),
            optional=("person_phone", "address"),
        ),
        urgent=data.urgent,
        reported_at=now,
        reported_by=by,
    )
    if data.urgent:
        # 紧急线索1个工作日内研判: the township's triagers are told at once.
        lead.triage_due = (
            WorkingCalendar()
            .add(timezone.localdate(now), URGENT_TRIAGE_WORKING_DAYS)
            .result
        )
    save_with_reason(
        lead,
        by=by,
        reason=_("紧急上报主动发现线索") if data.urgent else _("报告主动发现线索"),
    )
    if data.urgent:
        lead_alert(lead, overdue=False, due_on=lead.triage_due)
    return lead


@transaction.atomic
def lead_triage(*, by, lead: Lead, accept: bool, note: str) -> Lead:
    lead = locked_within_reach(by, "lead.triage", lead)
    if lead.status != Lead.Status.REPORTED:
        raise CaseError(_("该线索已经研判过。"))
    lead.triage_note = clean_text(
        note, field="note", label=_("研判意见"), model=Lead, stored="triage_note"
    )
    lead.triaged_by = by
    lead.triaged_at = timezone.now()
    lead.status = Lead.Status.ACCEPTED if accept else Lead.Status.REJECTED
    save_with_reason(
        lead, by=by, reason=_("研判：确认困难") if accept else _("研判：不予立案")
    )
    if not accept:
        archive_file(by=by, record=lead)
    return lead


@transaction.atomic
def lead_convert(*, by, lead: Lead, request: IntakeRequest) -> Case:
    """转为案件：受理渠道为主动发现，乡镇、村取线索的；线索与案件互相关联。"""
    lead = locked_within_reach(by, "lead.triage", lead)
    if lead.status != Lead.Status.ACCEPTED:
        raise CaseError(_("线索须先研判确认，才能转为案件。"))
    request = replace(
        request,
        channel=Channel.ACTIVE_DISCOVERY,
        township=lead.township,
        village=lead.village,
        external_reference=lead.number,
    )
    case = case_receive(by=by, request=request)
    lead.case = case
    lead.status = Lead.Status.CONVERTED
    save_with_reason(lead, by=by, reason=_("转为案件%s") % case.number)
    archive_file(by=by, record=lead)
    return case
