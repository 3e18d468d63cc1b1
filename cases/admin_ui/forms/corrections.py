"""Forms of 更正申请人信息. They parse input; cases.services.corrections decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.identity import ID_NUMBER_TYPED_MAX
from cases.models import Applicant, ApplicantCorrection, Case
from core.limits import form_limit
from portal.models import Village

from .actions import ReviewDecisionForm

REASON_HELP = _("写明依据，如：申请人持户口簿到窗口更正。理由记入本案历史。")


class ApplicantCorrectionForm(PlainTextForm):
    """Filled in with what is registered; only what differs is corrected."""

    name = forms.CharField(label=_("姓名"), **form_limit(Applicant, "name"))
    phone = forms.CharField(label=_("联系电话"), **form_limit(Applicant, "phone"))
    address = forms.CharField(label=_("住址"), **form_limit(Applicant, "address"))
    village = forms.ModelChoiceField(
        label=_("村（社区）"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_("留空则不更改。"),
    )
    reason = forms.CharField(
        label=_("更正理由"),
        **form_limit(ApplicantCorrection, "reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args, case: Case, **kwargs):
        applicant = case.applicant
        kwargs.setdefault(
            "initial",
            {
                "name": applicant.name,
                "phone": applicant.phone,
                "address": applicant.address,
                "village": applicant.village_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.filter(
            township_id=case.township_id
        ).order_by("name")


class IdNumberChangeForm(PlainTextForm):
    new_id_number = forms.CharField(
        label=_("更正后的身份证号码"), max_length=ID_NUMBER_TYPED_MAX
    )
    reason = forms.CharField(
        label=_("更正理由"),
        **form_limit(ApplicantCorrection, "reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class IdNumberChangeDecisionForm(ReviewDecisionForm):
    note = forms.CharField(
        label=_("说明"),
        required=False,
        **form_limit(ApplicantCorrection, "decision_note"),
        help_text=_("不批准须写明理由。"),
    )
