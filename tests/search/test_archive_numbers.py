"""Archive search finds a filed record by its archive number (档案号), on both
backends: the case itself, a complaint, and for a lead or a registration entry
(which have no document of their own) the catalogue entry's version."""

from types import SimpleNamespace

import pytest

from cases.models import ArchiveEntry
from cases.services import complaint_answer, entry_record
from search.indexing import backlog
from search.query import parse_query
from search.service import archive_search
from tests.factories import TownshipFactory, VillageFactory
from tests.factories.records import archived_case, staff_complaint
from tests.factories.staff import auditor, clerk, reviewer, village_coordinator

from .conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    east, west = TownshipFactory(code="east"), TownshipFactory(code="west")
    village = VillageFactory(code="east-sz", township=east)
    return SimpleNamespace(
        east=east,
        village=village,
        clerk=clerk(east),
        west_clerk=clerk(west),
        coordinator=village_coordinator(village),
        reviewer=reviewer(),
    )


@pytest.fixture
def filed(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = archived_case(people.clerk, people.reviewer, people.east)
        complaint = staff_complaint(people.clerk)
        complaint_answer(
            by=people.clerk,
            complaint=complaint,
            findings="经查属实",
            answer="已说明",
            answered_how="电话",
            accountability="education",
        )
        entry = entry_record(
            by=people.coordinator,
            village=people.village,
            kind="consultation",
            visitor_name="覃大爷",
            content="问低保标准",
            answer="当场解答",
        )
    return {
        "case": ArchiveEntry.objects.get(case=case),
        "complaint": ArchiveEntry.objects.get(complaint=complaint),
        "registration": ArchiveEntry.objects.get(registration_entry=entry),
    }


def keys(backend, **params) -> set[str]:
    return {hit.key for hit in backend.search(parse_query(params)).hits}


def test_rules_archive_number_finds_the_record(backend, filed):
    load(backend)
    case_entry = filed["case"]
    assert f"case:{case_entry.case_id}" in keys(backend, q=case_entry.number)
    complaint_entry = filed["complaint"]
    assert f"complaint:{complaint_entry.complaint_id}" in keys(
        backend, q=complaint_entry.number
    )
    # The registration entry: its catalogue entry's version, by the number.
    found = backend.search(parse_query({"q": filed["registration"].number})).hits
    assert [h.number for h in found] == [filed["registration"].number]
    # Another entry's number is not a match (serials differ in one digit).
    assert f"case:{case_entry.case_id}" not in keys(
        backend, q=filed["registration"].number
    )


def test_rules_archive_number_in_the_auditors_search_as_filed(people, filed):
    """Through the outbox, as it happens (the configured backend)."""
    assert backlog() == 0
    _query, results = archive_search(
        by=auditor(), params={"q": filed["case"].number, "kind": "case"}
    )
    assert [hit.case_number for hit in results.hits] == [filed["case"].record_number]
    _query, results = archive_search(
        by=people.clerk, params={"q": filed["case"].number}
    )
    assert results.total >= 1
    _query, results = archive_search(
        by=people.west_clerk, params={"q": filed["case"].number}
    )
    assert results.total == 0
