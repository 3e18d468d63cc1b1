"""Forms of the register. They only collect input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.models import ComplaintChannelPage, PolicyPage, PrintForm, ServiceGuidePage


class DayField(forms.DateField):
    """A day picked in the browser's date input; today unless changed."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": _("请输入有效的日期，例如 2026-11-23。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", timezone.localdate)
        super().__init__(**kwargs)


def printable_pages():
    """Live pages that have a printed version, in the order editors know them."""
    return (
        Page.objects.live()
        .type(PolicyPage, ServiceGuidePage, ComplaintChannelPage)
        .order_by("path")
    )


class PostingForm(forms.Form):
    page = forms.ModelChoiceField(
        label=_("页面"),
        queryset=Page.objects.none(),
        error_messages={
            "required": _("请选择张贴的页面。"),
            "invalid_choice": _("请选择网站上现行发布的页面。"),
        },
    )
    form = forms.ChoiceField(
        label=_("张贴形式"),
        choices=PrintForm.choices,
        error_messages={"required": _("请选择张贴形式。")},
    )
    posted_on = DayField(label=_("张贴日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = printable_pages()


class RemovalForm(forms.Form):
    removed_on = DayField(label=_("撤下日期"))
    reason = forms.CharField(
        label=_("撤下原因"),
        max_length=200,
        error_messages={
            "required": _("请填写撤下原因。"),
            "max_length": _("撤下原因不能超过200字。"),
        },
    )


class ConfirmForm(forms.Form):
    forms_posted = forms.MultipleChoiceField(
        label=_("换上新版的张贴形式"),
        choices=PrintForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请选择列出的张贴形式。")},
    )
    done_on = DayField(label=_("完成日期"))
    note = forms.CharField(
        label=_("备注"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("备注不能超过500字。")},
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None and task.kind == "take_down":
            del self.fields["forms_posted"]
