"""受理登记: choose the item, then fill in the application and tick its checklist.

Two steps and no JavaScript: the checklist comes from the published service guide
of the chosen item, so it is known only after the first step.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cases.guides import terms_for
from cases.selectors import open_cases_same_id
from cases.services import CaseError, case_receive
from cases.services.intake import MAX_HOUSEHOLD
from portal.models import AssistanceType

from ..forms.intake import (
    DEFAULT_MEMBER_ROWS,
    AssistanceTypeForm,
    ChecklistForm,
    IntakeForm,
    intake_request,
    member_formset,
)


def _rows(value) -> int:
    try:
        return max(1, min(int(value), MAX_HOUSEHOLD))
    except (TypeError, ValueError):
        return DEFAULT_MEMBER_ROWS


class IntakeView(WagtailAdminTemplateMixin, View):
    model_admin = None
    template_name = "cases/admin/intake.html"
    page_title = gettext_lazy("受理登记")
    header_icon = "folder-open-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.model_admin.url_helper.index_url, "label": _("救助案件")},
            {"url": "", "label": _("受理登记")},
        ]

    def get(self, request):
        chooser = AssistanceTypeForm(
            request.GET if "assistance_type" in request.GET else None
        )
        if chooser.is_bound and chooser.is_valid():
            assistance_type = chooser.cleaned_data["assistance_type"]
            rows = _rows(request.GET.get("members"))
            return self.render_application(
                assistance_type,
                form=IntakeForm(
                    initial={"assistance_type": assistance_type.code},
                    user=self.request.user,
                ),
                members=member_formset(rows)(prefix="members"),
                rows=rows,
            )
        return self.render_to_response(self.get_context_data(chooser=chooser))

    def post(self, request):
        # Only the fields below are read: a posted received_at, handler or number
        # has nowhere to go (no back-dating, 严禁事后补录).
        code = request.POST.get("assistance_type", "")
        assistance_type = AssistanceType.objects.filter(code=code).first()
        if assistance_type is None:
            chooser = AssistanceTypeForm({"assistance_type": code})
            return self.render_to_response(self.get_context_data(chooser=chooser))
        terms = terms_for(assistance_type)
        form = IntakeForm(request.POST, user=request.user)
        checklist = ChecklistForm(request.POST, materials=terms.materials)
        members = member_formset()(request.POST, prefix="members")
        status = 200
        if all([form.is_valid(), checklist.is_valid(), members.is_valid()]):
            intake, targets = intake_request(form, checklist, members)
            try:
                case = case_receive(by=request.user, request=intake)
            except CaseError as error:
                target_form, field = targets.get(error.field, (form, None))
                target_form.add_error(field, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("已登记，案件编号 %(number)s，已出具收件回执单。")
                    % {"number": case.number},
                )
                for warning in open_cases_same_id(case):
                    messages.warning(request, warning.message)
                return redirect(reverse("cases_admin_case", args=[case.number]))
        messages.error(request, _("登记未保存，请按提示修改后重新提交。"))
        return self.render_application(
            assistance_type,
            form=form,
            checklist=checklist,
            members=members,
            status=status,
            terms=terms,
        )

    def render_application(
        self,
        assistance_type,
        *,
        form,
        members,
        checklist=None,
        rows=None,
        status=200,
        terms=None,
    ):
        terms = terms or terms_for(assistance_type)
        checklist = checklist or ChecklistForm(materials=terms.materials)
        context = self.get_context_data(
            assistance_type=assistance_type,
            terms=terms,
            form=form,
            checklist=checklist,
            members=members,
            more_rows_url="?"
            + urlencode(
                {
                    "assistance_type": assistance_type.code,
                    "members": min((rows or 0) + 4, MAX_HOUSEHOLD),
                }
            ),
            can_add_rows=rows is not None and rows < MAX_HOUSEHOLD,
        )
        return self.render_to_response(context, status=status)
