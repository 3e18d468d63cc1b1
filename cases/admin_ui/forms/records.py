"""Forms of the record actions: they parse, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import Complaint, FollowUp, RecipientExit, Referral
from cases.services.referrals import (
    DEFAULT_FEEDBACK_DAYS,
    MAX_CHASE_NOTE,
    MAX_FEEDBACK_DAYS,
)
from core.limits import form_limit
from portal.models import Department


def _text(label, model, name, *, required=True, rows=3, help_text=""):
    """A text area bounded by the model field it is stored in (core.limits)."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        **form_limit(model, name),
    )


class ReferForm(PlainTextForm):
    """分办、转办：去向、事项、理由、移送材料和反馈时限。"""

    department = forms.ModelChoiceField(
        label=_("承办部门"),
        queryset=Department.objects.all(),
        to_field_name="code",
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("没有这个部门。")},
    )
    need = forms.CharField(
        label=_("转办事项"),
        required=False,
        **form_limit(Referral, "need"),
        help_text=_("如“教育救助”；不填则为本案救助事项。"),
    )
    reason = _text(_("转办理由"), Referral, "reason")
    contact = forms.CharField(
        label=_("接收联系人"), required=False, **form_limit(Referral, "contact")
    )
    documents = _text(_("移送材料"), Referral, "documents", required=False, rows=2)
    due_working_days = forms.IntegerField(
        label=_("反馈时限（工作日）"),
        initial=DEFAULT_FEEDBACK_DAYS,
        min_value=1,
        max_value=MAX_FEEDBACK_DAYS,
    )
    whole_case = forms.BooleanField(
        label=_("整案转办（不属于本部门职责，案件状态转为已转办）"), required=False
    )


class FeedbackForm(PlainTextForm):
    feedback = _text(_("部门反馈"), Referral, "feedback")


class ResultForm(PlainTextForm):
    result = _text(_("办理结果"), Referral, "result")


class ChaseForm(PlainTextForm):
    note = forms.CharField(
        label=_("催办说明"),
        max_length=MAX_CHASE_NOTE,
        required=False,
        help_text=_("如：电话催问承办人，承诺本周内反馈。"),
    )


class FollowUpForm(PlainTextForm):
    kind = forms.ChoiceField(label=_("方式"), choices=FollowUp.Kind.choices)
    satisfaction = forms.ChoiceField(
        label=_("评价结果"), choices=FollowUp.Satisfaction.choices
    )
    content = _text(
        _("申请人意见"),
        FollowUp,
        "content",
        required=False,
        help_text=_("不满意的须写明意见。"),
    )


class ExitForm(PlainTextForm):
    """救助对象退出（停保）：日期、原因与说明。"""

    exited_on = forms.DateField(
        label=_("退出日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("请填写退出日期。"),
            "invalid": _("退出日期格式不对，应如2026-11-02。"),
        },
    )
    reason = forms.ChoiceField(
        label=_("退出原因"),
        choices=RecipientExit.Reason.choices,
        error_messages={"required": _("请选择退出原因。")},
    )
    note = _text(
        _("说明"),
        RecipientExit,
        "note",
        required=False,
        rows=2,
        help_text=_("原因为“其他”的须写明。"),
    )


class ComplaintAnswerForm(PlainTextForm):
    findings = _text(_("查办情况"), Complaint, "findings")
    answer = _text(
        _("反馈内容"),
        Complaint,
        "answer",
        required=False,
        help_text=_("署名投诉必须反馈。"),
    )
    answered_how = forms.CharField(
        label=_("反馈方式"),
        required=False,
        **form_limit(Complaint, "answered_how"),
        help_text=_("如：电话告知本人、书面回复。"),
    )
    accountability = forms.ChoiceField(
        label=_("责任追究"),
        choices=[c for c in Complaint.Accountability.choices if c[0]],
    )
    accountability_note = _text(
        _("追责说明"), Complaint, "accountability_note", required=False, rows=2
    )


class ComplaintRegisterForm(PlainTextForm):
    """Staff entry: a complaint by phone, the 12349 hotline, letter or visit."""

    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=Complaint.Channel.choices, initial="phone"
    )
    name = forms.CharField(
        label=_("投诉人姓名"),
        required=False,
        **form_limit(Complaint, "name"),
        help_text=_("署名投诉自收到次日起10个工作日内反馈；匿名的不设期限。"),
    )
    phone = forms.CharField(
        label=_("联系电话"), required=False, **form_limit(Complaint, "phone")
    )
    address = forms.CharField(
        label=_("联系地址"), required=False, **form_limit(Complaint, "address")
    )
    content = _text(_("投诉内容"), Complaint, "content", rows=6)
    case_number = forms.CharField(
        label=_("涉及案件编号"),
        required=False,
        **form_limit(Complaint, "stated_case_number"),
    )
    township = forms.ModelChoiceField(
        label=_("乡镇"),
        queryset=None,
        to_field_name="code",
        required=False,
        help_text=_("县级登记可暂不指定，交办时再定。"),
    )

    def __init__(self, *args, user, **kwargs):
        from cases.access import jurisdiction
        from portal.models import Township

        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.all()
        if not jurisdiction(user, "complaint.register").everywhere:
            del self.fields["township"]  # a clerk registers for their own township


class ComplaintAssignForm(PlainTextForm):
    handler = forms.ModelChoiceField(label=_("查办人"), queryset=None)
    township = forms.ModelChoiceField(
        label=_("乡镇"), queryset=None, required=False, to_field_name="code"
    )

    def __init__(self, *args, complaint, user, **kwargs):
        from cases.access import holders, may
        from portal.models import Township

        super().__init__(*args, **kwargs)
        # Not yet placed in a township: the county chooses one with the handler.
        placed = complaint if complaint.township_id else None
        self.fields["handler"].queryset = holders("complaint.handle", placed).order_by(
            "username"
        )
        self.fields["handler"].label_from_instance = _staff_label
        if may(user, "complaint.assign_township") and not complaint.case_id:
            self.fields["township"].queryset = Township.objects.all()
            self.fields["township"].initial = (
                complaint.township.code if complaint.township_id else None
            )
        else:
            del self.fields["township"]


def _staff_label(user) -> str:
    from portal.models import ServicePoint

    return ServicePoint.staff_display_name(user)
