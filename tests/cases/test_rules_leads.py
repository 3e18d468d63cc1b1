"""主动发现：报告、研判、转为案件（渠道主动发现），可见范围按村、乡镇。"""

import pytest

from cases.models import Lead
from cases.selectors import leads_visible_to
from cases.services import (
    ApplicantData,
    CaseError,
    CasePermissionDenied,
    lead_convert,
    lead_triage,
)
from tests.factories.cases import VALID_ID, intake_request
from tests.factories.records import lead

pytestmark = pytest.mark.django_db


def applicant_request(township):
    return intake_request(
        township,
        channel="window",  # the service makes it 主动发现 whatever is sent
        applicant=ApplicantData(
            name="覃老伯", id_number=VALID_ID, phone="13812345678", address="上庄村"
        ),
    )


def test_coordinator_reports_for_own_village_only(people):
    reported = lead(people.coordinator, people.east, village=people.village)
    assert reported.status == Lead.Status.REPORTED
    assert reported.number.startswith("XS")
    with pytest.raises(CasePermissionDenied):
        lead(people.coordinator, people.east, village=people.other_village)
    with pytest.raises(CasePermissionDenied):
        lead(people.coordinator, people.east)  # no village: township-wide


def test_village_must_belong_to_the_township(people):
    with pytest.raises(CaseError) as excinfo:
        lead(people.reviewer, people.west, village=people.village)
    assert excinfo.value.field == "village"


def test_empty_situation_is_refused(people):
    with pytest.raises(CaseError) as excinfo:
        lead(people.clerk, people.east, content=" ")
    assert excinfo.value.field == "content"


def test_triage_needs_a_clerk_or_reviewer_and_a_note(people):
    reported = lead(people.coordinator, people.east, village=people.village)
    with pytest.raises(CasePermissionDenied):
        lead_triage(by=people.coordinator, lead=reported, accept=True, note="x")
    with pytest.raises(CasePermissionDenied):
        lead_triage(by=people.west_clerk, lead=reported, accept=True, note="x")
    with pytest.raises(CaseError):
        lead_triage(by=people.clerk, lead=reported, accept=False, note="")
    rejected = lead_triage(
        by=people.clerk, lead=reported, accept=False, note="已纳入特困供养"
    )
    assert rejected.status == Lead.Status.REJECTED
    with pytest.raises(CaseError):
        lead_triage(by=people.clerk, lead=rejected, accept=True, note="再研判")


def test_accepted_lead_converts_to_an_active_discovery_case_linked_both_ways(
    people,
):
    reported = lead(people.coordinator, people.east, village=people.village)
    with pytest.raises(CaseError):
        lead_convert(
            by=people.clerk, lead=reported, request=applicant_request(people.west)
        )
    lead_triage(by=people.clerk, lead=reported, accept=True, note="入户核实，属实")
    case = lead_convert(
        by=people.clerk, lead=reported, request=applicant_request(people.west)
    )
    reported.refresh_from_db()
    assert case.channel == "active_discovery"
    assert case.township == people.east and case.village == people.village
    assert reported.case == case and reported.status == Lead.Status.CONVERTED
    assert list(case.leads.all()) == [reported]
    assert case.external_reference == reported.number
    assert reported.history.count() == 3


def test_leads_are_scoped_by_village_and_township(people):
    in_village = lead(people.coordinator, people.east, village=people.village)
    township_wide = lead(people.clerk, people.east)
    west = lead(people.west_clerk, people.west)
    for user, expected in [
        (people.coordinator, {in_village}),
        (people.other_coordinator, set()),
        (people.clerk, {in_village, township_wide}),
        (people.west_clerk, {west}),
        (people.reviewer, {in_village, township_wide, west}),
        (people.auditor, {in_village, township_wide, west}),
        (people.editor, set()),
    ]:
        assert set(leads_visible_to(user)) == expected, user


def test_auditor_cannot_report(people):
    with pytest.raises(CasePermissionDenied):
        lead(people.auditor, people.east)
