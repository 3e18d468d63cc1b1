"""Forms of 在册对象 on the case page and its lists: they parse, the services decide.

Amounts and months are passed on as typed text; the services check them
(cases.services.enrolment), so the form and the API give the same messages.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import BenefitChange, Recipient, RecipientExit, RecipientReview
from core.limits import form_limit
from portal.models import AssistanceType, Township

_AMOUNT = {"max_length": 12, "widget": forms.TextInput(attrs={"inputmode": "decimal"})}


def _by_code(label, queryset) -> forms.ModelChoiceField:
    """A filter on a directory entry by its stable code; empty means 全部."""
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        to_field_name="code",
        required=False,
        empty_label=_("全部"),
    )


class ReviewForm(PlainTextForm):
    """定期复核：结论、日期、调整后金额与复核意见。"""

    outcome = forms.ChoiceField(
        label=_("复核结论"),
        choices=RecipientReview.Outcome.choices,
        error_messages={"required": _("请选择复核结论。")},
    )
    reviewed_on = forms.DateField(
        label=_("复核日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为今天。"),
        error_messages={"invalid": _("复核日期格式不对，应如2026-12-01。")},
    )
    new_amount = forms.CharField(
        label=_("调整后金额（元/月）"),
        required=False,
        help_text=_("提高或降低金额时填写。"),
        **_AMOUNT,
    )
    reason = forms.CharField(
        label=_("复核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("停止救助须写明理由。"),
        **form_limit(RecipientReview, "reason"),
    )


class BenefitChangeForm(PlainTextForm):
    """待遇调整：增发、减发、补发、暂停发放、停发。"""

    kind = forms.ChoiceField(
        label=_("调整类别"),
        choices=BenefitChange.Kind.choices,
        error_messages={"required": _("请选择调整类别。")},
    )
    amount = forms.CharField(
        label=_("金额（元）"),
        required=False,
        help_text=_("增发、减发为每月增减数，补发为一次发放数；暂停和停发不填。"),
        **_AMOUNT,
    )
    effective_month = forms.CharField(
        label=_("生效月份"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
        error_messages={"required": _("请填写生效月份。")},
    )
    reason = forms.CharField(
        label=_("调整原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        **form_limit(BenefitChange, "reason"),
    )
    exit_reason = forms.ChoiceField(
        label=_("退出原因（停发时）"),
        required=False,
        choices=[("", "—"), *RecipientExit.Reason.choices],
    )


class IncomeVariesForm(PlainTextForm):
    income_varies = forms.BooleanField(
        label=_("收入变动家庭（按办事指南的较短周期复核）"), required=False
    )


class RecipientFilterForm(forms.Form):
    """在册对象 and 定期复核 lists: township, type, status, due within N days."""

    township = _by_code(_("乡镇"), Township.objects.all())
    assistance_type = _by_code(_("救助事项"), AssistanceType.objects.all())
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *Recipient.Status.choices],
        required=False,
    )


class DueFilterForm(RecipientFilterForm):
    within_days = forms.IntegerField(
        label=_("今后天数内到期（含已逾期）"),
        min_value=0,
        max_value=366,
        initial=30,
        required=False,
    )
    overdue = forms.BooleanField(label=_("只看已逾期"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class RosterForm(forms.Form):
    """发放花名册：月份与乡镇。"""

    month = forms.RegexField(
        label=_("发放月份"),
        regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        error_messages={
            "required": _("请填写发放月份。"),
            "invalid": _("月份格式不对，应写作 2026-12。"),
        },
    )
    township = _by_code(_("乡镇"), Township.objects.all())
