"""Input limits come from the model fields, and every door refuses alike.

An over-long text gets the same words (不能超过N个字（现有M个字）) through a form,
the API (422 JSON naming the field) and the service itself, and N is the
``max_length`` of the model field the text is stored in (core.limits).
"""

from dataclasses import replace

import pytest

from cases.admin_ui.forms.intake import MemberForm
from cases.admin_ui.forms.records import ComplaintRegisterForm
from cases.api.record_schemas import ComplaintIn
from cases.api.schemas import ApplicantIn, CaseIn
from cases.models import Applicant, Case, Complaint
from cases.public.forms import PublicComplaintForm
from cases.services import CaseError, case_receive
from core.limits import max_length
from tests.factories.api import ApiClient, case_body, county
from tests.factories.cases import intake_request
from tests.factories.records import public_complaint
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


def refusal(limit: int) -> str:
    return f"不能超过{limit}个字（现有{limit + 1}个字）。"


def test_limits_are_the_model_fields_own():
    assert max_length(Complaint, "content") == 2000
    assert max_length(Applicant, "name") == 50
    assert max_length(Case, "description") == 4000
    json = CaseIn.model_json_schema()
    assert json["properties"]["description"]["maxLength"] == 4000
    applicant = ApplicantIn.model_json_schema()["properties"]
    assert applicant["name"]["maxLength"] == max_length(Applicant, "name")
    assert applicant["address"]["maxLength"] == max_length(Applicant, "address")
    assert ComplaintIn.model_json_schema()["properties"]["content"][
        "maxLength"
    ] == max_length(Complaint, "content")
    assert PublicComplaintForm().fields["content"].max_length == 2000
    staff_form = ComplaintRegisterForm.base_fields
    assert staff_form["phone"].max_length == max_length(Complaint, "phone")


@pytest.mark.usefixtures("fresh_rate_limit")
def test_over_long_complaint_is_refused_alike_by_form_api_and_service():
    limit = max_length(Complaint, "content")
    content = "投" * (limit + 1)

    form = PublicComplaintForm(data={"content": content})
    assert not form.is_valid()
    assert form.errors["content"] == [refusal(limit)]

    response = ApiClient().post("/complaints", {"content": content, "channel": "app"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert {"field": "content", "message": refusal(limit)} in response.json()["errors"]

    with pytest.raises(CaseError) as refused:
        public_complaint(content=content)
    assert refused.value.field == "content"
    assert refused.value.message == "投诉内容" + refusal(limit)
    assert not Complaint.objects.exists()


def test_over_long_applicant_name_is_refused_alike_by_form_api_and_service():
    limit = max_length(Applicant, "name")
    name = "张" * (limit + 1)

    form = MemberForm(data={"name": name, "relation": "子"})
    assert not form.is_valid()
    assert form.errors["name"] == [refusal(limit)]

    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["name"] = name
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "applicant.name", "message": refusal(limit)}
    ]

    request = intake_request(world.east, assistance_type=world.dibao)
    request.applicant = replace(request.applicant, name=name)
    with pytest.raises(CaseError) as refused:
        case_receive(by=clerk(world.east, username="c2"), request=request)
    assert refused.value.field == "applicant.name"
    assert refused.value.message == "姓名" + refusal(limit)
    assert not Case.objects.exists()
