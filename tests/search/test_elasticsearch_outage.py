"""Elasticsearch stopped mid-run: saves succeed, the backlog waits, sync restores it.

Runs for real in CI, where .ci/run starts Elasticsearch and sets
ARCHIVE_ES_CONTROL to scripts/elasticsearch.sh so this test can stop and start it.
"""

import os
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from search import sources
from search.backends import get_search_backend
from search.indexing import backlog
from tests.factories import TownshipFactory
from tests.factories.archive_index import index_what_the_database_holds
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import ES_URL, es_backend

pytestmark = [
    # serialized_rollback: a flush empties content types, which Wagtail's index needs.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Under pytest-xdist the other workers' tests wait while the node is down.
    pytest.mark.stops_elasticsearch,
]


def _control(action: str) -> None:
    script = os.environ["ARCHIVE_ES_CONTROL"]
    bash = shutil.which("bash") or "/bin/bash"
    subprocess.run([bash, script, action], check=True, capture_output=True, timeout=300)  # noqa: S603


@pytest.fixture
def elastic_archive(settings):
    if not os.environ.get("ARCHIVE_ES_CONTROL"):
        if os.environ.get("CI"):
            pytest.fail("CI must set ARCHIVE_ES_CONTROL (scripts/elasticsearch.sh)")
        pytest.skip(
            "ARCHIVE_ES_CONTROL not set: cannot stop and start Elasticsearch here"
        )
    probe = es_backend()
    settings.ARCHIVE_SEARCH = {
        "BACKEND": "search.backends.elasticsearch",
        "URL": ES_URL,
        "INDEX_PREFIX": probe.alias.removesuffix("_archive"),
        "REFRESH": True,
    }
    backend = get_search_backend()
    index_what_the_database_holds(backend)
    yield backend
    probe.drop()


def test_elasticsearch_stopped_mid_run_saves_succeed_and_sync_catches_up(
    elastic_archive,
):
    town = TownshipFactory()
    user = clerk(town)
    received_case(user, town)
    assert backlog() == 0
    assert elastic_archive.count() == sources.count()

    _control("stop")
    try:
        saved = [received_case(user, town) for _ in range(3)]
        assert all(case.pk for case in saved)
        waiting = backlog()
        assert waiting > 0
        with pytest.raises(SystemExit):
            call_command("archive_index", "status", stdout=StringIO())
    finally:
        _control("start")

    call_command("archive_index", "sync", stdout=StringIO(), stderr=StringIO())
    assert backlog() == 0
    assert elastic_archive.count() == sources.count()
    database_keys = {doc.key for batch in sources.all_docs() for doc in batch}
    assert elastic_archive.keys() == database_keys
