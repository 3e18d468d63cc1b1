"""网上投诉表单：只解析输入，登记与期限由 complaint_submit 决定。"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import Complaint
from core.limits import form_limit, max_length

from .spam import HONEYPOT, form_token, token_problem


class PublicComplaintForm(PlainTextForm):
    name = forms.CharField(
        label=_("姓名（选填）"),
        required=False,
        **form_limit(Complaint, "name"),
        help_text=_("留下姓名和联系电话的，我们在10个工作日内反馈查办情况。"),
    )
    phone = forms.CharField(
        label=_("联系电话（选填）"), required=False, **form_limit(Complaint, "phone")
    )
    case_number = forms.CharField(
        label=_("所涉案件编号（选填）"),
        required=False,
        **form_limit(Complaint, "stated_case_number"),
    )
    content = forms.CharField(
        label=_("投诉内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _("请写明时间、地点、经过和您的诉求，不超过{}字。"),
            max_length(Complaint, "content"),
        ),
        **form_limit(
            Complaint, "content", error_messages={"required": _("请填写投诉内容。")}
        ),
    )
    # 蜜罐：页面上对人隐藏，自动程序往往会填写。
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The signed time the page was served: rendered by the template, a new one on
    # every showing of the form (see spam.form_token).

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(_("提交未通过校验，请刷新页面后重新填写。"))
        problem = token_problem(self.data.get("token", ""))
        if problem:
            raise ValidationError(problem)
        return data

    @staticmethod
    def rate_message():
        return _("提交过于频繁，请稍后再试；情况紧急的请拨打12349热线。")

    @staticmethod
    def resent_message():
        return _(
            "这份表单已经提交过，内容与第一次不同，未再登记。"
            "如需另提一件投诉，请刷新页面后重新填写。"
        )


class ProgressForm(forms.Form):
    """办理进度查询：收件回执单上的案件编号，和申请时所留电话的后4位。"""

    number = forms.RegexField(
        label=_("案件编号"),
        regex=r"^[A-Za-z0-9]{1,24}$",
        max_length=24,
        help_text=_("见收件回执单，如 JZ2026000123。"),
        error_messages={
            "required": _("请填写案件编号。"),
            "invalid": _("案件编号由字母和数字组成，请按收件回执单填写。"),
        },
    )
    phone_last4 = forms.RegexField(
        label=_("联系电话后4位"),
        regex=r"^[0-9]{4}$",
        max_length=4,
        help_text=_("申请时所留联系电话的最后4位数字。"),
        error_messages={
            "required": _("请填写申请时所留联系电话的后4位数字。"),
            "invalid": _("请填写申请时所留联系电话的后4位数字。"),
        },
    )

    def clean_number(self):
        return self.cleaned_data["number"].upper()

    @staticmethod
    def not_found_message():
        return _(
            "没有查到：案件编号或电话后4位不对。请核对收件回执单，或拨打12349热线查询。"
        )

    @staticmethod
    def rate_message():
        return _("查询过于频繁，请一分钟后再试，或拨打12349热线查询。")


def complaint_form_html(context, form: PublicComplaintForm | None = None) -> str:
    """The form as the complaint page and the portal's complaint-channel page show
    it (the latter through the portal's page slot, see ``cases/wagtail_hooks.py``)."""
    return render_to_string(
        "cases/public/complaint_form.html",
        {
            "form": form or PublicComplaintForm(),
            "token": form_token(),
            "csrf_token": context.get("csrf_token"),
        },
    )
