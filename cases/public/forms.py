"""网上投诉表单：只解析输入，登记与期限由 complaint_submit 决定。"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.loader import render_to_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import Complaint
from cases.progress import tracking_number
from core.limits import form_limit, max_length

from .spam import HONEYPOT, form_token, token_problem


class FocusFirstError:
    """After a failed submit the browser puts focus on the first field in error
    (autofocus, no script needed), so a screen reader reads its label and error
    instead of starting again at the top of the page."""

    def add_error(self, field, error):
        super().add_error(field, error)
        first = next((name for name in self.fields if name in self._errors), None)
        for name, form_field in self.fields.items():
            if name == first:
                form_field.widget.attrs["autofocus"] = True
            else:
                form_field.widget.attrs.pop("autofocus", None)

    @property
    def focus_on_summary(self) -> bool:
        """No field is in error (the form as a whole is refused): the summary
        above the form takes the focus instead."""
        return bool(self.errors) and set(self.errors) <= {NON_FIELD_ERRORS}


class PublicComplaintForm(FocusFirstError, PlainTextForm):
    name = forms.CharField(
        label=_("姓名（选填）"),
        required=False,
        **form_limit(Complaint, "name"),
        help_text=_("留下姓名和联系电话的，我们在10个工作日内反馈查办情况。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("联系电话（选填）"),
        required=False,
        **form_limit(Complaint, "phone"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    case_number = forms.CharField(
        label=_("所涉案件编号（选填）"),
        required=False,
        **form_limit(Complaint, "stated_case_number"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
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


class ProgressForm(FocusFirstError, forms.Form):
    """办理进度查询：收件回执单上的案件编号或投诉编号，和所留电话的后4位。

    The number is not checked for its shape here: a number that cannot be one
    gets the same answer as an unknown one (the view's ``not_found_message``),
    so the form tells nothing about which numbers exist or how they look.
    """

    number = forms.CharField(
        label=_("案件编号或投诉编号"),
        help_text=_(
            "案件编号见收件回执单，如 JZ2026000123；投诉编号见投诉受理回执，"
            "如 TS2026000045。"
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": 24,
                "autocapitalize": "characters",
            }
        ),
        error_messages={"required": _("请填写案件编号或投诉编号。")},
    )
    phone_last4 = forms.RegexField(
        label=_("联系电话后4位"),
        regex=r"^[0-9]{4}$",
        max_length=4,
        help_text=_("申请或投诉时所留联系电话的最后4位数字。"),
        # A phone keypad; the browser offers no old entries for it.
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}
        ),
        error_messages={
            "required": _("请填写申请时所留联系电话的后4位数字。"),
            "invalid": _("请填写申请时所留联系电话的后4位数字。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not even the null-character check: a number that cannot be one is
        # answered as not found, like any other (clean_number).
        self.fields["number"].validators = []

    def clean_number(self) -> str | None:
        """The number as stored, or None when it cannot be a number at all."""
        return tracking_number(self.cleaned_data["number"])

    @staticmethod
    def not_found_message():
        return _(
            "没有查到：编号或电话后4位不对。请核对收件回执单或投诉回执上的编号"
            "（字母和数字，如 JZ2026000123），或拨打12349热线查询。"
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
