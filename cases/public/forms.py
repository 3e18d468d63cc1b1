"""网上投诉表单：只解析输入，登记与期限由 complaint_submit 决定。"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.services.complaints import MAX_CONTENT

from .spam import HONEYPOT, token_problem


class PublicComplaintForm(PlainTextForm):
    name = forms.CharField(
        label=_("姓名（选填）"),
        max_length=50,
        required=False,
        help_text=_("留下姓名和联系电话的，我们在10个工作日内反馈查办情况。"),
    )
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)
    case_number = forms.CharField(
        label=_("所涉案件编号（选填）"), max_length=24, required=False
    )
    content = forms.CharField(
        label=_("投诉内容"),
        max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_CONTENT}),
        help_text=_("请写明时间、地点、经过和您的诉求，不超过2000字。"),
        error_messages={"required": _("请填写投诉内容。")},
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
