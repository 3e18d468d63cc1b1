"""村工作登记簿：现场登记，当场答复，或帮办申请（转为案件）、上报线索。"""

import pytest
from django.core.management import call_command

from cases.models import Lead, RegistrationEntry
from cases.selectors import registration_entries_visible_to
from cases.services import (
    ApplicantData,
    CaseError,
    CasePermissionDenied,
    entry_answer,
    entry_record,
    entry_to_case,
    entry_to_lead,
)
from tests.factories.cases import VALID_ID, intake_request

pytestmark = pytest.mark.django_db


def record(user, village, **fields):
    fields.setdefault("kind", "consultation")
    fields.setdefault("visitor_name", "石大姐")
    fields.setdefault("content", "孩子上大学，能申请什么救助？")
    return entry_record(by=user, village=village, **fields)


def test_answered_on_the_spot(people):
    entry = record(
        people.coordinator,
        people.village,
        answer="可申请教育救助，需身份证、户口簿、录取通知书，到镇窗口办理。",
    )
    assert entry.status == RegistrationEntry.Status.ANSWERED
    assert entry.township == people.east
    assert entry.number.startswith("DJ")


def test_coordinator_records_only_in_own_village(people):
    with pytest.raises(CasePermissionDenied):
        record(people.coordinator, people.other_village)
    with pytest.raises(CasePermissionDenied):
        record(people.auditor, people.village)
    record(people.clerk, people.other_village)  # the township clerk may


def test_empty_or_oversized_question_is_refused(people):
    with pytest.raises(CaseError):
        record(people.coordinator, people.village, content="")
    with pytest.raises(CaseError):
        record(people.coordinator, people.village, content="问" * 2001)


def test_answer_later(people):
    entry = record(people.coordinator, people.village)
    entry = entry_answer(by=people.coordinator, entry=entry, answer="已电话告知")
    assert entry.status == RegistrationEntry.Status.ANSWERED
    with pytest.raises(CaseError):
        entry_answer(by=people.coordinator, entry=entry, answer="再答复")


def test_escalate_to_a_lead_keeps_the_link(people):
    entry = record(people.coordinator, people.village, kind="help")
    lead = entry_to_lead(by=people.coordinator, entry=entry, urgent=True)
    entry.refresh_from_db()
    assert entry.lead == lead and entry.status == RegistrationEntry.Status.TO_LEAD
    assert lead.village == people.village and lead.urgent
    assert lead.source == Lead.Source.COORDINATOR
    assert list(lead.registration_entries.all()) == [entry]
    with pytest.raises(CaseError):
        entry_to_lead(by=people.coordinator, entry=entry)


def test_escalate_to_a_case_is_a_proxy_application(people):
    entry = record(people.coordinator, people.village, kind="help")
    case = entry_to_case(
        by=people.coordinator,
        entry=entry,
        request=intake_request(
            people.west,
            applicant=ApplicantData(
                name="石大姐", id_number=VALID_ID, phone="13812345678", address="上庄"
            ),
        ),
    )
    entry.refresh_from_db()
    assert case.channel == "proxy"
    assert case.village == people.village and case.township == people.east
    assert entry.case == case and entry.status == RegistrationEntry.Status.TO_CASE
    assert list(case.registration_entries.all()) == [entry]
    call_command("verify_history")


def test_other_village_coordinator_cannot_touch_the_entry(people):
    entry = record(people.coordinator, people.village)
    with pytest.raises(CasePermissionDenied):
        entry_answer(by=people.other_coordinator, entry=entry, answer="x")
    with pytest.raises(CasePermissionDenied):
        entry_to_lead(by=people.west_clerk, entry=entry)


def test_entries_are_scoped_by_village_and_township(people):
    mine = record(people.coordinator, people.village)
    other = record(people.clerk, people.other_village)
    for user, expected in [
        (people.coordinator, {mine}),
        (people.other_coordinator, {other}),
        (people.clerk, {mine, other}),
        (people.west_clerk, set()),
        (people.reviewer, {mine, other}),
        (people.auditor, {mine, other}),
        (people.editor, set()),
    ]:
        assert set(registration_entries_visible_to(user)) == expected, user
