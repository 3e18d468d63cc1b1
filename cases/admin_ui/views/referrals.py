"""A referral's page, and the ledger book (登记簿) printed or exported to Excel."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from cases.models import Referral
from cases.selectors import referral_ledger, referrals_visible_to
from cases.services import (
    referral_chase,
    referral_close,
    referral_feedback,
)
from portal.models import ServicePoint
from portal.spreadsheets import table_xlsx, xlsx_response

from ..forms.records import ChaseForm, FeedbackForm, ResultForm
from .records import Action, RecordPageView

S = Referral.Status


class ReferralPageView(RecordPageView):
    selector = referrals_visible_to
    actions = {
        "feedback": Action(gettext_lazy("登记部门反馈"), FeedbackForm),
        "result": Action(gettext_lazy("登记办理结果"), ResultForm),
        "chase": Action(gettext_lazy("催办"), ChaseForm),
    }

    def open_actions(self) -> list[str]:
        if self.record.case.is_read_only:
            return []
        return {
            S.SENT: ["feedback", "chase"],
            S.FED_BACK: ["result", "feedback"],
        }.get(self.record.status, [])

    def facts(self) -> list[dict]:
        r = self.record
        overdue = r.is_overdue()
        return [
            {"label": _("台账编号"), "text": r.number},
            {
                "label": _("案件"),
                "text": f"{r.case.number} {r.case.applicant.name}",
                "url": reverse("cases_admin_case", args=[r.case.number]),
            },
            {"label": _("乡镇"), "text": r.case.township.name},
            {"label": _("承办部门"), "text": r.department.name},
            {"label": _("转办事项"), "text": _("整案转办") if r.whole_case else r.need},
            {"label": _("转办理由"), "text": r.reason},
            {"label": _("接收联系人"), "text": r.contact},
            {"label": _("移送材料"), "text": r.documents},
            {
                "label": _("转办"),
                "text": f"{timezone.localtime(r.referred_at):%Y-%m-%d %H:%M} "
                + ServicePoint.staff_display_name(r.referred_by),
            },
            {
                "label": _("应反馈日期"),
                "text": f"{r.feedback_due:%Y-%m-%d}"
                + (_("（已逾期，请催办）") if overdue else ""),
                "strong": overdue,
            },
            {"label": _("期限计算过程"), "text": r.due_calculation},
            {"label": _("状态"), "text": r.get_status_display()},
            {"label": _("催办次数"), "text": str(r.chase_count)},
            {"label": _("部门反馈"), "text": r.feedback},
            {"label": _("办理结果"), "text": r.result},
        ]

    def perform(self, name: str, form) -> str:
        user, data = self.request.user, form.cleaned_data
        if name == "feedback":
            referral_feedback(by=user, referral=self.record, feedback=data["feedback"])
            return _("已登记部门反馈。")
        if name == "result":
            referral_close(by=user, referral=self.record, result=data["result"])
            return _("已登记办理结果，转办事项办结。")
        referral_chase(by=user, referral=self.record, note=data["note"])
        return _("已记录催办。")


LEDGER_HEADERS = (
    gettext_lazy("序号"),
    gettext_lazy("台账编号"),
    gettext_lazy("转办日期"),
    gettext_lazy("案件编号"),
    gettext_lazy("申请人"),
    gettext_lazy("乡镇"),
    gettext_lazy("转办事项"),
    gettext_lazy("承办部门"),
    gettext_lazy("接收联系人"),
    gettext_lazy("移送材料"),
    gettext_lazy("转办理由"),
    gettext_lazy("应反馈日期"),
    gettext_lazy("部门反馈"),
    gettext_lazy("办理结果"),
    gettext_lazy("状态"),
)


def ledger_rows(referrals) -> list[list]:
    """One row per referral, in the order of LEDGER_HEADERS."""
    rows = []
    for index, r in enumerate(referrals, start=1):
        status = r.get_status_display()
        if r.is_overdue():
            status += _("（已逾期）")
        rows.append(
            [
                index,
                r.number,
                timezone.localdate(r.referred_at),
                r.case.number,
                r.case.applicant.name,
                r.case.township.name,
                _("整案转办") if r.whole_case else r.need,
                r.department.name,
                r.contact,
                r.documents,
                r.reason,
                r.feedback_due,
                r.feedback,
                r.result,
                status,
            ]
        )
    return rows


class LedgerMixin:
    model_admin = None

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        self.rows = ledger_rows(referral_ledger(request.user, request.GET))
        return super().dispatch(request, *args, **kwargs)


class LedgerPrintView(LedgerMixin, TemplateView):
    """分办、转办台账登记簿: the filtered rows on landscape A4."""

    template_name = "cases/documents/referral_ledger.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            headers=LEDGER_HEADERS,
            rows=self.rows,
            printed_at=timezone.localtime(),
            back_url=reverse("cases_referral_modeladmin_index")
            + ("?" + self.request.GET.urlencode() if self.request.GET else ""),
        )
        return context


class LedgerExportView(LedgerMixin, View):
    def get(self, request, *args, **kwargs):
        title = _("分办转办台账")
        content = table_xlsx(
            LEDGER_HEADERS,
            self.rows,
            sheet=title,
            title=title,
            widths=[16] * len(LEDGER_HEADERS),
            wrap=True,
        )
        filename = f"referral-ledger-{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response(content, filename=filename)
