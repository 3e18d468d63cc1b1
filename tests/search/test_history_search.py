"""History versions are searchable: who changed what, when and why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services import case_transition
from search.query import QueryError, parse_query
from tests.factories import TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_cases():
    town = TownshipFactory(name="东岭镇")
    first_clerk, second_clerk = clerk(town), clerk(town)
    noted = received_case(first_clerk, town)
    case_transition(
        by=first_clerk, case=noted, action="accept", note="邻居反映其子女长期在外务工"
    )
    other = received_case(second_clerk, town)
    case_transition(by=second_clerk, case=other, action="accept", note="材料齐全")
    return {
        "noted": noted,
        "other": other,
        "first": first_clerk,
        "second": second_clerk,
    }


def test_history_search_finds_the_case_whose_note_said_it(backend, worked_cases):
    load(backend)
    hits = backend.search(parse_query({"q": "子女长期在外", "kind": "history"})).hits
    assert {h.case_number for h in hits} == {worked_cases["noted"].number}
    assert all(h.kind == "history" for h in hits)
    assert "<mark>子女长期在外</mark>" in hits[0].snippet


def test_history_search_lists_every_change_by_one_user_in_a_period(
    backend, worked_cases
):
    load(backend)
    today = timezone.localdate()
    params = {"kind": "history", "user": worked_cases["second"].username}
    mine = backend.search(
        parse_query({**params, "from": today.isoformat(), "to": today.isoformat()})
    )
    assert mine.total > 0
    assert {h.user for h in mine.hits} == {worked_cases["second"].username}
    assert {h.case_number for h in mine.hits} == {worked_cases["other"].number}
    earlier = (today - timedelta(days=30)).isoformat()
    before = (today - timedelta(days=1)).isoformat()
    assert (
        backend.search(parse_query({**params, "from": earlier, "to": before})).total
        == 0
    )


def test_history_version_records_the_changed_field_with_old_and_new_value(
    backend, worked_cases
):
    load(backend)
    hits = backend.search(parse_query({"q": "已接收 → 已受理", "kind": "history"})).hits
    assert {h.case_number for h in hits} == {
        worked_cases["noted"].number,
        worked_cases["other"].number,
    }


@pytest.mark.parametrize(
    "odd",
    [
        '"临时救助',
        "临时 AND 救助 OR NOT",
        "*:*",
        "title:(救助) OR body:[* TO *]",
        "\\\\ // ~ ^ ! {} []",
        "救助\u202e\u200b[31m",
        "<script>alert(1)</script>",
        "😀 ",
        "   ",
        "' OR 1=1 --",
        'MATCH "a" NEAR(b c)',
    ],
)
def test_odd_queries_are_plain_text_not_syntax(backend, worked_cases, odd):
    load(backend)
    results = backend.search(parse_query({"q": odd}))
    assert results.total >= 0
    for hit in results.hits:
        assert "<script>" not in hit.snippet


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x85"])
def test_a_query_with_a_control_character_is_refused_with_a_message(control):
    with pytest.raises(QueryError) as refused:
        parse_query({"q": f"救助{control}[31m"})
    assert refused.value.field == "q"
    assert "检索词含有不可见的控制字符（U+" in refused.value.message


def test_invisible_characters_in_a_query_do_not_split_the_word(backend, worked_cases):
    """子女\u200b长期 is 子女长期: the zero-width space is removed, as in
    stored text, not made a space that splits the word."""
    load(backend)
    plain = backend.search(parse_query({"q": "子女长期", "kind": "history"})).total
    assert plain > 0
    hidden = parse_query({"q": "子女\u200b长期\u2069", "kind": "history"})
    assert backend.search(hidden).total == plain


def test_a_3000_character_query_is_refused_with_a_message():
    with pytest.raises(QueryError) as refused:
        parse_query({"q": "救" * 3000})
    assert "过长" in refused.value.message


@pytest.mark.parametrize(
    "params,field",
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2026-10-02", "to": "2026-10-01"}, "to"),
        ({"township": "no-such-town"}, "township"),
        ({"status": "lost"}, "status"),
        ({"assistance_type": "x" * 500}, "assistance_type"),
        ({"channel": "pigeon"}, "channel"),
        ({"kind": "everything"}, "kind"),
        ({"handler": "nobody-here"}, "handler"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"size": "99999999"}, "size"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_filter_values_are_refused_with_the_field_named(params, field):
    with pytest.raises(QueryError) as refused:
        parse_query(params)
    assert refused.value.field == field
    assert refused.value.message


def test_a_page_past_the_end_is_an_empty_page(backend, worked_cases):
    load(backend)
    results = backend.search(parse_query({"page": "500"}))
    assert results.hits == []
    assert results.total > 0
