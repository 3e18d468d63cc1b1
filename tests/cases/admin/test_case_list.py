"""救助案件 list in the admin: scoped by role, masked, filtered, searched."""

import datetime

import pytest
from django.contrib.auth.models import Group

from cases.models import StageDeadline
from cases.services import (
    ApplicantData,
    case_receive,
    case_transition,
    one_time_notice_issue,
)
from core.roles import GROUP_NAMES, Role
from tests.factories import AssistanceTypeFactory
from tests.factories.cases import VALID_ID, intake_request, received_case
from tests.factories.staff import village_coordinator

from .conftest import GUIDE_MATERIALS

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/cases/case/"
OTHER_ID = "110105194912310038"


def numbers_in(response) -> set[str]:
    return set(response.context["object_list"].values_list("number", flat=True))


@pytest.fixture
def both_towns(staff, town, other_town, item):
    mine = received_case(
        staff["clerk"], town, assistance_type=item, materials=GUIDE_MATERIALS
    )
    theirs = received_case(staff["other_clerk"], other_town, assistance_type=item)
    return mine, theirs


def test_clerk_list_holds_only_own_township_cases(login, staff, both_towns):
    mine, theirs = both_towns
    response = login(staff["clerk"]).get(LIST_URL)
    assert response.status_code == 200
    assert numbers_in(response) == {mine.number}
    assert theirs.number not in response.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "auditor"])
def test_county_roles_list_every_township(login, staff, both_towns, role):
    response = login(staff[role]).get(LIST_URL)
    assert numbers_in(response) == {c.number for c in both_towns}


def test_village_coordinator_lists_only_own_village(login, staff, town, village, item):
    in_village = received_case(
        staff["coordinator"], town, assistance_type=item, village=village
    )
    received_case(staff["clerk"], town, assistance_type=item)
    response = login(staff["coordinator"]).get(LIST_URL)
    assert numbers_in(response) == {in_village.number}


def test_list_shows_id_numbers_masked(login, staff, both_towns):
    page = login(staff["auditor"]).get(LIST_URL).content.decode()
    assert VALID_ID not in page
    assert "110105********002X" in page


def test_list_filters_by_status(login, staff, both_towns):
    mine, _theirs = both_towns
    accepted = case_transition(by=staff["clerk"], case=mine, action="accept")
    client = login(staff["reviewer"])
    response = client.get(LIST_URL, {"status__exact": "accepted"})
    assert numbers_in(response) == {accepted.number}


def test_list_filters_by_assistance_type_and_township(
    login, staff, town, other_town, both_towns
):
    other_item = AssistanceTypeFactory(name="医疗救助")
    medical = received_case(staff["clerk"], town, assistance_type=other_item)
    client = login(staff["reviewer"])
    by_item = client.get(LIST_URL, {"assistance_type__id__exact": other_item.pk})
    assert numbers_in(by_item) == {medical.number}
    by_town = client.get(LIST_URL, {"township__id__exact": other_town.pk})
    assert numbers_in(by_town) == {both_towns[1].number}


def test_overdue_filter_finds_open_deadlines_past_due(login, staff, both_towns):
    late, on_time = both_towns
    StageDeadline.objects.filter(case=late).update(due_on=datetime.date(2020, 1, 6))
    client = login(staff["reviewer"])
    assert numbers_in(client.get(LIST_URL, {"overdue": "yes"})) == {late.number}
    assert numbers_in(client.get(LIST_URL, {"overdue": "no"})) == {on_time.number}
    assert "已超期" in client.get(LIST_URL).content.decode()


def test_overdue_filter_leaves_out_cases_paused_for_missing_material(
    login, staff, both_towns
):
    """补正期间不计入办理时限: a paused case is not overdue."""
    late, _on_time = both_towns
    StageDeadline.objects.filter(case=late).update(due_on=datetime.date(2020, 1, 6))
    one_time_notice_issue(
        by=staff["clerk"], case=late, items=[("户口簿", "复印件不清晰")]
    )
    response = login(staff["reviewer"]).get(LIST_URL, {"overdue": "yes"})
    assert numbers_in(response) == set()


