"""投诉举报 in the admin: staff entry, scoped list with filters, handling, escaping."""

from datetime import date

import pytest

from cases.models import Complaint
from tests.factories.clock import on_day
from tests.factories.records import public_complaint, staff_complaint

pytestmark = pytest.mark.django_db
LIST = "/admin/cases/complaint/"
CREATE = "/admin/cases/complaint/create/"


def numbers(response) -> set[str]:
    return set(response.context["object_list"].values_list("number", flat=True))


@pytest.fixture
def complaints(staff, town, other_town):
    with on_day(date(2025, 6, 3)):
        late = staff_complaint(staff["clerk"])  # due 2025-06-17, never answered
    mine = staff_complaint(staff["clerk"], channel="letter", name="", phone="")
    theirs = staff_complaint(staff["other_clerk"], channel="visit")
    county = public_complaint(name="李梅", phone="13800001234")
    return late, mine, theirs, county


def test_clerk_sees_own_township_complaints_only(login, staff, complaints):
    late, mine, theirs, county = complaints
    assert numbers(login(staff["clerk"]).get(LIST)) == {late.number, mine.number}


@pytest.mark.parametrize("role", ["reviewer", "auditor"])
def test_county_sees_all_complaints(login, staff, complaints, role):
    assert numbers(login(staff[role]).get(LIST)) == {c.number for c in complaints}


@pytest.mark.parametrize("role", ["coordinator", "editor"])
def test_coordinator_and_editor_get_no_complaints(login, staff, complaints, role):
    response = login(staff[role]).get(LIST)
    assert response.status_code == 302
    page = login(staff[role]).get(f"/admin/cases/complaint/{complaints[0].number}/")
    assert page.status_code in (302, 403)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"channel": "letter"}, {1}),
        ({"overdue": "yes"}, {0}),
        ({"period": "2025-06"}, {0}),
        ({"status": "received"}, {0, 1, 2, 3}),
    ],
)
def test_complaint_filters(login, staff, complaints, params, expected):
    response = login(staff["reviewer"]).get(LIST, params)
    assert numbers(response) == {complaints[i].number for i in expected}


def test_overdue_complaint_is_flagged(login, staff, complaints):
    page = login(staff["clerk"]).get(LIST).content.decode()
    assert "已逾期" in page


def test_clerk_registers_a_12349_complaint(login, staff, town):
    response = login(staff["clerk"]).post(
        CREATE,
        {
            "channel": "hotline_12349",
            "name": "王大妈",
            "phone": "13900001111",
            "content": "申请一个月没人回复。",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/cases/complaint/{complaint.number}/"
    assert complaint.township == town and complaint.response_due is not None


def test_empty_content_reshows_the_entry_form(login, staff):
    response = login(staff["clerk"]).post(CREATE, {"channel": "phone", "content": ""})
    assert response.status_code == 200
    assert "未保存" in response.content.decode()
    assert not Complaint.objects.exists()


def test_unknown_case_number_is_refused(login, staff):
    response = login(staff["clerk"]).post(
        CREATE, {"channel": "visit", "content": "x", "case_number": "JZ2000000001"}
    )
    assert "不在您的辖区" in response.content.decode()
    assert not Complaint.objects.exists()


def test_auditor_cannot_register_or_handle(login, staff, complaints):
    client = login(staff["auditor"])
    assert client.get(CREATE).status_code in (302, 403)  # wagtail: back to /admin/
    url = f"/admin/cases/complaint/{complaints[1].number}/"
    assert "您可以查阅，但不能办理" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "answer",
            "answer-findings": "x",
            "answer-accountability": "none",
        },
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaints[1].pk).status == "received"


def test_reviewer_assigns_and_clerk_answers_on_the_page(login, staff, complaints, town):
    county = complaints[3]
    url = f"/admin/cases/complaint/{county.number}/"
    response = login(staff["reviewer"]).post(
        url,
        {
            "action": "assign",
            "assign-handler": staff["clerk"].pk,
            "assign-township": town.code,
        },
    )
    assert response.status_code == 302
    response = login(staff["clerk"]).post(
        url,
        {
            "action": "answer",
            "answer-findings": "属实",
            "answer-answer": "已整改并致歉",
            "answer-answered_how": "电话",
            "answer-accountability": "education",
        },
    )
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.status == "answered" and county.handler == staff["clerk"]


def test_complaint_markup_is_escaped_in_list_and_page(login, staff):
    complaint = staff_complaint(
        staff["clerk"], content="<script>alert(1)</script>", name="<i>x</i>"
    )
    client = login(staff["clerk"])
    for url in (LIST, f"/admin/cases/complaint/{complaint.number}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "<i>x</i>" not in page
    page = client.get(f"/admin/cases/complaint/{complaint.number}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
