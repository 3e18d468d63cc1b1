"""The case timeline shows referrals, complaints, follow-ups, leads and book entries
with field-level diffs; complaints only to those who may read them."""

import pytest

from cases.services import (
    entry_record,
    entry_to_lead,
    followup_record,
    lead_convert,
    lead_triage,
    referral_feedback,
)
from cases.timeline import case_timeline
from tests.factories.api import ApiClient
from tests.factories.cases import received_case
from tests.factories.records import (
    lead,
    referral,
    replied_case,
    staff_complaint,
)

pytestmark = pytest.mark.django_db


def records(entries) -> set[str]:
    return {e.record for e in entries}


def test_referral_feedback_is_a_field_diff_on_the_timeline(people):
    case = received_case(people.clerk, people.east)
    sent = referral(people.clerk, case, department=people.education)
    referral_feedback(by=people.clerk, referral=sent, feedback="已减免学费")
    entries = [e for e in case_timeline(case) if e.record == "分办转办"]
    created, fed = entries
    assert created.kind == "+" and created.reason == "转办至县教育局"
    assert any(c.field == "department" and c.new == "县教育局" for c in created.changes)
    changes = {c.field: (c.old, c.new) for c in fed.changes}
    assert changes["feedback"] == ("", "已减免学费")
    assert changes["status"] == ("已转出，待反馈", "已反馈")


def test_complaints_show_on_the_timeline_only_to_those_who_may_read_them(people):
    case = received_case(people.coordinator, people.east, village=people.village)
    staff_complaint(people.clerk, case=case)
    assert "投诉举报" in records(case_timeline(case, user=people.clerk))
    assert "投诉举报" in records(case_timeline(case, user=people.auditor))
    assert "投诉举报" not in records(case_timeline(case, user=people.coordinator))
    history = ApiClient(people.coordinator).get(f"/cases/{case.number}/history")
    assert "投诉举报" not in {v["record"] for v in history.json()}
    history = ApiClient(people.clerk).get(f"/cases/{case.number}/history").json()
    complaint_rows = [v for v in history if v["record"] == "投诉举报"]
    assert complaint_rows
    phones = [
        c["new"] for v in complaint_rows for c in v["changes"] if c["field"] == "phone"
    ]
    assert phones == ["139****1111"]  # masked in the API as elsewhere


def test_follow_up_lead_and_book_entry_are_on_the_timeline(people):
    closed = replied_case(people.clerk, people.reviewer, people.east)
    followup_record(by=people.clerk, case=closed, kind="revisit", satisfaction="basic")
    assert "评价回访" in records(case_timeline(closed))

    reported = lead(people.clerk, people.east)
    lead_triage(by=people.clerk, lead=reported, accept=True, note="属实")
    from tests.factories.cases import intake_request

    case = lead_convert(
        by=people.clerk, lead=reported, request=intake_request(people.east)
    )
    lead_rows = [e for e in case_timeline(case) if e.record == "主动发现线索"]
    assert [e.kind for e in lead_rows] == [
        "+",
        "~",
        "~",
    ]  # reported, triaged, converted

    entry = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="help",
        visitor_name="石大姐",
        content="独居困难",
    )
    entry_to_lead(by=people.coordinator, entry=entry)
    assert not [e for e in case_timeline(case) if e.record == "工作登记簿"]


def test_case_history_page_lists_the_referral(login_client, people):
    case = received_case(people.clerk, people.east)
    referral(people.clerk, case, department=people.education, reason="<b>粗体</b>")
    page = login_client(people.clerk).get(f"/admin/cases/case/{case.number}/history/")
    text = page.content.decode()
    assert "分办转办" in text and "县教育局" in text
    assert "<b>粗体</b>" not in text
