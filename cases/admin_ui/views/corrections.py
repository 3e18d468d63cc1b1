"""更正申请人信息 from the case page: a form page of its own, and a reviewer's
decision on an ID-number change. Each action calls one service
(cases.services.corrections), which decides who may and refuses the rest.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.admin import messages

from cases.access import may
from cases.models import ApplicantCorrection
from cases.selectors import id_number_changes_visible_to
from cases.services import (
    applicant_correct,
    applicant_id_change_decide,
    applicant_id_change_request,
)

from ..forms.corrections import (
    ApplicantCorrectionForm,
    IdNumberChangeDecisionForm,
    IdNumberChangeForm,
)
from .actions import CaseActionView


class CorrectionPageMixin:
    """Shows the correction page (both forms) instead of the case page."""

    correction_template = "cases/admin/applicant_correction.html"

    def correction_page(self, *, status: int = 200, **forms):
        case = self.case
        pending = case.applicant_corrections.filter(
            status=ApplicantCorrection.Status.PENDING
        ).first()
        context = {
            "case": case,
            "tabs": self.tabs("case"),
            "form": ApplicantCorrectionForm(case=case),
            "id_form": None if pending else IdNumberChangeForm(prefix="id"),
            "pending": pending,
            **forms,
        }
        if not self.may_correct():
            context.update(form=None, id_form=None)
        self.template_name = self.correction_template
        return self.render_to_response(self.get_context_data(**context), status=status)

    def may_correct(self) -> bool:
        return self.may_change() and may(
            self.request.user, "applicant_correct", self.case
        )

    def refuse(self, form, message: str, *, status: int):
        self.case = self.load_case(self.case.number)
        messages.error(self.request, message)
        return self.correction_page(status=status, **{self.form_key: form})


class ApplicantCorrectView(CorrectionPageMixin, CaseActionView):
    """GET: the form, filled in with what is registered. POST: correct."""

    http_method_names = ["get", "post"]
    form_key = "form"

    def get(self, request, *args, **kwargs):
        if self.case.is_read_only:
            messages.error(request, _("案件已归档，只读，不能更正申请人信息。"))
            return self.correction_page(status=409)
        if not self.may_correct():
            messages.error(
                request, _("申请人信息由乡镇经办人或县级审核人更正，您没有权限。")
            )
            return self.correction_page(status=403)
        return self.correction_page()

    def make_form(self, data):
        return ApplicantCorrectionForm(data, case=self.case)

    def perform(self, form) -> str:
        applicant_correct(by=self.request.user, case=self.case, **form.cleaned_data)
        return _("已更正本案申请人信息，理由已记入历史。")


class IdNumberChangeRequestView(CorrectionPageMixin, CaseActionView):
    form_key = "id_form"

    def make_form(self, data):
        return IdNumberChangeForm(data, prefix="id")

    def perform(self, form) -> str:
        applicant_id_change_request(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已提出身份证号码更正申请，待另一名审核人批准后更正。")


class IdNumberChangeDecideView(CaseActionView):
    """A reviewer's decision, from the case page (like an extension's)."""

    form_key = "id_change_decisions"

    def dispatch(self, request, *args, correction_id: int, **kwargs):
        self.correction_id = correction_id
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data):
        self.correction = get_object_or_404(
            id_number_changes_visible_to(self.request.user).filter(case=self.case),
            pk=self.correction_id,
        )
        return IdNumberChangeDecisionForm(data, prefix=f"idc{self.correction.pk}")

    def refuse(self, form, message: str, *, status: int):
        self.case = self.load_case(self.case.number)
        messages.error(self.request, message)
        context = self.case_context()
        context["id_change_decisions"] = [
            (c, form if c.pk == self.correction.pk else f)
            for c, f in context["id_change_decisions"]
        ]
        return self.render_to_response(self.get_context_data(**context), status=status)

    def perform(self, form) -> str:
        correction = applicant_id_change_decide(
            by=self.request.user,
            correction=self.correction,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
        return _("身份证号码更正申请已处理：%s。") % correction.get_status_display()
