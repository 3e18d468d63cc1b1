"""The generic history pages of wagtail-modeladmin ask who is looking.

wagtail-modeladmin's history view checks no permission and loads any row by its
key: an editor could read a follow-up's title (case number, satisfaction) and a
clerk another township's. Found by the access matrix (docs/access-matrix.md).
"""

import datetime

import pytest

from cases.models import CalendarDay, FollowUp
from cases.services.followups import followup_record
from tests.cases.admin.conftest import GUIDE_MATERIALS
from tests.factories.records import replied_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(staff, town, item):
    case = replied_case(
        staff["clerk"],
        staff["reviewer"],
        town,
        assistance_type=item,
        materials=GUIDE_MATERIALS,
    )
    return followup_record(
        by=staff["clerk"],
        case=case,
        kind=FollowUp.Kind.REVISIT,
        satisfaction=FollowUp.Satisfaction.SATISFIED,
    )


def history_url(followup) -> str:
    return f"/admin/cases/followup/history/{followup.pk}/"


def test_follow_up_history_is_refused_to_editors(login, staff, followup):
    response = login(staff["editor"]).get(history_url(followup))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert followup.case.number not in response.content.decode()


def test_follow_up_history_of_another_township_is_not_found(
    login, other_town, followup
):
    response = login(clerk(other_town, username="clerk-far")).get(history_url(followup))
    assert response.status_code == 404


def test_follow_up_history_is_shown_to_the_township_clerk_and_the_auditor(
    login, staff, followup
):
    for user in (staff["clerk"], staff["auditor"]):
        response = login(user).get(history_url(followup))
        assert response.status_code == 200
        assert followup.case.number in response.content.decode()


def test_holiday_calendar_history_is_for_administrators_only(
    login, staff, django_user_model
):
    day = CalendarDay.objects.create(
        date=datetime.date(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    url = f"/admin/cases/calendarday/history/{day.pk}/"
    response = login(staff["reviewer"]).get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    admin = django_user_model.objects.create_superuser("root", password="x")
    assert login(admin).get(url).status_code == 200
