"""The case page's actions: each parses its form, calls one service, and either
redirects back with the service's result or shows the page again with its message.

A refused action changes nothing: every service runs in one transaction.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from cases.models import Extension
from cases.services import (
    CaseError,
    case_transition,
    earlier_one_time_notices,
    extension_decide,
    extension_request,
    material_request,
    materials_supplied,
    one_time_notice_issue,
)
from cases.services.exits import case_exit
from cases.services.followups import followup_record
from cases.services.identity import id_number_reveal
from cases.services.notices import open_one_time_notice
from cases.services.referrals import referral_send
from config.proxy import client_ip

from ..forms import actions as action_forms
from ..forms.records import ExitForm, FollowUpForm, ReferForm
from .pages import CaseContextMixin


class CaseActionView(CaseContextMixin, View):
    """POST only. Subclasses name their form and say what to do with it."""

    http_method_names = ["post"]
    form_key = ""
    permission = "cases.change_case"

    def make_form(self, data):
        raise NotImplementedError

    def perform(self, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not request.user.has_perm(self.permission):
            return self.refuse(form, _("您只能查阅案件，不能办理。"), status=403)
        if not form.is_valid():
            # A form with field errors is the page again (200), like any
            # Django form; a refusal by the rules below keeps the service's status.
            return self.refuse(form, _("请按提示修改后重新提交。"), status=200)
        try:
            message = self.perform(form)
        except CaseError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, error.message)
            return self.refuse(form, error.message, status=error.status)
        messages.success(request, message)
        return redirect(self.back_to(request))

    def back_to(self, request) -> str:
        """The case page, or the page the step was taken from (我的待办)."""
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return target
        return reverse("cases_admin_case", args=[self.case.number])

    def refuse(self, form, message: str, *, status: int):
        # The service may have loaded and changed its own copy; show the record.
        self.case = self.load_case(self.case.number)
        messages.error(self.request, message)
        return self.render_page(status=status, **{self.form_key: form})


class TransitionView(CaseActionView):
    form_key = "transition_form"

    def make_form(self, data):
        return action_forms.TransitionForm(data)

    def perform(self, form) -> str:
        case = case_transition(
            by=self.request.user,
            case=self.case,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            monthly_amount=form.cleaned_data["monthly_amount"],
            starts_month=form.cleaned_data["starts_month"],
        )
        return _("已办理，案件状态：%s。") % case.get_status_display()


class RevealIdView(CaseActionView):
    """显示完整身份证号码: logged, then shown once on this response only."""

    form_key = "reveal_form"
    permission = "cases.view_case"

    def make_form(self, data):
        return action_forms.RevealForm(data)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.refuse(form, _("查看完整身份证号码须写明理由。"), status=200)
        try:
            number = id_number_reveal(
                by=request.user,
                case=self.case,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except CaseError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            return self.refuse(form, error.message, status=error.status)
        response = self.render_page(revealed_id_number=number)
        response["Cache-Control"] = "no-store"
        return response


class OneTimeNoticeView(CaseActionView):
    form_key = "notice_form"

    def make_form(self, data):
        missing = [m for m in self.case.materials.all() if not m.received]
        return action_forms.OneTimeNoticeForm(
            data,
            missing=missing,
            repeat=earlier_one_time_notices(self.case).exists(),
            prefix="notice",
        )

    def perform(self, form) -> str:
        notice = one_time_notice_issue(
            by=self.request.user,
            case=self.case,
            items=form.items(),
            new_fact=form.cleaned_data.get("new_fact", ""),
            refusal_reason=form.cleaned_data.get("refusal_reason", ""),
        )
        return _("已出具一次性告知书 %s，补正期间暂停计时。") % notice.number


class MaterialsSuppliedView(CaseActionView):
    form_key = "supplied_form"

    def make_form(self, data):
        return action_forms.MaterialsSuppliedForm(
            data, notice=open_one_time_notice(self.case)
        )

    def perform(self, form) -> str:
        notice = materials_supplied(
            by=self.request.user, case=self.case, names=form.cleaned_data["names"]
        )
        if notice is not None and notice.resolved_at:
            return _("告知书所列材料已全部补齐，恢复计时，期限已顺延。")
        return _("已登记补交的材料。")


class MaterialRequestView(CaseActionView):
    form_key = "request_form"

    def make_form(self, data):
        return action_forms.MaterialRequestForm(data, prefix="request")

    def perform(self, form) -> str:
        request = material_request(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已记录补充材料要求：%s。") % request.name


class ExtensionRequestView(CaseActionView):
    form_key = "extension_form"

    def make_form(self, data):
        deadlines = list(self.case.deadlines.filter(completed_at__isnull=True))
        return action_forms.ExtensionRequestForm(
            data, deadlines=deadlines, prefix="extension"
        )

    def perform(self, form) -> str:
        extension = extension_request(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已提交延期申请（%s个工作日），待审核人批准。") % extension.days


class ExtensionDecideView(CaseActionView):
    form_key = "decisions"

    def dispatch(self, request, *args, extension_id: int, **kwargs):
        self.extension_id = extension_id
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data):
        self.extension = get_object_or_404(
            Extension, pk=self.extension_id, deadline__case=self.case
        )
        return action_forms.ExtensionDecisionForm(
            data, prefix=f"decide{self.extension.pk}"
        )

    def refuse(self, form, message: str, *, status: int):
        self.case = self.load_case(self.case.number)
        messages.error(self.request, message)
        context = self.case_context()
        context["decisions"] = [
            (e, form if e.pk == self.extension.pk else f)
            for e, f in context["decisions"]
        ]
        return self.render_to_response(self.get_context_data(**context), status=status)

    def perform(self, form) -> str:
        data = form.cleaned_data
        extension = extension_decide(
            by=self.request.user,
            extension=self.extension,
            approve=data["decision"] == "approve",
            informed_how=data["informed_how"],
            note=data["note"],
        )
        return _("延期申请已处理：%s。") % extension.get_status_display()


class ReferView(CaseActionView):
    """分办、转办 from the case page; the ledger and the 转办告知 follow."""

    form_key = "refer_form"
    permission = "cases.add_referral"

    def make_form(self, data):
        return ReferForm(data, prefix="refer")

    def perform(self, form) -> str:
        referral = referral_send(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已转办至%(department)s，应于%(due)s前反馈；已出具转办告知。") % {
            "department": referral.department.name,
            "due": f"{referral.feedback_due:%Y-%m-%d}",
        }


class FollowUpView(CaseActionView):
    """事后评价、电话回访: on closed cases, archived ones included."""

    form_key = "followup_form"
    permission = "cases.add_followup"

    def make_form(self, data):
        return FollowUpForm(data, prefix="followup")

    def perform(self, form) -> str:
        followup = followup_record(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已登记%(kind)s：%(result)s。") % {
            "kind": followup.get_kind_display(),
            "result": followup.get_satisfaction_display(),
        }


class ExitView(CaseActionView):
    """救助对象退出（停保）: on approved recipients, archived ones included."""

    form_key = "exit_form"
    permission = "cases.add_recipientexit"

    def make_form(self, data):
        return ExitForm(data, prefix="exit")

    def perform(self, form) -> str:
        record = case_exit(by=self.request.user, case=self.case, **form.cleaned_data)
        return _("已登记救助对象退出：%(day)s，%(reason)s。") % {
            "day": f"{record.exited_on:%Y-%m-%d}",
            "reason": record.get_reason_display(),
        }
