"""The outbox: index updates are written with the save and applied after commit."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from cases.services import case_transition
from search import sources
from search.backends import BackendUnavailable, get_search_backend
from search.indexing import apply_outbox, backlog, drain
from search.models import OutboxEntry, SearchDocument
from search.query import SearchQuery, parse_query
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

# serialized_rollback: a flush empties content types, which Wagtail's index needs.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# Jobs as rows in this database, for db_worker; and jobs that nobody runs.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
OUTBOX_JOB = "search.tasks.apply_index_outbox"


def _run_worker() -> None:
    """db_worker in this process until no job is ready (retries due at once too)."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload",
        verbosity=0, stdout=StringIO(),
    )  # fmt: skip


@pytest.fixture
def town():
    return TownshipFactory(name="东岭镇")


def _search(**params):
    return get_search_backend().search(parse_query(params))


def test_saved_case_is_searchable_after_commit(town):
    case = received_case(
        clerk(town), town, description="老人独居，腿脚不便，申请特困供养。"
    )
    assert backlog() == 0
    hits = _search(q="腿脚不便", kind="case").hits
    assert [h.case_number for h in hits] == [case.number]


def test_index_update_is_written_in_the_saving_transaction(town):
    user = clerk(town)
    # The 档案类别 seeded by migration may already be indexed; nothing of the
    # rolled-back save may join them.
    indexed = SearchDocument.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        received_case(user, town)
        assert OutboxEntry.objects.exists()
        raise RuntimeError("roll back")
    assert not OutboxEntry.objects.exists()
    assert SearchDocument.objects.count() == indexed


def test_saves_succeed_while_the_index_is_down_and_sync_catches_up(town):
    user = clerk(town)
    backend = get_search_backend()
    down = mock.patch.object(
        type(backend), "index", side_effect=BackendUnavailable("down")
    )
    with down, mock.patch("search.indexing.RETRY_PAUSE_SECONDS", 0):
        cases = [received_case(user, town) for _ in range(3)]
        waiting = backlog()
        assert waiting > 0
        assert OutboxEntry.objects.filter(attempts__gte=1).exists()
        assert "down" in OutboxEntry.objects.first().last_error
    assert all(c.pk for c in cases)
    out = StringIO()
    call_command("archive_index", "sync", stdout=out, stderr=StringIO())
    assert backlog() == 0
    assert backend.count() == sources.count()


def _snapshot(backend):
    hits = backend.search(SearchQuery(page_size=100, sort="oldest")).hits
    return [
        (h.key, h.kind, h.title, h.body, h.township, h.status, h.user, h.at)
        for h in hits
    ]


