"""受理登记 forms: choose the item, then the application with its checklist.

The forms only parse what was typed; ``case_receive`` decides. There is no field
for the received time: it is the server's clock, set by the service.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.access import actor_for, jurisdiction
from cases.channels import Channel
from cases.forms import PlainTextForm
from cases.guides import GuideMaterial
from cases.identity import ID_NUMBER_TYPED_MAX, validate_id_number, validate_phone
from cases.models import Applicant, Case, HouseholdMember, ReceivedMaterial
from cases.services import ApplicantData, IntakeRequest, MaterialIn, MemberIn
from cases.services.intake import MAX_HOUSEHOLD
from core.limits import form_limit
from portal.models import AssistanceType, Township, Village

EXTRA_MATERIAL_ROWS = 3
DEFAULT_MEMBER_ROWS = 4

# Service error fields (CaseError.field) → the intake form's own field names.
APPLICANT_FIELDS = {
    "channel": "channel",
    "village": "village",
    "description": "description",
    "applicant.name": "applicant_name",
    "applicant.id_number": "id_number",
    "applicant.phone": "phone",
    "applicant.address": "address",
}


class AssistanceTypeForm(PlainTextForm):
    """Step 1: the item decides which checklist the published guide gives."""

    assistance_type = forms.ModelChoiceField(
        queryset=AssistanceType.objects.all(),
        to_field_name="code",
        label=_("救助事项"),
        empty_label=_("请选择救助事项"),
        error_messages={"invalid_choice": _("没有这个救助事项，请重新选择。")},
    )


class IntakeForm(PlainTextForm):
    assistance_type = forms.ModelChoiceField(
        queryset=AssistanceType.objects.all(),
        to_field_name="code",
        widget=forms.HiddenInput,
    )
    channel = forms.ChoiceField(
        label=_("受理渠道"), choices=Channel.choices, initial=Channel.WINDOW
    )
    township = forms.ModelChoiceField(
        queryset=Township.objects.all(), label=_("乡镇（街道）")
    )
    village = forms.ModelChoiceField(
        queryset=Village.objects.select_related("township"),
        label=_("村（社区）"),
        required=False,
        empty_label=_("（不属于某村，或不详）"),
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名"),
        **form_limit(
            Applicant, "name", error_messages={"required": _("请填写申请人姓名。")}
        ),
    )
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=ID_NUMBER_TYPED_MAX,
        validators=[validate_id_number],
        error_messages={"required": _("请填写申请人的身份证号码。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        validators=[validate_phone],
        **form_limit(
            Applicant, "phone", error_messages={"required": _("请填写联系电话。")}
        ),
    )
    address = forms.CharField(
        label=_("住址"),
        **form_limit(
            Applicant, "address", error_messages={"required": _("请填写住址。")}
        ),
    )
    description = forms.CharField(
        label=_("申请事由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        **form_limit(
            Case, "description", error_messages={"required": _("请填写申请事由。")}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        township, village = self.fields["township"], self.fields["village"]
        reach = jurisdiction(user, "case.intake")
        if reach.everywhere:
            return  # county staff receive for any township
        actor = actor_for(user)
        fixed = _("您的账号未设置辖区，不能登记申请，请联系管理员。")
        township.disabled = True
        township.queryset = Township.objects.filter(pk=actor.township_id)
        township.initial = actor.township_id
        township.error_messages["required"] = fixed
        village.queryset = village.queryset.filter(township_id=actor.township_id)
        if not reach.township_id:
            # 村协理员: their own village and its township, nothing else.
            village.disabled = True
            village.required = True
            village.queryset = village.queryset.filter(pk=actor.village_id)
            village.initial = actor.village_id
            village.error_messages["required"] = fixed


class ChecklistForm(PlainTextForm):
    """收件清单: one row per material the published guide lists, plus extras."""

    def __init__(self, *args, materials: list[GuideMaterial], **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = materials
        for i, material in enumerate(materials):
            self.fields[f"m{i}_received"] = forms.BooleanField(
                label=material.name, required=False
            )
            self.fields[f"m{i}_pages"] = _pages_field()
            self.fields[f"m{i}_copies"] = _copies_field(material.copies)
        for j in range(EXTRA_MATERIAL_ROWS):
            self.fields[f"x{j}_name"] = forms.CharField(
                label=_("其他材料名称"),
                required=False,
                **form_limit(ReceivedMaterial, "name"),
            )
            self.fields[f"x{j}_pages"] = _pages_field()
            self.fields[f"x{j}_copies"] = _copies_field(1)

    def rows(self) -> list[dict]:
        return [
            {
                "material": material,
                "received": self[f"m{i}_received"],
                "pages": self[f"m{i}_pages"],
                "copies": self[f"m{i}_copies"],
            }
            for i, material in enumerate(self.materials)
        ]

    def extra_rows(self) -> list[dict]:
        return [
            {
                "name": self[f"x{j}_name"],
                "pages": self[f"x{j}_pages"],
                "copies": self[f"x{j}_copies"],
            }
            for j in range(EXTRA_MATERIAL_ROWS)
        ]

    def received(self) -> list[tuple[str, MaterialIn]]:
        """(row prefix, material) for each material handed in, in checklist order."""
        data = self.cleaned_data
        got = []
        for i, material in enumerate(self.materials):
            if data.get(f"m{i}_received"):
                got.append((f"m{i}", _material(material.name, data, f"m{i}")))
        for j in range(EXTRA_MATERIAL_ROWS):
            name = (data.get(f"x{j}_name") or "").strip()
            if name:
                got.append((f"x{j}", _material(name, data, f"x{j}")))
        return got


def _pages_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("页数"), min_value=0, max_value=2000, required=False
    )


def _copies_field(initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("份数"), min_value=1, max_value=20, required=False, initial=initial
    )


def _material(name: str, data: dict, prefix: str) -> MaterialIn:
    return MaterialIn(
        name=name,
        pages=data.get(f"{prefix}_pages") or 0,
        copies=data.get(f"{prefix}_copies") or 1,
    )


class MemberForm(PlainTextForm):
    name = forms.CharField(label=_("姓名"), **form_limit(HouseholdMember, "name"))
    relation = forms.CharField(
        label=_("与申请人关系"), **form_limit(HouseholdMember, "relation")
    )
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=ID_NUMBER_TYPED_MAX,
        required=False,
        validators=[validate_id_number],
    )


def member_formset(rows: int = DEFAULT_MEMBER_ROWS):
    """家庭成员; rows left blank are skipped, a half-filled row is an error."""
    return forms.formset_factory(
        MemberForm,
        extra=max(1, min(rows, MAX_HOUSEHOLD)),
        max_num=MAX_HOUSEHOLD,
        absolute_max=MAX_HOUSEHOLD,
        validate_max=True,
    )


def intake_request(
    form: IntakeForm, checklist: ChecklistForm, members
) -> tuple[IntakeRequest, dict[str, tuple[forms.Form, str | None]]]:
    """The service's request, and where each of its error fields shows on screen."""
    data = form.cleaned_data
    targets: dict[str, tuple[forms.Form, str | None]] = {
        key: (form, name) for key, name in APPLICANT_FIELDS.items()
    }
    received = checklist.received()
    for index, (prefix, _material_in) in enumerate(received):
        name_field = f"{prefix}_name" if prefix.startswith("x") else f"{prefix}_pages"
        targets[f"materials.{index}"] = (checklist, name_field)
    household = []
    for member_form in members.forms:
        cleaned = getattr(member_form, "cleaned_data", None) or {}
        if not cleaned.get("name"):
            continue
        index = len(household)
        targets[f"household.{index}"] = (member_form, "name")
        targets[f"household.{index}.id_number"] = (member_form, "id_number")
        household.append(
            MemberIn(
                name=cleaned["name"],
                relation=cleaned["relation"],
                id_number=cleaned.get("id_number") or "",
            )
        )
    request = IntakeRequest(
        assistance_type=data["assistance_type"],
        channel=data["channel"],
        township=data["township"],
        village=data.get("village"),
        applicant=ApplicantData(
            name=data["applicant_name"],
            id_number=data["id_number"],
            phone=data["phone"],
            address=data["address"],
        ),
        description=data["description"],
        materials=[material for _prefix, material in received],
        household=household,
    )
    return request, targets
