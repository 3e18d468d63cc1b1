"""Forms of active-discovery leads and the village registration book."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.access import jurisdiction
from cases.forms import PlainTextForm
from cases.models import Applicant, Case, Lead, RegistrationEntry
from cases.services import ApplicantData, IntakeRequest
from core.limits import form_limit
from portal.models import AssistanceType, Township, Village

from .records import _text


def _villages_for(user):
    reach = jurisdiction(user, "lead.report")
    villages = Village.objects.select_related("township")
    if reach.everywhere:
        return villages
    if reach.township_id:
        return villages.filter(township_id=reach.township_id)
    return villages.filter(pk=reach.village_id)


class LeadReportForm(PlainTextForm):
    village = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=None, to_field_name="code", required=False
    )
    township = forms.ModelChoiceField(
        label=_("乡镇"),
        queryset=None,
        to_field_name="code",
        required=False,
        help_text=_("不选村（社区）时填写。"),
    )
    source = forms.ChoiceField(label=_("报告人身份"), choices=Lead.Source.choices)
    source_name = forms.CharField(label=_("报告人"), **form_limit(Lead, "source_name"))
    person_name = forms.CharField(
        label=_("困难群众姓名"), **form_limit(Lead, "person_name")
    )
    person_phone = forms.CharField(
        label=_("联系电话"), required=False, **form_limit(Lead, "person_phone")
    )
    address = forms.CharField(
        label=_("住址"), required=False, **form_limit(Lead, "address")
    )
    content = _text(_("困难情况"), Lead, "content", rows=5)
    urgent = forms.BooleanField(label=_("突发紧急困难（第一时间上报）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages_for(user)
        self.fields["township"].queryset = Township.objects.all()

    def clean(self):
        data = super().clean()
        village, township = data.get("village"), data.get("township")
        if village is not None:
            data["township"] = village.township
        elif township is None:
            self.add_error("township", _("请选择乡镇或村（社区）。"))
        return data


class TriageForm(PlainTextForm):
    decision = forms.ChoiceField(
        label=_("研判结果"),
        choices=[("accept", _("确认困难，转为案件办理")), ("reject", _("不予立案"))],
        widget=forms.RadioSelect,
    )
    note = _text(
        _("研判意见"), Lead, "triage_note", help_text=_("不予立案的须写明理由。")
    )


class IntakeFromForm(PlainTextForm):
    """The applicant's particulars an intake needs, for a lead or a book entry."""

    assistance_type = forms.ModelChoiceField(
        label=_("救助事项"), queryset=AssistanceType.objects.all(), to_field_name="code"
    )
    name = forms.CharField(label=_("申请人姓名"), **form_limit(Applicant, "name"))
    id_number = forms.CharField(
        label=_("身份证号码"), **form_limit(Applicant, "id_number")
    )
    phone = forms.CharField(label=_("联系电话"), **form_limit(Applicant, "phone"))
    address = forms.CharField(label=_("住址"), **form_limit(Applicant, "address"))
    description = _text(_("申请事由"), Case, "description", rows=4)

    def intake_request(self, township) -> IntakeRequest:
        data = self.cleaned_data
        return IntakeRequest(
            assistance_type=data["assistance_type"],
            channel="",  # set by the service: 主动发现 or 帮办代办
            township=township,
            applicant=ApplicantData(
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                address=data["address"],
            ),
            description=data["description"],
        )


class EntryForm(PlainTextForm):
    village = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=None, to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("类别"), choices=RegistrationEntry.Kind.choices)
    visitor_name = forms.CharField(
        label=_("来访群众"), **form_limit(RegistrationEntry, "visitor_name")
    )
    visitor_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        **form_limit(RegistrationEntry, "visitor_phone"),
    )
    content = _text(_("反映的问题"), RegistrationEntry, "content", rows=4)
    answer = _text(
        _("当场答复"),
        RegistrationEntry,
        "answer",
        required=False,
        help_text=_("能当场答复的写在这里；符合政策的，告知所需材料和办理流程。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages_for(user)


class AnswerForm(PlainTextForm):
    answer = _text(_("答复内容"), RegistrationEntry, "answer")


class ToLeadForm(PlainTextForm):
    urgent = forms.BooleanField(label=_("突发紧急困难"), required=False)