def test_rebuild_reproduces_the_incrementally_built_index_exactly(town):
    user = clerk(town)
    case = received_case(user, town, assistance_type=AssistanceTypeFactory())
    case_transition(by=user, case=case, action="accept")
    backend = get_search_backend()
    incremental = _snapshot(backend)
    call_command("archive_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    rebuilt = _snapshot(backend)
    assert incremental == rebuilt
    assert len(rebuilt) == sources.count() == backend.count()


def test_status_reports_backlog_and_counts(town):
    received_case(clerk(town), town)
    out = StringIO()
    call_command("archive_index", "status", stdout=out)
    assert "待更新（积压）：0" in out.getvalue()
    OutboxEntry.objects.create(key="case:999999")
    with pytest.raises(SystemExit) as exit_info:
        call_command("archive_index", "status", stdout=StringIO())
    assert exit_info.value.code == 1
    drain()
    assert backlog() == 0


def test_with_the_database_queue_a_save_leaves_its_updates_to_the_worker(
    town, settings
):
    settings.TASKS = DATABASE_QUEUE
    case = received_case(clerk(town), town, description="独居老人申请临时救助。")
    assert backlog() > 0, "the saving request does not apply them"
    assert _search(q="独居老人", kind="case").hits == []
    jobs = DBTaskResult.objects.filter(task_path=OUTBOX_JOB)
    assert jobs.count() == 1, "one job for the intake's transaction"
    _run_worker()
    assert backlog() == 0
    assert [h.case_number for h in _search(q="独居老人", kind="case").hits] == [
        case.number
    ]
    job = jobs.get()
    assert job.status == "SUCCESSFUL"
    assert job.return_value["entries"] > 0


def test_a_rolled_back_save_leaves_no_job(town, settings):
    settings.TASKS = DATABASE_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        received_case(clerk(town), town)
        assert DBTaskResult.objects.filter(task_path=OUTBOX_JOB).exists()
        raise RuntimeError("roll back")
    assert not DBTaskResult.objects.exists()
    assert backlog() == 0


def test_a_failing_job_is_retried_and_shows_failed_after_the_last_try(town, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_RETRIES = {
        "ATTEMPTS": 3,
        "BACKOFF_SECONDS": 0,
        "MAX_BACKOFF_SECONDS": 0,
    }
    received_case(clerk(town), town)
    waiting = backlog()
    backend = get_search_backend()
    down = mock.patch.object(
        type(backend), "index", side_effect=BackendUnavailable("down")
    )
    with down, mock.patch("search.indexing.RETRY_PAUSE_SECONDS", 0):
        _run_worker()
    tries = list(
        DBTaskResult.objects.filter(task_path=OUTBOX_JOB).order_by("enqueued_at")
    )
    assert [(t.args_kwargs["kwargs"].get("attempt", 1), t.status) for t in tries] == [
        (1, "FAILED"),
        (2, "FAILED"),
        (3, "FAILED"),
    ]
    assert tries[-1].exception_class_path == "search.errors.BackendUnavailable"
    assert "down" in tries[-1].traceback
    assert backlog() == waiting, "the entries wait for the index to come back"
    call_command("archive_index", "sync", stdout=StringIO(), stderr=StringIO())
    assert backlog() == 0


def test_a_retry_applies_the_updates_once_the_index_is_back(town, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_RETRIES = {
        "ATTEMPTS": 3,
        "BACKOFF_SECONDS": 0,
        "MAX_BACKOFF_SECONDS": 0,
    }
    case = received_case(clerk(town), town, description="独居老人申请临时救助。")
    backend = get_search_backend()
    index = type(backend).index
    calls = []

    def down_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise BackendUnavailable("down")
        return index(self, *args, **kwargs)

    with (
        mock.patch.object(type(backend), "index", down_once),
        mock.patch("search.indexing.RETRY_PAUSE_SECONDS", 0),
    ):
        _run_worker()
    statuses = DBTaskResult.objects.filter(task_path=OUTBOX_JOB).order_by("enqueued_at")
    assert list(statuses.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    assert backlog() == 0
    assert [h.case_number for h in _search(q="独居老人", kind="case").hits] == [
        case.number
    ]


def test_tasks_backend_setting_is_checked(monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("TASKS_BACKEND", "later")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate" in result.stderr


def test_applying_the_same_entry_twice_upserts(town, settings):
    settings.TASKS = QUEUE_ONLY
    case = received_case(clerk(town), town, description="独居老人申请临时救助。")
    drain()
    key = f"case:{case.pk}"
    backend = get_search_backend()
    documents = backend.count()
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key), OutboxEntry(key=key)])
    assert apply_outbox().entries == 2
    OutboxEntry.objects.create(key=key)
    assert apply_outbox().entries == 1
    assert backlog() == 0
    assert backend.count() == documents == sources.count()
    assert [h.key for h in _search(q="独居老人", kind="case").hits] == [key]


def test_snapshot_gives_the_facts_a_restored_copy_must_share(town):
    import json

    case = received_case(clerk(town), town, description="突发脑梗住院。")
    out, err = StringIO(), StringIO()
    call_command(
        "archive_index", "snapshot", "--query", "脑梗", "--query", "", "--top", "5",
        stdout=out, stderr=err,
    )  # fmt: skip
    facts = json.loads(out.getvalue())
    assert facts["records"]["cases_case"] == 1
    assert facts["records"]["cases_historicalcase"] >= 1
    assert facts["documents"] == facts["expected"] == sources.count()
    assert f"case:{case.pk}" in facts["answers"]["脑梗"]["newest"]
    everything = facts["answers"][""]
    assert everything["total"] == facts["documents"]
    assert everything["facets"]["kind"]["case"] == 1
    assert "待更新（积压）：0" in err.getvalue()
