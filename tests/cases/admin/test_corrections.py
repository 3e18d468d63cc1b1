"""The admin: the duplicate warning at intake, 更正申请人信息, ID-number changes."""

import pytest
from django.contrib.messages import get_messages

from cases.models import Applicant, ApplicantCorrection
from cases.services import applicant_id_change_request
from cases.services.intake import ApplicantData
from tests.cases.admin.conftest import GUIDE_MATERIALS
from tests.cases.admin.test_intake import CREATE_URL, application
from tests.factories.api import with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.records import archived_case
from tests.factories.staff import reviewer

pytestmark = pytest.mark.django_db

NEW_ID = with_check_digit("11010519491231003")
REASON = "申请人持户口簿到窗口更正。"


def url(case, action=""):
    return f"/admin/cases/case/{case.number}/" + (f"{action}/" if action else "")


def correct_url(case):
    return url(case, "applicant/correct")


def correction(case, **overrides) -> dict:
    applicant = case.applicant
    data = {
        "name": applicant.name,
        "phone": applicant.phone,
        "address": applicant.address,
        "village": "",
        "reason": REASON,
    }
    data.update(overrides)
    return data


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_admin_intake_warns_of_another_townships_open_case(
    login, staff, town, other_town, item
):
    first = received_case(staff["clerk"], town, assistance_type=item)
    client = login(staff["other_clerk"])
    response = client.post(CREATE_URL, application(item, other_town))
    assert response.status_code == 302
    messages = said(response)
    [warning] = [m for m in messages if "另有一件正在办理" in m]
    assert first.number in warning and "东岭镇" in warning
    for private in ("张秀英", "13812345678", "上庄村3组", VALID_ID):
        assert private not in " ".join(messages)
    assert client.get(url(first)).status_code == 404


def test_admin_intake_of_a_new_person_has_no_warning(login, staff, town, item):
    response = login(staff["clerk"]).post(CREATE_URL, application(item, town))
    assert not [m for m in said(response) if "另有一件正在办理" in m]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("clerk", True),
        ("reviewer", True),
        ("coordinator", False),
        ("auditor", False),
    ],
)
def test_case_page_offers_the_correction_to_clerks_and_reviewers(
    login, staff, town, village, item, role, shown
):
    case = received_case(staff["clerk"], town, assistance_type=item, village=village)
    page = login(staff[role]).get(url(case)).content.decode()
    assert ("更正申请人信息" in page) is shown
    assert (correct_url(case) in page) is shown


def test_correction_form_is_filled_in_with_what_is_registered(login, staff, case):
    response = login(staff["clerk"]).get(correct_url(case))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "张秀英" and form.initial["phone"] == "13812345678"
    assert VALID_ID not in response.content.decode()


def test_correction_changes_this_case_only_and_is_in_history(
    login, staff, town, item, case
):
    other = received_case(staff["clerk"], town, assistance_type=item)
    client = login(staff["clerk"])
    response = client.post(
        correct_url(case), correction(case, phone="13912340000", name="张秀瑛")
    )
    assert response.status_code == 302 and response.url == url(case)
    applicant = Applicant.objects.get(pk=case.applicant_id)
    assert (applicant.name, applicant.phone) == ("张秀瑛", "13912340000")
    assert Applicant.objects.get(pk=other.applicant_id).name == "张秀英"
    history = client.get(url(case, "history")).content.decode()
    assert REASON in history


