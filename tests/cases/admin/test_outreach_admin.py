"""主动发现线索, 工作登记簿 and 评价回访 in the admin, as each role meets them."""

import pytest

from cases.models import Case, FollowUp, Lead, RegistrationEntry
from tests.factories.cases import VALID_ID
from tests.factories.records import lead, replied_case

from .conftest import GUIDE_MATERIALS

pytestmark = pytest.mark.django_db


def intake_fields(prefix: str, item) -> dict:
    return {
        f"{prefix}-assistance_type": item.code,
        f"{prefix}-name": "覃老伯",
        f"{prefix}-id_number": VALID_ID,
        f"{prefix}-phone": "13812345678",
        f"{prefix}-address": "上庄村三组",
        f"{prefix}-description": "独居，无收入。",
    }


def test_coordinator_reports_a_lead_and_clerk_converts_it(
    login, staff, town, village, item
):
    response = login(staff["coordinator"]).post(
        "/admin/cases/lead/create/",
        {
            "village": village.code,
            "source": "grid_worker",
            "source_name": "网格员小周",
            "person_name": "覃老伯",
            "content": "独居老人，近两月无收入。",
        },
    )
    reported = Lead.objects.get()
    assert response.status_code == 302
    assert reported.village == village and reported.reported_by == staff["coordinator"]
    url = f"/admin/cases/lead/{reported.number}/"
    page = login(staff["coordinator"]).get(url).content.decode()
    assert "研判" not in page.split("case-facts")[-1].split("</dl>")[-1]
    client = login(staff["clerk"])
    client.post(
        url, {"action": "triage", "triage-decision": "accept", "triage-note": "属实"}
    )
    response = client.post(url, {"action": "convert", **intake_fields("convert", item)})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "active_discovery" and case.leads.get() == reported
    page = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert reported.number in page  # the case page names its origin


def test_lead_lists_are_scoped(login, staff, town, other_town, village):
    mine = lead(staff["coordinator"], town, village=village)
    theirs = lead(staff["other_clerk"], other_town)
    listed = login(staff["coordinator"]).get("/admin/cases/lead/")
    assert set(listed.context["object_list"]) == {mine}
    assert (
        login(staff["clerk"]).get(f"/admin/cases/lead/{theirs.number}/").status_code
        == 404
    )
    assert (
        len(login(staff["auditor"]).get("/admin/cases/lead/").context["object_list"])
        == 2
    )


def test_coordinator_records_and_answers_in_the_book(login, staff, village, item):
    client = login(staff["coordinator"])
    response = client.post(
        "/admin/cases/registrationentry/create/",
        {
            "village": village.code,
            "kind": "consultation",
            "visitor_name": "石大姐",
            "content": "<script>x</script>孩子上学有补助吗？",
        },
    )
    entry = RegistrationEntry.objects.get()
    assert response.status_code == 302
    url = f"/admin/cases/registrationentry/{entry.number}/"
    page = client.get(url).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    client.post(url, {"action": "answer", "answer-answer": "可申请教育救助"})
    entry.refresh_from_db()
    assert entry.status == RegistrationEntry.Status.ANSWERED
    # 已答复即办结归档，只读：再来反映的另起一条登记，由那一条帮办申请。
    assert entry.archive_entry.category.code == "RC"
    refused = client.post(url, {"action": "to_case", **intake_fields("to_case", item)})
    assert refused.status_code == 409
    client.post(
        "/admin/cases/registrationentry/create/",
        {
            "village": village.code,
            "kind": "help",
            "visitor_name": "石大姐",
            "content": "请帮忙申请教育救助",
        },
    )
    again = RegistrationEntry.objects.get(kind="help")
    url = f"/admin/cases/registrationentry/{again.number}/"
    client.post(url, {"action": "to_case", **intake_fields("to_case", item)})
    again.refresh_from_db()
    assert again.status == RegistrationEntry.Status.TO_CASE
    assert again.case.channel == "proxy"


def test_auditor_reads_the_book_but_cannot_record(login, staff, village):
    client = login(staff["auditor"])
    assert client.get("/admin/cases/registrationentry/").status_code == 200
    response = client.post(
        "/admin/cases/registrationentry/create/",
        {
            "village": village.code,
            "kind": "consultation",
            "visitor_name": "x",
            "content": "y",
        },
    )
    assert response.status_code in (302, 403)
    assert not RegistrationEntry.objects.exists()


def test_followup_from_the_closed_case_page(login, staff, town, item):
    case = replied_case(
        staff["clerk"],
        staff["reviewer"],
        town,
        assistance_type=item,
        materials=GUIDE_MATERIALS,
    )
    client = login(staff["clerk"])
    page = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "登记评价回访" in page
    response = client.post(
        f"/admin/cases/case/{case.number}/follow-up/",
        {"followup-kind": "revisit", "followup-satisfaction": "satisfied"},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().case == case
    listed = client.get("/admin/cases/followup/")
    assert list(listed.context["object_list"]) == [FollowUp.objects.get()]


def test_open_case_offers_no_followup(login, staff, case):
    page = (
        login(staff["clerk"]).get(f"/admin/cases/case/{case.number}/").content.decode()
    )
    assert "登记评价回访" not in page
    response = login(staff["clerk"]).post(
        f"/admin/cases/case/{case.number}/follow-up/",
        {"followup-kind": "revisit", "followup-satisfaction": "satisfied"},
    )
    assert "已办结" in response.content.decode()
    assert not FollowUp.objects.exists()
