"""A complaint's page (交办、查办结论) and staff entry of a complaint."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import may
from cases.models import Complaint
from cases.selectors import cases_visible_to, complaints_visible_to
from cases.services import (
    CaseError,
    ComplaintIn,
    complaint_answer,
    complaint_assign,
    complaint_register,
)
from portal.models import ServicePoint

from ..forms.records import (
    ComplaintAnswerForm,
    ComplaintAssignForm,
    ComplaintRegisterForm,
)
from .records import Action, RecordCreateView, RecordPageView

S = Complaint.Status


class ComplaintPageView(RecordPageView):
    selector = complaints_visible_to
    actions = {
        "assign": Action(gettext_lazy("交办"), ComplaintAssignForm),
        "answer": Action(gettext_lazy("查办结论与反馈"), ComplaintAnswerForm),
    }

    def may_change(self) -> bool:
        return super().may_change() and may(
            self.request.user, "complaint.handle", self.record
        )

    def make_form(self, name, data):
        if name == "assign":
            return ComplaintAssignForm(
                data, prefix=name, complaint=self.record, user=self.request.user
            )
        return super().make_form(name, data)

    def open_actions(self) -> list[str]:
        if self.record.status in (S.RECEIVED, S.HANDLING):
            return ["assign", "answer"]
        return []

    def facts(self) -> list[dict]:
        c = self.record
        overdue = c.is_overdue()
        due = (
            f"{c.response_due:%Y-%m-%d}" + (_("（已逾期）") if overdue else "")
            if c.response_due
            else _("匿名，不设反馈期限")
        )
        case = self.linked(_("涉及案件"), c.case, "cases_admin_case", cases_visible_to)
        return [
            {"label": _("投诉编号"), "text": c.number},
            {"label": _("来源渠道"), "text": c.get_channel_display()},
            {
                "label": _("收到时间"),
                "text": f"{timezone.localtime(c.received_at):%Y-%m-%d %H:%M}",
            },
            {"label": _("投诉人"), "text": c.name or _("（匿名）")},
            {"label": _("联系电话"), "text": c.phone},
            {"label": _("联系地址"), "text": c.address},
            {"label": _("投诉内容"), "text": c.content},
            case,
            {"label": _("投诉人所填案件编号"), "text": c.stated_case_number},
            {
                "label": _("乡镇"),
                "text": c.township.name if c.township_id else _("（未指定，县级交办）"),
            },
            {"label": _("应反馈日期"), "text": due, "strong": overdue},
            {"label": _("期限计算过程"), "text": c.due_calculation},
            {"label": _("状态"), "text": c.get_status_display()},
            {"label": _("查办人"), "text": ServicePoint.staff_display_name(c.handler)},
            {"label": _("查办情况"), "text": c.findings},
            {"label": _("反馈内容"), "text": c.answer},
            {"label": _("反馈方式"), "text": c.answered_how},
            {
                "label": _("责任追究"),
                "text": c.get_accountability_display() if c.accountability else "",
            },
            {"label": _("追责说明"), "text": c.accountability_note},
        ]

    def perform(self, name: str, form) -> str:
        user, data = self.request.user, form.cleaned_data
        if name == "assign":
            complaint = complaint_assign(
                by=user,
                complaint=self.record,
                handler=data["handler"],
                township=data.get("township"),
            )
            return _("已交办给%s。") % ServicePoint.staff_display_name(
                complaint.handler
            )
        complaint = complaint_answer(by=user, complaint=self.record, **data)
        return _("已登记查办结论，投诉状态：%s。") % complaint.get_status_display()


class ComplaintCreateView(RecordCreateView):
    form_class = ComplaintRegisterForm
    title = gettext_lazy("登记投诉")

    def perform(self, form):
        data = form.cleaned_data
        user = self.request.user
        case = None
        if data["case_number"]:
            case = cases_visible_to(user).filter(number=data["case_number"]).first()
            if case is None:
                raise CaseError(
                    _("没有这个案件编号，或该案件不在您的辖区。"), field="case_number"
                )
        complaint = complaint_register(
            by=user,
            data=ComplaintIn(
                channel=data["channel"],
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                address=data["address"],
            ),
            case=case,
            township=data.get("township"),
        )
        message = _("已登记投诉 %s。") % complaint.number
        if complaint.response_due:
            message += _("应于%s前反馈投诉人。") % f"{complaint.response_due:%Y-%m-%d}"
        return complaint, message
