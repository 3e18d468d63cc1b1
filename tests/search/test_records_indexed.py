"""Referrals and complaints are indexed as they arrive, scoped like the case module."""

import pytest

from search.indexing import backlog
from search.query import parse_query
from search.service import archive_search
from tests.factories import TownshipFactory, VillageFactory
from tests.factories.cases import received_case
from tests.factories.records import public_complaint, referral, staff_complaint
from tests.factories.staff import auditor, clerk, village_coordinator

from .conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(django_capture_on_commit_callbacks):
    east, south = TownshipFactory(name="东岭镇"), TownshipFactory(name="南溪乡")
    village = VillageFactory(township=east, name="上庄村")
    east_clerk = clerk(east)
    with django_capture_on_commit_callbacks(execute=True):
        case = received_case(east_clerk, east, village=village)
        sent = referral(east_clerk, case, reason="孩子读高二，学费减免请教育局核办。")
        complaint = staff_complaint(
            east_clerk, case=case, content="来电反映：村里评议时有人优亲厚友。"
        )
        anonymous = public_complaint(content="南溪乡窗口中午无人值守，群众白跑一趟。")
    return {
        "east": east,
        "south": south,
        "village": village,
        "clerk": east_clerk,
        "case": case,
        "referral": sent,
        "complaint": complaint,
        "anonymous": anonymous,
    }


def _numbers(user, **params):
    _query, results = archive_search(by=user, params=params)
    return {hit.number for hit in results.hits}


def test_referral_is_searchable_as_it_arrives(records):
    assert backlog() == 0
    found = _numbers(auditor(), q="学费减免", kind="referral")
    assert found == {records["referral"].number}


def test_complaint_is_searchable_as_it_arrives(records):
    assert _numbers(auditor(), q="优亲厚友", kind="complaint") == {
        records["complaint"].number
    }
    assert _numbers(auditor(), q="中午无人值守", kind="complaint") == {
        records["anonymous"].number
    }


def test_referral_and_complaint_filters_use_their_own_status_and_channel(records):
    assert _numbers(auditor(), kind="referral", status="sent") == {
        records["referral"].number
    }
    assert _numbers(auditor(), kind="complaint", channel="hotline_12349") == {
        records["complaint"].number
    }


def test_clerk_finds_own_township_complaints_only(records):
    mine = _numbers(records["clerk"], kind="complaint")
    assert records["complaint"].number in mine
    assert records["anonymous"].number not in mine  # not yet assigned to a township
    assert _numbers(clerk(records["south"]), q="优亲厚友") == set()


def test_village_coordinator_never_finds_complaints(records):
    coordinator = village_coordinator(records["village"])
    assert records["referral"].number in _numbers(coordinator, q="学费减免")
    _query, results = archive_search(by=coordinator, params={"q": "优亲厚友"})
    assert results.total == 0
    _query, everything = archive_search(by=coordinator, params={})
    assert "complaint" not in everything.facets["kind"]
    assert all(h.record != "投诉举报" for h in everything.hits)


def test_referral_and_complaint_parity_across_backends(backend, records):
    load(backend)
    for params in ({"q": "学费减免"}, {"kind": "complaint"}, {"q": "无人值守"}):
        results = backend.search(parse_query(params))
        assert results.total >= 1
