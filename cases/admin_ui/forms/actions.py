"""Forms of the case page's actions. They parse input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import (
    Extension,
    IdRevealLog,
    MaterialRequest,
    Notice,
    ReceivedMaterial,
    StageDeadline,
)
from cases.services.workflow import MAX_NOTE
from core.limits import form_limit

EXTRA_NOTICE_ROWS = 3


class TransitionForm(PlainTextForm):
    """流转: the button pressed names the action; the version guards lost updates."""

    action = forms.CharField(widget=forms.HiddenInput, max_length=40)
    note = forms.CharField(
        label=_("办理意见或理由"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予受理、转办、审批不同意须写明理由。"),
    )
    # 审批同意 only; the service says when they are missing or out of range.
    monthly_amount = forms.DecimalField(
        label=_("救助金额（元/月）"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        help_text=_("审批同意须填写，写入结果告知书。"),
    )
    starts_month = forms.DateField(
        label=_("起始月份"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("审批同意须填写，如 2026-12；在申请当月至审批次月之间。"),
        error_messages={"invalid": _("起始月份格式不对，应写作 2026-12。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RevealForm(PlainTextForm):
    reason = forms.CharField(
        label=_("查看理由"),
        **form_limit(IdRevealLog, "reason"),
        help_text=_("查看完整身份证号码会记录查看人、时间和理由。"),
    )


class OneTimeNoticeForm(PlainTextForm):
    """一次性告知书: every missing material and its reason, in one notice."""

    def __init__(
        self, *args, missing: list[ReceivedMaterial], repeat: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.missing = missing
        self.repeat = repeat
        self.fields["refusal_reason"] = forms.CharField(
            label=_("可能不予受理的情形及理由"),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("如有，一并告知申请人；没有则不填。"),
        )
        if repeat:
            # 一次性告知 means once: a second notice names what is new.
            self.fields["new_fact"] = forms.CharField(
                label=_("再次告知的新情况"),
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "本案已出具过一次性告知书；须写明出现的新情况，才能再次告知。"
                ),
                error_messages={
                    "required": _("请写明需要再次告知的新情况（如家庭成员变化）。")
                },
            )
        for i, material in enumerate(missing):
            self.fields[f"m{i}_include"] = forms.BooleanField(
                label=material.name, required=False, initial=material.required
            )
            self.fields[f"m{i}_reason"] = forms.CharField(
                label=_("原因"), max_length=300, required=False
            )
        for j in range(EXTRA_NOTICE_ROWS):
            self.fields[f"x{j}_name"] = forms.CharField(
                label=_("其他缺少的材料"),
                required=False,
                **form_limit(ReceivedMaterial, "name"),
            )
            self.fields[f"x{j}_reason"] = forms.CharField(
                label=_("原因"), max_length=300, required=False
            )

    def rows(self) -> list[dict]:
        return [
            {
                "material": material,
                "include": self[f"m{i}_include"],
                "reason": self[f"m{i}_reason"],
            }
            for i, material in enumerate(self.missing)
        ]

    def extra_rows(self) -> list[dict]:
        return [
            {"name": self[f"x{j}_name"], "reason": self[f"x{j}_reason"]}
            for j in range(EXTRA_NOTICE_ROWS)
        ]

    def clean(self):
        data = super().clean()
        for i, material in enumerate(self.missing):
            if data.get(f"m{i}_include") and not data.get(f"m{i}_reason"):
                self.add_error(f"m{i}_reason", _("请写明“%s”的原因。") % material.name)
        for j in range(EXTRA_NOTICE_ROWS):
            if data.get(f"x{j}_name") and not data.get(f"x{j}_reason"):
                self.add_error(f"x{j}_reason", _("请写明原因。"))
        # Nothing ticked or typed is the form to fill in again, not a refusal
        # by the service (which keeps the same rule for its other callers).
        if not self.errors and not self.items():
            raise forms.ValidationError(_("一次性告知书至少要列明一项缺少的材料。"))
        return data

    def items(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        items = [
            (material.name, data[f"m{i}_reason"])
            for i, material in enumerate(self.missing)
            if data.get(f"m{i}_include")
        ]
        items += [
            (data[f"x{j}_name"], data[f"x{j}_reason"])
            for j in range(EXTRA_NOTICE_ROWS)
            if data.get(f"x{j}_name")
        ]
        return items


class MaterialsSuppliedForm(PlainTextForm):
    names = forms.MultipleChoiceField(
        label=_("本次补交的材料"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请勾选申请人本次补交的材料。")},
    )

    def __init__(self, *args, notice: Notice | None, **kwargs):
        super().__init__(*args, **kwargs)
        if notice is None:
            # Nothing is awaited: names ticked are passed on for the service to
            # say so; none ticked is the form's own error, as with a notice.
            self.fields["names"] = forms.Field(
                label=self.fields["names"].label,  # not the field's name, "Names"
                widget=forms.CheckboxSelectMultiple,
                error_messages=self.fields["names"].error_messages,
            )
            return
        pending = notice.items.filter(supplied_at__isnull=True)
        self.fields["names"].choices = [
            (item.material_name, f"{item.material_name}（{item.reason}）")
            for item in pending
        ]
        # The applicant usually comes back with everything: all ticked, and the
        # clerk unticks what is still missing.
        self.fields["names"].initial = [
            name for name, _label in self.fields["names"].choices
        ]


class MaterialRequestForm(PlainTextForm):
    name = forms.CharField(label=_("所需材料"), **form_limit(MaterialRequest, "name"))
    reason = forms.CharField(
        label=_("要求理由"), **form_limit(MaterialRequest, "reason")
    )
    justification = forms.CharField(
        label=_("审核人说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("一次性告知书未列明的材料，须由审核人在此写明必须另行要求的理由。"),
    )


class ExtensionRequestForm(PlainTextForm):
    stage = forms.ChoiceField(label=_("延期环节"))
    days = forms.IntegerField(
        label=_("延长天数"),
        min_value=1,
        max_value=365,
        help_text=_("公示环节按自然日，其余环节按工作日；上限见办事指南。"),
    )
    reason = forms.CharField(
        label=_("延期理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        **form_limit(Extension, "reason"),
    )

    def __init__(self, *args, deadlines: list[StageDeadline], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (d.stage, f"{d.get_stage_display()}（{d.due_on:%Y-%m-%d}）")
            for d in deadlines
        ]


class ReviewDecisionForm(PlainTextForm):
    """A reviewer's 批准 or 不批准 of a request (an extension, an ID-number change)."""

    decision = forms.ChoiceField(
        label=_("审核意见"),
        choices=[("approve", _("批准")), ("refuse", _("不批准"))],
        widget=forms.RadioSelect,
    )


class ExtensionDecisionForm(ReviewDecisionForm):
    informed_how = forms.CharField(
        label=_("告知申请人的方式"),
        required=False,
        **form_limit(Extension, "applicant_informed_how"),
        help_text=_("批准延期须告知申请人，如：电话告知本人、书面告知。"),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=100)
