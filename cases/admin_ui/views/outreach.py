"""Pages of active-discovery leads and registration-book entries, and their forms."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import may
from cases.models import Lead, RegistrationEntry
from cases.selectors import cases_visible_to, leads_visible_to
from cases.selectors import registration_entries_visible_to as entries_visible_to
from cases.services import (
    LeadIn,
    entry_answer,
    entry_record,
    entry_to_case,
    entry_to_lead,
    lead_convert,
    lead_report,
    lead_triage,
)
from portal.models import ServicePoint

from ..forms.outreach import (
    AnswerForm,
    EntryForm,
    IntakeFromForm,
    LeadReportForm,
    ToLeadForm,
    TriageForm,
)
from .records import Action, RecordCreateView, RecordPageView


class LeadPageView(RecordPageView):
    selector = leads_visible_to
    actions = {
        "triage": Action(gettext_lazy("研判"), TriageForm),
        "convert": Action(
            gettext_lazy("转为案件（主动发现）"),
            IntakeFromForm,
            gettext_lazy("登记案件"),
        ),
    }

    def open_actions(self) -> list[str]:
        if not may(self.request.user, "lead.triage", self.record):
            return []
        return {
            Lead.Status.REPORTED: ["triage"],
            Lead.Status.ACCEPTED: ["convert"],
        }.get(self.record.status, [])

    def make_form(self, name, data):
        form = super().make_form(name, data)
        if name == "convert" and data is None:
            lead = self.record
            form.initial = {
                "name": lead.person_name,
                "phone": lead.person_phone,
                "address": lead.address,
                "description": lead.content,
            }
        return form

    def facts(self) -> list[dict]:
        lead = self.record
        return [
            {"label": _("线索编号"), "text": lead.number},
            {"label": _("乡镇（村）"), "text": str(lead.village or lead.township)},
            {
                "label": _("报告人"),
                "text": f"{lead.get_source_display()} {lead.source_name}",
            },
            {
                "label": _("报告时间"),
                "text": f"{timezone.localtime(lead.reported_at):%Y-%m-%d %H:%M}",
            },
            {
                "label": _("登记人"),
                "text": ServicePoint.staff_display_name(lead.reported_by),
            },
            {"label": _("困难群众"), "text": lead.person_name},
            {"label": _("联系电话"), "text": lead.person_phone},
            {"label": _("住址"), "text": lead.address},
            {"label": _("困难情况"), "text": lead.content},
            {
                "label": _("紧急"),
                "text": _("是") if lead.urgent else _("否"),
                "strong": lead.urgent,
            },
            {"label": _("状态"), "text": lead.get_status_display()},
            {"label": _("研判意见"), "text": lead.triage_note},
            self.linked(
                _("转成的案件"), lead.case, "cases_admin_case", cases_visible_to
            ),
        ]

    def perform(self, name: str, form) -> str:
        user = self.request.user
        if name == "triage":
            data = form.cleaned_data
            lead = lead_triage(
                by=user,
                lead=self.record,
                accept=data["decision"] == "accept",
                note=data["note"],
            )
            return _("已研判：%s。") % lead.get_status_display()
        case = lead_convert(
            by=user,
            lead=self.record,
            request=form.intake_request(self.record.township),
        )
        return _("已转为案件 %s（受理渠道：主动发现）。") % case.number


class LeadCreateView(RecordCreateView):
    form_class = LeadReportForm
    title = gettext_lazy("报告主动发现线索")

    def perform(self, form):
        data = dict(form.cleaned_data)
        lead = lead_report(by=self.request.user, data=LeadIn(**data))
        return lead, _("已报告线索 %s，待乡镇研判。") % lead.number


class EntryPageView(RecordPageView):
    selector = entries_visible_to
    actions = {
        "answer": Action(gettext_lazy("答复"), AnswerForm),
        "to_lead": Action(
            gettext_lazy("上报为主动发现线索"), ToLeadForm, gettext_lazy("上报")
        ),
        "to_case": Action(
            gettext_lazy("帮办申请（转为案件）"),
            IntakeFromForm,
            gettext_lazy("登记案件"),
        ),
    }

    def open_actions(self) -> list[str]:
        status = self.record.status
        if status == RegistrationEntry.Status.OPEN:
            return ["answer", "to_lead", "to_case"]
        return []

    def make_form(self, name, data):
        form = super().make_form(name, data)
        if name == "to_case" and data is None:
            form.initial = {
                "name": self.record.visitor_name,
                "phone": self.record.visitor_phone,
                "description": self.record.content,
            }
        return form

    def facts(self) -> list[dict]:
        e = self.record
        return [
            {"label": _("登记编号"), "text": e.number},
            {"label": _("村（社区）"), "text": str(e.village)},
            {
                "label": _("登记时间"),
                "text": f"{timezone.localtime(e.recorded_at):%Y-%m-%d %H:%M}",
            },
            {
                "label": _("登记人"),
                "text": ServicePoint.staff_display_name(e.recorded_by),
            },
            {"label": _("类别"), "text": e.get_kind_display()},
            {"label": _("来访群众"), "text": e.visitor_name},
            {"label": _("联系电话"), "text": e.visitor_phone},
            {"label": _("反映的问题"), "text": e.content},
            {"label": _("答复内容"), "text": e.answer},
            {"label": _("状态"), "text": e.get_status_display()},
            self.linked(_("转成的案件"), e.case, "cases_admin_case", cases_visible_to),
            self.linked(_("转成的线索"), e.lead, "cases_admin_lead", leads_visible_to),
        ]

    def perform(self, name: str, form) -> str:
        user, entry = self.request.user, self.record
        if name == "answer":
            entry_answer(by=user, entry=entry, answer=form.cleaned_data["answer"])
            return _("已登记答复。")
        if name == "to_lead":
            lead = entry_to_lead(
                by=user, entry=entry, urgent=form.cleaned_data["urgent"]
            )
            return _("已上报为线索 %s。") % lead.number
        case = entry_to_case(
            by=user, entry=entry, request=form.intake_request(entry.township)
        )
        return _("已帮办申请，案件编号 %s。") % case.number


class EntryCreateView(RecordCreateView):
    form_class = EntryForm
    title = gettext_lazy("工作登记簿登记")

    def perform(self, form):
        entry = entry_record(by=self.request.user, **form.cleaned_data)
        message = _("已登记 %s。") % entry.number
        if entry.answer:
            message += _("已当场答复。")
        return entry, message
