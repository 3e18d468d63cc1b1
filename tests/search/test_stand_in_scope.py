"""AB角顶岗 in the archive: a B standing in for an absent A finds the A's cases.

The search scope comes from the access policy ("archive.search"), so the index
reaches what the case lists reach: the B's own township, and the cases whose A
is away. Complaints stay with the township window and the county.
"""

import pytest

from cases.models import Case
from portal.models import StaffProfile
from search import indexing
from search.query import SearchQuery
from search.service import archive_search, scope_for
from tests.factories.records import staff_complaint

from .conftest import load
from .county import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(db):
    county = make_county()
    staff_complaint(county.users["clerk"], case=county.stroke)
    # The south clerk is the B of the east clerk's case.
    Case.objects.filter(pk=county.stroke.pk).update(
        backup_handler=county.users["south_clerk"]
    )
    indexing.drain()
    return county


def _away(user) -> None:
    StaffProfile.objects.filter(user=user).update(is_absent=True)


def _numbers(user) -> dict[str, set[str]]:
    user = type(user).objects.get(pk=user.pk)  # a fresh request's user
    _query, results = archive_search(by=user, params={"page_size": "100"})
    found: dict[str, set[str]] = {}
    for hit in results.hits:
        found.setdefault(hit.kind, set()).add(hit.case_number)
    return found


def test_a_b_does_not_reach_the_case_while_its_a_is_at_work(county):
    found = _numbers(county.users["south_clerk"])
    assert county.stroke.number not in set().union(*found.values())
    assert scope_for(county.users["south_clerk"]).cases == ()


def test_a_b_finds_the_case_of_an_absent_a(county):
    _away(county.users["clerk"])
    b = county.users["south_clerk"]
    scope = scope_for(type(b).objects.get(pk=b.pk))
    assert scope.townships == ("south",)
    assert scope.cases == (county.stroke.number,)
    found = _numbers(b)
    assert county.stroke.number in found["case"]
    assert county.stroke.number in found["history"]
    assert county.collapse.number in found["case"]  # their own township still
    assert county.village_case.number not in found["case"]


def test_a_b_does_not_reach_the_complaints_of_the_case(county):
    _away(county.users["clerk"])
    found = _numbers(county.users["south_clerk"])
    assert county.stroke.number not in found.get("complaint", set())
    east_clerk = _numbers(county.users["clerk"])
    assert county.stroke.number in east_clerk["complaint"]


def test_each_backend_reaches_scoped_case_numbers_without_complaints(backend, county):
    load(backend)
    query = SearchQuery(page_size=100).scoped(("none",), (), (county.stroke.number,))
    hits = backend.search(query).hits
    assert hits
    assert {hit.case_number for hit in hits} == {county.stroke.number}
    assert "complaint" not in {hit.kind for hit in hits}
    assert not [hit for hit in hits if hit.key.startswith("history:cases.complaint")]
