"""The outbox under concurrency: several appliers at once never fail, never duplicate
and never leave a document older than its record.

Real threads on PostgreSQL, each with its own connection (SQLite serialises
writers, so the races cannot happen there); the worker test runs two
``manage.py db_worker`` processes (as on two machines) against the test database.
"""

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from cases.models import Case
from cases.services import case_transition
from search import sources
from search.backends import get_search_backend
from search.indexing import apply_outbox, backlog, drain
from search.models import OutboxEntry
from search.query import SearchQuery
from search.sources import history
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import database_url

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8
TIMEOUT = 120
ROUNDS = 3  # intakes and acceptances per writer
OUTBOX_JOB = "search.tasks.apply_index_outbox"
# Jobs that nobody runs: the outbox entries wait for the test's own appliers.
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; the races need PostgreSQL",
    ),
    # serialized_rollback: a flush empties content types, which Wagtail's index needs.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_threads(target, count=THREADS) -> list[BaseException]:
    """Run ``target(n)`` in ``count`` threads started together; their errors."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(n):
        try:
            barrier.wait()
            target(n)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return errors


def _fields(doc) -> tuple:
    return (
        doc.kind, doc.title, doc.body, doc.township, doc.status, doc.handler,
        doc.user, doc.at,
    )  # fmt: skip


def _indexed() -> dict[str, tuple]:
    """Every document the configured backend holds, by key, through its search."""
    backend, found, page = get_search_backend(), {}, 1
    while True:
        query = SearchQuery(sort="oldest", page=page, page_size=500)
        hits = backend.search(query).hits
        found.update((hit.key, _fields(hit)) for hit in hits)
        if len(hits) < query.page_size:
            return found
        page += 1


def assert_index_matches_database() -> None:
    """One document per record and per history row, each as the record is now."""
    expected = {doc.key: _fields(doc) for batch in sources.all_docs() for doc in batch}
    backend = get_search_backend()
    assert backend.count() == len(expected) == sources.count(), "no key twice"
    indexed = _indexed()
    assert set(indexed) == set(expected)
    history_rows = sum(
        model.history.model.objects.count() for model in history.tracked_models()
    )
    assert sum(key.startswith("history:") for key in indexed) == history_rows
    stale = [key for key, fields in expected.items() if indexed[key] != fields]
    assert stale == [], "every document shows its record as it is now"


def test_concurrent_appliers_never_fail_and_never_duplicate(settings):
    """Eight appliers drain overlapping batches: every key waits several times."""
    settings.TASKS = QUEUE_ONLY
    town = TownshipFactory(name="东岭镇")
    user = clerk(town)
    for _ in range(4):  # one applicant, refiled: their cases share documents
        case_transition(by=user, case=received_case(user, town), action="accept")
    keys = list(OutboxEntry.objects.values_list("key", flat=True))
    keys += [f"cascade:{pk}" for pk in Case.objects.values_list("pk", flat=True)]
    repeated = keys * THREADS
    random.Random(17).shuffle(repeated)
    OutboxEntry.objects.all().delete()
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key) for key in repeated])

    def apply(n):
        while apply_outbox(limit=3 + n).entries:
            pass

    errors = _run_threads(apply)
    assert [getattr(e, "errors", e) for e in errors] == []
    assert backlog() == 0
    assert_index_matches_database()


def test_an_entry_taken_by_one_applier_is_skipped_by_the_others(settings):
    """SELECT … FOR UPDATE SKIP LOCKED: while one applier holds its batch open,
    another takes only the rest, and each entry is applied once."""
    settings.TASKS = QUEUE_ONLY
    town = TownshipFactory(name="东岭镇")
    received_case(clerk(town), town)
    waiting = list(OutboxEntry.objects.order_by("pk").values_list("pk", "key"))
    taken: dict[str, list[str]] = {}
    holding, release = threading.Event(), threading.Event()
    build = sources.build

    def recording_build(keys):
        name = threading.current_thread().name
        taken.setdefault(name, []).extend(keys)
        if name == "first":
            holding.set()
            release.wait(timeout=TIMEOUT)
        return build(keys)

    def first():
        try:
            apply_outbox(limit=2)
        finally:
            connection.close()

    with mock.patch("search.indexing.sources.build", recording_build):
        thread = threading.Thread(target=first, name="first")
        thread.start()
        assert holding.wait(timeout=TIMEOUT)
        second = apply_outbox()
        release.set()
        thread.join(timeout=TIMEOUT)
    first_keys = {key for _pk, key in waiting[:2]}
    assert set(taken["first"]) == first_keys
    assert second.entries == len(waiting) - 2
    assert backlog() == 0


# What each of several processes does, as gunicorn workers would: intakes and
# transitions through the services, the outbox applied after each commit (inline).
INTAKES = """
import os, time
from django.contrib.auth import get_user_model
from cases.services import case_transition
from portal.models import AssistanceType, Township
from tests.factories.cases import received_case
user = get_user_model().objects.get(pk=int(os.environ["PORTAL_USER"]))
town = Township.objects.get(pk=int(os.environ["PORTAL_TOWN"]))
kind = AssistanceType.objects.get(pk=int(os.environ["PORTAL_KIND"]))
time.sleep(max(0.0, float(os.environ["PORTAL_START"]) - time.time()))
for _ in range(int(os.environ["PORTAL_ROUNDS"])):
    case = received_case(user, town, assistance_type=kind)
    case_transition(by=user, case=case, action="accept")
