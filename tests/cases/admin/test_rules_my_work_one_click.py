"""我的待办 leads to the work: 受理登记 one click away for each published item,
and a case waiting for a step that needs neither a reason nor an amount offers
that step in its row; taking it comes back to the queue."""

import pytest

from cases.models import Case
from cases.services import case_transition
from tests.factories.cases import approval_terms

pytestmark = pytest.mark.django_db

MY_WORK = "/admin/cases/my-work/"


def test_rules_my_work_links_intake_for_each_published_item(login, staff, item):
    html = login(staff["clerk"]).get(MY_WORK).content.decode()
    assert f"/admin/cases/case/create/?assistance_type={item.code}" in html
    # An auditor has no 我的待办 at all, and registers nothing.
    assert login(staff["auditor"]).get(MY_WORK).status_code == 403


def test_rules_a_replied_case_waits_in_the_clerks_queue_to_be_filed(login, staff, case):
    for step in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=staff["clerk"], case=case, action=step)
    case = case_transition(
        by=staff["reviewer"], case=case, action="approve", **approval_terms()
    )
    client = login(staff["clerk"])
    html = client.get(MY_WORK).content.decode()
    assert 'value="reply"' in html  # 回复申请人, in the case's row
    response = client.post(
        f"/admin/cases/case/{case.number}/transition/",
        {"action": "reply", "version": case.version, "next": MY_WORK},
    )
    assert response.status_code == 302 and response.url == MY_WORK
    case.refresh_from_db()
    assert case.status == Case.Status.REPLIED
    html = client.get(MY_WORK).content.decode()
    assert case.number in html and 'value="archive"' in html


def test_rules_a_step_needing_a_reason_is_not_offered_in_the_queue(login, staff, case):
    # 受理 is offered; 不予受理 needs a reason, so it is taken on the case page.
    html = login(staff["clerk"]).get(MY_WORK).content.decode()
    assert 'value="accept"' in html
    assert 'value="reject"' not in html


def test_rules_a_foreign_next_address_goes_to_the_case_page(login, staff, case):
    response = login(staff["clerk"]).post(
        f"/admin/cases/case/{case.number}/transition/",
        {"action": "accept", "version": case.version, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == f"/admin/cases/case/{case.number}/"


def test_rules_a_double_click_in_the_queue_takes_the_step_once(login, staff, case):
    """A second click on the same row (or the back button and a resend) is
    refused with the reason, and the step is not taken twice."""
    client = login(staff["clerk"])
    sent = {"action": "accept", "version": case.version, "next": MY_WORK}
    url = f"/admin/cases/case/{case.number}/transition/"
    assert client.post(url, sent).status_code == 302
    again = client.post(url, sent)
    assert again.status_code == 409
    assert "该案件已被他人修改" in again.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert case.history.filter(history_change_reason="受理").count() == 1
