"""parse_query checks codes without translating labels or asking the database
for what it does not need (the archive search's own time, issue 23)."""

import pytest

from search import vocabulary
from search.query import parse_query
from tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["", "case", "history", "referral", "complaint"])
def test_the_codes_checked_are_those_the_labels_name(kind):
    assert vocabulary.status_codes() == set(vocabulary.statuses(kind))
    assert vocabulary.channel_codes() == set(vocabulary.channels(kind))
    assert vocabulary.kind_codes() == set(vocabulary.kinds())


def test_every_labelled_code_is_accepted():
    for status in vocabulary.statuses():
        assert parse_query({"status": status}).status == status
    for channel in vocabulary.channels():
        assert parse_query({"channel": channel}).channel == channel


def test_the_directory_is_read_only_for_a_directory_filter(django_assert_num_queries):
    east = TownshipFactory(name="东岭镇")
    params = {"q": "低保", "status": "archived", "kind": "case", "from": "2026-01-01"}
    with django_assert_num_queries(0):
        parse_query(params)
    with django_assert_num_queries(1):
        assert parse_query({**params, "township": east.code}).township == east.code
