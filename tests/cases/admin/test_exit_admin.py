"""救助对象退出（停保） from the case page: offered only to approved recipients."""

import pytest
from django.utils import timezone

from cases.models import RecipientExit
from tests.factories.records import archived_case

from .conftest import GUIDE_MATERIALS

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(staff, town, item):
    return archived_case(
        staff["clerk"],
        staff["reviewer"],
        town,
        assistance_type=item,
        materials=GUIDE_MATERIALS,
    )


def test_clerk_records_an_exit_from_the_case_page(login, staff, recipient):
    client = login(staff["clerk"])
    url = f"/admin/cases/case/{recipient.number}/"
    assert "登记退出" in client.get(url).content.decode()
    today = timezone.localdate()
    response = client.post(
        url + "exit/",
        {
            "exit-exited_on": f"{today:%Y-%m-%d}",
            "exit-reason": RecipientExit.Reason.MOVED_AWAY,
            "exit-note": "",
        },
    )
    assert response.status_code == 302
    record = RecipientExit.objects.get()
    assert (record.case, record.exited_on, record.recorded_by) == (
        recipient,
        today,
        staff["clerk"],
    )
    page = client.get(url).content.decode()
    assert "登记退出" not in page
    assert "迁出本县" in page


def test_exit_refused_by_the_rules_is_400_with_the_message_beside_the_field(
    login, staff, recipient
):
    client = login(staff["clerk"])
    url = f"/admin/cases/case/{recipient.number}/exit/"
    response = client.post(
        url, {"exit-exited_on": "2099-01-01", "exit-reason": "death", "exit-note": ""}
    )
    assert response.status_code == 400
    form = response.context["exit_form"]
    assert "退出日期不能晚于今天" in form.errors["exited_on"][0]
    response = client.post(
        url,
        {
            "exit-exited_on": f"{timezone.localdate():%Y-%m-%d}",
            "exit-reason": "other",
            "exit-note": "",
        },
    )
    assert response.status_code == 400
    assert "请填写说明" in response.context["exit_form"].errors["note"][0]
    # A date left out is the form's own error: the form again, as elsewhere.
    response = client.post(url, {"exit-exited_on": "", "exit-reason": "death"})
    assert response.status_code == 200
    assert "请填写退出日期" in response.context["exit_form"].errors["exited_on"][0]
    assert not RecipientExit.objects.exists()


def test_open_case_and_other_township_get_no_exit(login, staff, case, recipient):
    page = login(staff["clerk"]).get(f"/admin/cases/case/{case.number}/")
    assert "登记退出" not in page.content.decode()
    response = login(staff["other_clerk"]).post(
        f"/admin/cases/case/{recipient.number}/exit/",
        {
            "exit-exited_on": f"{timezone.localdate():%Y-%m-%d}",
            "exit-reason": "death",
        },
    )
    assert response.status_code in (403, 404)
    assert not RecipientExit.objects.exists()