@pytest.mark.parametrize(
    "reason",
    ["", "核" * 201, "理由\x00", "理由\x1b", "\u200b\u202e"],
    ids=["empty", "huge", "nul", "escape", "only-invisible"],
)
def test_correction_without_a_proper_reason_is_the_form_again(
    login, staff, case, reason
):
    response = login(staff["clerk"]).post(
        correct_url(case), correction(case, name="张秀瑛", reason=reason)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


def test_unchanged_correction_is_refused_on_the_form(login, staff, case):
    response = login(staff["clerk"]).post(correct_url(case), correction(case))
    assert response.status_code == 400
    assert "一致" in response.content.decode()


def test_another_townships_clerk_gets_404(login, staff, case):
    client = login(staff["other_clerk"])
    assert client.get(correct_url(case)).status_code == 404
    response = client.post(correct_url(case), correction(case, name="X"))
    assert response.status_code == 404
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


@pytest.mark.parametrize("role", ["auditor", "coordinator"])
def test_roles_that_may_not_correct_are_refused(
    login, staff, town, village, item, role
):
    case = received_case(staff["clerk"], town, assistance_type=item, village=village)
    client = login(staff[role])
    shown = client.get(correct_url(case))
    assert shown.status_code == 403 and shown.context["form"] is None
    response = client.post(correct_url(case), correction(case, name="X"))
    assert response.status_code == 403
    assert Applicant.objects.get(pk=case.applicant_id).name == "张秀英"


def test_archived_case_is_refused(login, staff, town, item):
    case = archived_case(
        staff["clerk"],
        staff["reviewer"],
        town,
        assistance_type=item,
        materials=GUIDE_MATERIALS,
    )
    client = login(staff["clerk"])
    page = client.get(url(case)).content.decode()
    assert correct_url(case) not in page
    assert client.get(correct_url(case)).status_code == 409
    response = client.post(correct_url(case), correction(case, name="张秀瑛"))
    assert response.status_code == 409
    assert "归档" in response.content.decode()


def test_id_number_change_needs_another_reviewers_approval(login, staff, case):
    client = login(staff["reviewer"])
    response = client.post(
        url(case, "applicant/id-number-change"),
        {"id-new_id_number": NEW_ID, "id-reason": REASON},
    )
    assert response.status_code == 302
    change = ApplicantCorrection.objects.get()
    assert change.requested_by == staff["reviewer"] and change.is_pending
    page = client.get(url(case)).content.decode()
    decide = url(case, f"applicant/id-number-change/{change.pk}/decide")
    assert "待审核" in page and decide not in page  # not the one who asked
    own = client.post(decide, {f"idc{change.pk}-decision": "approve"})
    assert own.status_code == 403
    assert "另一名审核人" in own.content.decode()

    second = login(reviewer(username="reviewer-2"))
    assert decide in second.get(url(case)).content.decode()
    done = second.post(decide, {f"idc{change.pk}-decision": "approve"})
    assert done.status_code == 302
    assert Applicant.objects.get(pk=case.applicant_id).id_number == NEW_ID
    assert NEW_ID not in second.get(url(case)).content.decode()


def test_a_clerk_asks_and_a_reviewer_refuses_with_a_note(login, staff, case):
    clerk = login(staff["clerk"])
    clerk.post(
        url(case, "applicant/id-number-change"),
        {"id-new_id_number": NEW_ID, "id-reason": REASON},
    )
    change = ApplicantCorrection.objects.get()
    decide = url(case, f"applicant/id-number-change/{change.pk}/decide")
    assert decide not in clerk.get(url(case)).content.decode()
    assert (
        clerk.post(decide, {f"idc{change.pk}-decision": "approve"}).status_code == 403
    )
    county = login(staff["reviewer"])
    no_note = county.post(decide, {f"idc{change.pk}-decision": "refuse"})
    assert no_note.status_code == 400
    refused = county.post(
        decide,
        {f"idc{change.pk}-decision": "refuse", f"idc{change.pk}-note": "号码无误"},
    )
    assert refused.status_code == 302
    assert ApplicantCorrection.objects.get().status == "refused"
    assert Applicant.objects.get(pk=case.applicant_id).id_number == VALID_ID


def test_a_bad_id_number_is_shown_on_the_correction_page(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "applicant/id-number-change"),
        {"id-new_id_number": "110105194912310020", "id-reason": REASON},
    )
    assert response.status_code == 400
    assert response.context["id_form"].errors["new_id_number"]
    assert not ApplicantCorrection.objects.exists()


def test_a_pending_change_is_shown_instead_of_a_second_request(login, staff, case):
    applicant_id_change_request(
        by=staff["clerk"], case=case, new_id_number=NEW_ID, reason=REASON
    )
    response = login(staff["clerk"]).get(correct_url(case))
    assert response.context["id_form"] is None
    assert "已有一项更正申请待审核" in response.content.decode()


def test_another_cases_change_cannot_be_decided_through_this_case(
    login, staff, town, item, case
):
    other = received_case(
        staff["clerk"],
        town,
        assistance_type=item,
        materials=GUIDE_MATERIALS,
        applicant=ApplicantData(
            name="覃老伯", id_number=VALID_ID, phone="13700001111", address="石桥村"
        ),
    )
    change = applicant_id_change_request(
        by=staff["clerk"], case=other, new_id_number=NEW_ID, reason=REASON
    )
    response = login(staff["reviewer"]).post(
        url(case, f"applicant/id-number-change/{change.pk}/decide"),
        {f"idc{change.pk}-decision": "approve"},
    )
    assert response.status_code == 404
    assert ApplicantCorrection.objects.get().is_pending