"""


def _django_process(code_or_args, **env):
    args = (
        ["shell", "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    )
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            # With Elasticsearch, this test's own index (tests/conftest.py).
            "ELASTICSEARCH_INDEX_PREFIX": settings.ARCHIVE_SEARCH.get(
                "INDEX_PREFIX", "portal"
            ),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_intakes_in_parallel_processes_apply_inline_without_failing():
    """Eight processes (as gunicorn workers) file and accept cases at once for one
    applicant, so their appliers rebuild the same documents at the same time."""
    town = TownshipFactory(name="东岭镇")
    kind = AssistanceTypeFactory()
    users = [clerk(town) for _ in range(THREADS)]
    received_case(users[0], town, assistance_type=kind)
    start = str(time.time() + 8)
    workers = [
        _django_process(
            INTAKES,
            TASKS_BACKEND="immediate",
            PORTAL_USER=str(user.pk),
            PORTAL_TOWN=str(town.pk),
            PORTAL_KIND=str(kind.pk),
            PORTAL_START=start,
            PORTAL_ROUNDS=str(ROUNDS),
        )  # fmt: skip
        for user in users
    ]
    outputs = [worker.communicate(timeout=TIMEOUT * 2) for worker in workers]
    for (_out, err), worker in zip(outputs, workers, strict=True):
        assert worker.returncode == 0, err
        assert "Traceback" not in err, err
    drain()
    assert_index_matches_database()


def _started_jobs(log: str) -> list[str]:
    """The ids of the outbox jobs a worker started, from its log: the console
    says it in Chinese (core/console.py), a plain log handler in English."""
    job = re.escape(OUTBOX_JOB)
    found = re.findall(
        rf"Task id=([0-9a-f-]+) path={job} state=RUNNING"
        rf"|任务 ([0-9a-f-]+)（`{job}`）：运行中",
        log,
    )
    return [english or chinese for english, chinese in found]


def test_two_workers_run_every_job_exactly_once():
    """Two `db_worker` processes (two machines) take the jobs of eight intake
    processes from one database: each job runs once, on one of them, and together
    they leave the index as the records are."""
    town = TownshipFactory(name="东岭镇")
    kind = AssistanceTypeFactory()
    users = [clerk(town) for _ in range(THREADS)]
    received_case(users[0], town, assistance_type=kind)
    worker = [
        "db_worker", "--interval", "0.05", "--no-reload", "--no-startup-delay",
    ]  # fmt: skip
    workers = [
        _django_process([*worker, "--worker-id", name], TASKS_BACKEND="database")
        for name in ("machine-a", "machine-b")
    ]
    start = str(time.time() + 8)
    try:
        writers = [
            _django_process(
                INTAKES,
                TASKS_BACKEND="database",
                PORTAL_USER=str(user.pk),
                PORTAL_TOWN=str(town.pk),
                PORTAL_KIND=str(kind.pk),
                PORTAL_START=start,
                PORTAL_ROUNDS=str(ROUNDS),
            )  # fmt: skip
            for user in users
        ]
        written = [writer.communicate(timeout=TIMEOUT * 2) for writer in writers]
        jobs = DBTaskResult.objects.filter(task_path=OUTBOX_JOB)
        deadline = time.monotonic() + 60
        while (
            jobs.exclude(status="SUCCESSFUL").exclude(status="FAILED").exists()
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        logs = [process.communicate(timeout=30) for process in workers]
    for (_out, err), writer in zip(written, writers, strict=True):
        assert writer.returncode == 0, err
    for (out, err), process in zip(logs, workers, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in out + err, out + err
    # Each intake and each acceptance is one transaction, with one job.
    assert jobs.count() >= THREADS * ROUNDS * 2
    assert set(jobs.values_list("status", flat=True)) == {"SUCCESSFUL"}
    started = [_started_jobs(out + err) for out, err in logs]
    assert all(started), "both workers took jobs"
    ran = sorted(started[0] + started[1])
    assert ran == sorted(str(pk) for pk in jobs.values_list("pk", flat=True)), (
        "every job ran, and none twice"
    )
    claims = {tuple(ids) for ids in jobs.values_list("worker_ids", flat=True)}
    assert claims == {("machine-a",), ("machine-b",)}
    assert backlog() == 0
    assert_index_matches_database()
