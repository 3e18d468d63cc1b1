import contextlib
import fcntl
import os
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.factories import build_site


def _elasticsearch_lock_files() -> tuple[Path, Path] | None:
    """The lock files of the shared Elasticsearch node, when a test may stop it.

    One test (marker ``stops_elasticsearch``) stops and restarts the node through
    ARCHIVE_ES_CONTROL, which CI sets. Under pytest-xdist the other workers'
    tests would meet a node that is down, so each test holds the node: shared
    while it runs, exclusive for a test that stops it. The files are named after
    the node, so every process that uses it takes part (one run's workers, or
    two runs side by side).
    """
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if not url or not os.environ.get("ARCHIVE_ES_CONTROL"):
        return None
    node = "".join(c if c.isalnum() else "_" for c in url)
    folder = Path(tempfile.gettempdir())
    return folder / f"portal-tests-{node}.gate", folder / f"portal-tests-{node}.lock"


_held_files: dict[Path, int] = {}


def _lock_fd(path: Path) -> int:
    if path not in _held_files:
        _held_files[path] = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    return _held_files[path]


@contextlib.contextmanager
def _elasticsearch_turn(*, exclusive: bool):
    """Hold the node for one test: many tests at once, or one that stops it.

    A writer-preferring lock on two files: a test takes the gate briefly on its
    way in, the stopping test keeps it, so once that one waits no new test
    starts; it then waits for the tests already running to end.
    """
    files = _elasticsearch_lock_files()
    if files is None:
        yield
        return
    gate, lock = (_lock_fd(path) for path in files)
    fcntl.flock(gate, fcntl.LOCK_EX)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    except BaseException:
        fcntl.flock(gate, fcntl.LOCK_UN)
        raise
    if not exclusive:
        fcntl.flock(gate, fcntl.LOCK_UN)
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        if exclusive:
            fcntl.flock(gate, fcntl.LOCK_UN)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Setup, call and teardown (module and session fixtures included) of each
    test happen while it holds its turn on the shared Elasticsearch node."""
    stops = item.get_closest_marker("stops_elasticsearch") is not None
    with _elasticsearch_turn(exclusive=stops):
        return (yield)


@pytest.fixture
def site_tree(db):
    return build_site()


def reset_rate_limits() -> None:
    """The rate limits and the progress check's number locks (cases/ratelimit.py)
    start afresh: they count in the shared database cache. A test's rows are
    rolled back with it, except in transactional tests (flush keeps the table)."""
    from django.core.cache import caches

    caches["shared"].clear()


@pytest.fixture(autouse=True)
def _rate_windows_start_with_the_test(monkeypatch):
    """Each test's requests start at the beginning of every fixed window.

    The windows are aligned to the clock (a minute, an hour, a day), so a test
    that counts 21 requests against a 20-a-minute limit would start afresh
    half-way when a minute ended during it. The clock runs on from a midnight,
    at the real pace, and follows a test that moves ``time.time`` on.
    """
    import time

    from config import ratelimit

    started = time.time()
    midnight = started // 86400 * 86400
    monkeypatch.setattr(
        ratelimit, "clock", lambda: midnight + 1 + (time.time() - started)
    )


@pytest.fixture
def fresh_rate_limit(db):
    """Start and end with no request counted."""
    reset_rate_limits()
    yield
    reset_rate_limits()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts without pages kept by an earlier one (portal/page_cache.py)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _archive_filters_read_afresh():
    """Each test's archive-search filters are checked against its own database,
    not against the codes and accounts an earlier test's database held (kept in
    the process for a minute, search/vocabulary.py; a rollback sends no signal)."""
    from search import vocabulary

    for known in (
        vocabulary.township_codes,
        vocabulary.assistance_type_codes,
        vocabulary.active_usernames,
    ):
        known.forget()


def _tokens_of_the_restored_documents(request) -> None:
    """PostgreSQL, a transactional test: the document rows that the migrations
    wrote are put back by Django's serialized rollback after every flush, but
    not their tokens (not a model: the flush's TRUNCATE empties them too, search
    migration 0004). They are written again from the rows, as a rebuild would."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return
    from search.backends.database import retokenise
    from search.models import SearchDocument

    if SearchDocument.objects.exists():
        with transaction.atomic():
            retokenise(SearchDocument.objects.all())


@pytest.fixture(autouse=True)
def _own_archive_index(request, settings):
    """With Elasticsearch as the archive backend, each test writes to its own index.

    The database is rolled back after every test but Elasticsearch is not; a
    fresh alias per test keeps one test's documents out of the next one's results.
    """
    if settings.ARCHIVE_SEARCH["BACKEND"] != "search.backends.elasticsearch":
        _tokens_of_the_restored_documents(request)
        yield
        return
    from search.backends import base

    prefix = f"test_{uuid.uuid4().hex[:12]}"
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "INDEX_PREFIX": prefix}
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        # What the migrations wrote (the 档案类别 and their history) is in the
        # database a transactional test starts from, and so in what a rebuild
        # reads: the fresh index starts with it too, as a deployed one would.
        request.getfixturevalue("_django_db_helper")
        from tests.factories.archive_index import index_what_the_database_holds

        index_what_the_database_holds(base.get_search_backend())
    yield
    backend = base.get_search_backend()
    # Elasticsearch may have been stopped by the test itself.
    with contextlib.suppress(Exception):
        backend.drop()
    backend.client.close()
    base._backend.cache_clear()


@pytest.fixture(autouse=True)
def _force_login_includes_second_factor(monkeypatch):
    """``client.force_login(user)`` skips authentication, so it skips 2FA too.

    Staff who see personal data must give a one-time code after their password
    (portal.accounts); a forced login stands for a finished login, so it also
    marks the session as verified with a confirmed TOTP device (created when the
    user has none). Tests of the real login path use ``client.login`` or POST
    to the login and 2FA pages instead, and see every step.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(scope="session")
def migration_states(django_db_setup, django_db_blocker):
    """tests/factories/migration_states.py, whose copies of the test database
    are dropped at the end of the session (before the test database is)."""
    from tests.factories import migration_states

    yield migration_states
    with django_db_blocker.unblock():
        migration_states.forget_copies()
