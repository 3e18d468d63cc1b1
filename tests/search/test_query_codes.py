"""parse_query checks codes without translating labels or asking the database
for what it does not need (the archive search's own time, issue 23)."""

import time

import pytest
from django.db.models.signals import post_delete
from factory.django import mute_signals

from portal.models import Township
from search import vocabulary
from search.errors import QueryError
from search.query import parse_query
from tests.factories import TownshipFactory
from tests.factories.staff import clerk

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


def test_a_search_reads_the_directory_once_a_minute(django_assert_num_queries):
    east = TownshipFactory(name="东岭镇")
    params = {"q": "低保", "township": east.code}
    with django_assert_num_queries(1):
        parse_query(params)
    with django_assert_num_queries(0):
        parse_query(params)


def test_a_township_added_or_deleted_here_is_known_at_once():
    east = TownshipFactory(name="东岭镇")
    parse_query({"township": east.code})
    south = TownshipFactory(name="南溪乡")
    assert parse_query({"township": south.code}).township == south.code
    code = south.code
    south.delete()
    with pytest.raises(QueryError):
        parse_query({"township": code})


def test_a_code_gone_elsewhere_is_taken_for_a_minute_at_most(monkeypatch):
    east = TownshipFactory(name="东岭镇")
    parse_query({"township": east.code})
    code = east.code
    with mute_signals(post_delete):  # another process's delete: no signal here
        Township.objects.filter(pk=east.pk).delete()
    assert parse_query({"township": code}).township == code
    later = time.monotonic() + vocabulary.KNOWN_FOR_SECONDS + 1
    monkeypatch.setattr(vocabulary.time, "monotonic", lambda: later)
    with pytest.raises(QueryError):
        parse_query({"township": code})


def test_an_account_is_taken_by_its_name_and_a_deactivated_one_refused():
    user = clerk(TownshipFactory(name="东岭镇"))
    assert parse_query({"user": user.username}).user == user.username
    user.is_active = False
    user.save()
    with pytest.raises(QueryError):
        parse_query({"user": user.username})
