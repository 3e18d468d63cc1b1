"""案件附件 and 核对报告异议 on the case page.

The upload takes a plain form post (no JavaScript needed) and, from the page's
drag-and-drop zone (static/js/case_attachments.js), the same post sent with
XMLHttpRequest for its progress bar: that one is answered in JSON, the message
and where to go next. A file leaves the server only through the download view,
for those who may read the case.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from cases.downloads import attachment_response
from cases.services import (
    CaseError,
    attachment_for_reader,
    attachment_upload,
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from cases.services.attachments import max_bytes

from ..forms.evidence import AttachmentForm, ObjectionForm, ObjectionReviewForm
from .actions import CaseActionView
from .pages import CaseMixin

FRAMING_BYTES = 64 * 1024


class AttachmentUploadView(CaseActionView):
    form_key = "attachment_form"

    def make_form(self, data, files=None):
        return AttachmentForm(
            data, files, materials=self.case.materials.all(), prefix="attachment"
        )

    def wants_json(self) -> bool:
        return self.request.headers.get("X-Requested-With") == "XMLHttpRequest"

    def post(self, request, *args, **kwargs):
        announced = request.META.get("CONTENT_LENGTH") or ""
        if announced.isdigit() and int(announced) > max_bytes() + FRAMING_BYTES:
            message = _("文件过大，单个附件不能超过%(limit)s MB。") % {
                "limit": max_bytes() // (1024 * 1024)
            }
            return self.answer(None, message, status=413)
        form = self.make_form(request.POST, request.FILES)
        if not request.user.has_perm(self.permission):
            return self.answer(form, _("您只能查阅案件，不能办理。"), status=403)
        if not form.is_valid():
            return self.answer(form, _("请按提示修改后重新提交。"), status=200)
        try:
            attachment = attachment_upload(
                by=request.user,
                case=self.case,
                upload=form.cleaned_data["file"],
                material=form.cleaned_data["material"],
            )
        except CaseError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            return self.answer(form, error.message, status=error.status)
        message = _("已上传附件“%(name)s”，SHA-256：%(digest)s。") % {
            "name": attachment.name,
            "digest": attachment.sha256,
        }
        messages.success(request, message)
        back = reverse("cases_admin_case", args=[self.case.number])
        if self.wants_json():
            return JsonResponse({"message": message, "redirect": back}, status=201)
        return redirect(back)

    def answer(self, form, message: str, *, status: int):
        if self.wants_json():
            errors = form.errors.get_json_data() if form is not None else {}
            return JsonResponse(
                {"message": message, "errors": errors},
                status=status if status >= 400 else 422,
                json_dumps_params={"ensure_ascii": False},
            )
        return self.refuse(form or self.make_form(None), message, status=status)


class AttachmentDownloadView(CaseMixin, View):
    """下载附件：案件可查阅者才能取得文件（case.view），其他人 404。"""

    def get(self, request, *args, attachment_id: int, **kwargs):
        try:
            attachment = attachment_for_reader(
                by=request.user, case=self.case, attachment_id=attachment_id
            )
            return attachment_response(attachment)
        except (CaseError, FileNotFoundError) as error:
            raise Http404 from error


class ObjectionSubmitView(CaseActionView):
    form_key = "objection_form"

    def make_form(self, data):
        return ObjectionForm(data, case=self.case, prefix="objection")

    def perform(self, form) -> str:
        data = form.cleaned_data
        objection_submit(
            by=self.request.user,
            case=self.case,
            warning=data["warning"],
            evidence=data["evidence"],
            attachment_ids=[a.pk for a in data["attachments"]],
        )
        return _("已登记核对报告异议，待乡镇审核；审核期间暂停计时。")


class ObjectionReviewView(CaseActionView):
    """乡镇审核 or 县级审核 of one objection, as the URL says."""

    form_key = "objection_reviews"
    stage = ""  # "township" or "county"

    def dispatch(self, request, *args, objection_id: int, **kwargs):
        self.objection_id = objection_id
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data):
        if not 0 < self.objection_id < 2**31:
            raise Http404  # beyond what the id column holds: names nothing
        self.objection = get_object_or_404(self.case.objections, pk=self.objection_id)
        return ObjectionReviewForm(data, prefix=f"objection{self.objection.pk}")

    def perform(self, form) -> str:
        review = (
            objection_township_review
            if self.stage == "township"
            else objection_county_review
        )
        objection = review(
            by=self.request.user,
            objection=self.objection,
            uphold=form.cleaned_data["decision"] == "uphold",
            opinion=form.cleaned_data["opinion"],
        )
        return _("核对异议审核完毕：%s。") % objection.get_status_display()

    def refuse(self, form, message: str, *, status: int):
        self.case = self.load_case(self.case.number)
        messages.error(self.request, message)
        context = self.case_context()
        context["objection_reviews"] = [
            (o, stage, form if o.pk == self.objection.pk else f)
            for o, stage, f in context["objection_reviews"]
        ]
        return self.render_to_response(self.get_context_data(**context), status=status)


class TownshipReviewView(ObjectionReviewView):
    stage = "township"


class CountyReviewView(ObjectionReviewView):
    stage = "county"
