"""Forms of 咨询登记 (首问负责): they parse, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.access import jurisdiction
from cases.forms import PlainTextForm
from cases.models import Consultation
from cases.services import ConsultationIn
from core.limits import form_limit
from portal.models import AssistanceType, ServicePoint, Township

from .outreach import IntakeFromForm
from .records import _text


def _windows_for(user):
    """The windows ``user`` may record at: every one for county staff, their
    own township's for a clerk (cases.access: consultation.record)."""
    reach = jurisdiction(user, "consultation.record")
    windows = ServicePoint.objects.filter(
        level__in=[ServicePoint.Level.COUNTY, ServicePoint.Level.TOWNSHIP]
    )
    if reach.everywhere:
        return Township.objects.all(), windows
    return Township.objects.filter(pk=reach.township_id), windows.filter(
        level=ServicePoint.Level.TOWNSHIP, township_id=reach.township_id
    )


class ConsultationForm(PlainTextForm):
    township = forms.ModelChoiceField(
        label=_("窗口所在乡镇（街道）"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("县级窗口"),
        help_text=_("在县级窗口接待的，选“县级窗口”。"),
    )
    service_point = forms.ModelChoiceField(
        label=_("服务窗口"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("（不指定）"),
    )
    channel = forms.ChoiceField(
        label=_("咨询方式"),
        choices=Consultation.Channel.choices,
        initial=Consultation.Channel.VISIT,
        widget=forms.RadioSelect,
    )
    person_name = forms.CharField(
        label=_("咨询人"), required=False, **form_limit(Consultation, "person_name")
    )
    person_phone = forms.CharField(
        label=_("联系电话"), required=False, **form_limit(Consultation, "person_phone")
    )
    assistance_type = forms.ModelChoiceField(
        label=_("咨询的救助事项"),
        queryset=AssistanceType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("（不涉及具体事项）"),
    )
    topic = forms.CharField(
        label=_("咨询事项"),
        required=False,
        **form_limit(Consultation, "topic"),
        help_text=_("选了救助事项的可不填。"),
    )
    answer = _text(
        _("答复及告知内容"),
        Consultation,
        "answer",
        rows=5,
        help_text=_("当场答复、转交或引导的情况；告知的依据、时限、程序和所需材料。"),
    )
    one_time_notice = forms.BooleanField(
        label=_("已一次性告知（依据、时限、程序、全部材料）"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships, points = _windows_for(user)
        self.fields["township"].queryset = townships
        self.fields["service_point"].queryset = points.select_related("township")
        if not jurisdiction(user, "consultation.record").everywhere:
            self.fields["township"].initial = townships.first()
            self.fields["township"].empty_label = None
            self.fields["township"].required = True

    def consultation_in(self) -> ConsultationIn:
        return ConsultationIn(**self.cleaned_data)


class ConsultationIntakeForm(IntakeFromForm):
    """The intake, prefilled from the consultation; a county window's
    consultation also asks for the township that takes the application."""

    township = forms.ModelChoiceField(
        label=_("受理乡镇（街道）"),
        queryset=Township.objects.all(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        if consultation.township_id:
            del self.fields["township"]
        else:
            self.fields["township"].required = True

    def to_request(self):
        township = self.consultation.township or self.cleaned_data["township"]
        return self.intake_request(township)