def test_list_searches_case_number_and_applicant_name(
    login, staff, town, item, both_towns
):
    mine, _theirs = both_towns
    other = case_receive(
        by=staff["clerk"],
        request=intake_request(
            town,
            assistance_type=item,
            applicant=ApplicantData(
                name="欧阳春生", id_number=OTHER_ID, phone="13912345678", address="x"
            ),
        ),
    )
    client = login(staff["clerk"])
    assert numbers_in(client.get(LIST_URL, {"q": "春生"})) == {other.number}
    assert numbers_in(client.get(LIST_URL, {"q": mine.number})) == {mine.number}


def test_search_never_reaches_beyond_the_clerks_township(login, staff, both_towns):
    _mine, theirs = both_towns
    response = login(staff["clerk"]).get(LIST_URL, {"q": theirs.number})
    assert numbers_in(response) == set()


def test_export_masks_id_numbers_and_keeps_scope(login, staff, both_towns):
    mine, theirs = both_towns
    response = login(staff["clerk"]).get(LIST_URL, {"export": "csv"})
    body = response.content.decode("utf-8-sig")
    assert mine.number in body and theirs.number not in body
    assert VALID_ID not in body and "110105********002X" in body


@pytest.mark.parametrize("role", ["clerk", "coordinator", "reviewer", "auditor"])
def test_case_menu_shown_to_case_roles(login, staff, role):
    response = login(staff[role]).get("/admin/")
    assert response.status_code == 200
    assert LIST_URL in response.content.decode()


def test_editor_has_no_case_menu_and_no_case_list(login, staff, both_towns):
    client = login(staff["editor"])
    assert LIST_URL not in client.get("/admin/").content.decode()
    # Wagtail turns a refused admin view into a redirect to the dashboard.
    response = client.get(LIST_URL)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_case_roles_get_model_permissions_from_setup_groups(groups):
    def codenames(role):
        group = Group.objects.get(name=GROUP_NAMES[role])
        return set(
            group.permissions.filter(content_type__app_label="cases").values_list(
                "codename", flat=True
            )
        )

    working = {"view_case", "add_case", "change_case"}
    assert codenames(Role.CLERK) >= working
    assert codenames(Role.VILLAGE_COORDINATOR) >= working
    assert codenames(Role.REVIEWER) >= working
    records = (
        "case",
        "referral",
        "complaint",
        "followup",
        "lead",
        "registrationentry",
        "recipientexit",
        "consultation",
        # 在册对象, 定期复核 and 待遇调整: read for audit like every record.
        "recipient",
        "recipientreview",
        "benefitchange",
    )
    assert codenames(Role.AUDITOR) == {f"view_{name}" for name in records}
    assert codenames(Role.EDITOR) == set()
    # Window records: the village station has neither (咨询 goes in its book).
    window_only = {
        c
        for c in codenames(Role.VILLAGE_COORDINATOR)
        if "complaint" in c or "consultation" in c
    }
    assert not window_only


def test_add_button_only_for_staff_who_receive(login, staff, both_towns):
    create_url = "/admin/cases/case/create/"
    assert create_url in login(staff["clerk"]).get(LIST_URL).content.decode()
    assert create_url not in login(staff["auditor"]).get(LIST_URL).content.decode()


def test_coordinator_without_village_sees_nothing(login, town, item, staff):
    lost = village_coordinator(village=None, username="coord-nowhere")
    received_case(staff["clerk"], town, assistance_type=item)
    assert numbers_in(login(lost).get(LIST_URL)) == set()


def test_rules_case_list_filters_handlers_by_name(login, staff, both_towns):
    """人员按姓名筛选: the 经办人 filter lists the people handling the cases one
    may see, by name, post and township, and narrows the list to theirs."""
    mine, theirs = both_towns
    response = login(staff["auditor"]).get(LIST_URL)
    html = response.content.decode()
    for clerk in (staff["clerk"], staff["other_clerk"]):
        assert f"?handler={clerk.username}" in html
    assert "（经办人·" in html
    only = login(staff["auditor"]).get(LIST_URL, {"handler": staff["clerk"].username})
    assert numbers_in(only) == {mine.number}
    # A clerk is offered only the handlers of their own township's cases.
    own = login(staff["clerk"]).get(LIST_URL).content.decode()
    assert f"?handler={staff['other_clerk'].username}" not in own
