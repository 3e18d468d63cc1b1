"""The shared cache (config/cache.py): counters that hold across processes.

Rate limits and the progress lock are only as good as the counter under them:
an increment must never be lost to a parallel one, must not stretch its
window, and must not be culled while it is live.
"""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from config.cache import SharedDatabaseCache
from portal.page_cache import GENERATION_KEY, generation
from tests.conftest import reset_rate_limits
from tests.factories.pages import build_site

pytestmark = pytest.mark.django_db
TABLE = "portal_shared_cache"


def expiry_of(key: str):
    cache = caches["shared"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {TABLE} WHERE cache_key = %s",  # noqa: S608
            [cache.make_key(key)],
        )
        return cursor.fetchone()[0]


def test_shared_state_is_in_the_database_cache(settings):
    shared = settings.CACHES["shared"]
    assert shared["BACKEND"] == "config.cache.SharedDatabaseCache"
    assert isinstance(caches["shared"], SharedDatabaseCache)


def test_increment_keeps_the_window_it_was_made_with():
    """Django's own incr is a set, which restarts the timeout: a window that
    never closes while someone keeps trying."""
    cache = caches["shared"]
    cache.add("window", 0, timeout=60)
    made = expiry_of("window")
    assert [cache.incr("window") for _ in range(3)] == [1, 2, 3]
    assert cache.decr("window") == 2
    assert expiry_of("window") == made


def test_increment_of_a_missing_or_expired_key_is_refused():
    cache = caches["shared"]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-made")
    cache.set("gone", 5, timeout=-1)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("gone")


def test_culling_drops_expired_entries_and_never_a_live_one():
    """A flood of new entries (one per address) must not wipe a lock."""
    small = SharedDatabaseCache(TABLE, {"OPTIONS": {"MAX_ENTRIES": 3}})
    small.set("progress-lock:x", 1, timeout=3600)
    for n in range(6):
        small.set(f"flood-{n}", n, timeout=3600)
    small.set("old", 1, timeout=-1)
    small.set("one-more", 1, timeout=3600)
    assert small.get("progress-lock:x") == 1
    assert all(small.get(f"flood-{n}") == n for n in range(6))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE expires < %s", [now()])  # noqa: S608
        assert cursor.fetchone()[0] == 0


def now():
    return connection.ops.adapt_datetimefield_value(
        timezone.now().replace(microsecond=0)
    )


def test_a_publish_changes_the_generation_in_the_shared_cache():
    tree = build_site()
    before = generation()
    assert caches["shared"].get(GENERATION_KEY) == before
    tree.home.save_revision().publish()
    assert generation() != before


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; lost increments need PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_increments_are_all_counted():
    """Eight workers, each its own connection, 40 increments each: 320 (past 255,
    where a count leaves the one-statement path for the general one)."""
    workers, each = 8, 40
    cache = caches["shared"]
    cache.set("parallel", 0, timeout=600)
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                caches["shared"].incr("parallel")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert errors == []
        assert cache.get("parallel") == workers * each
    finally:
        reset_rate_limits()


def test_a_count_inside_a_transaction_keeps_its_commit_durable():
    """Inside a transaction (a request's atomic block, or a test) a count takes
    the general path and changes nothing about the transaction's commit."""
    cache = caches["shared"]
    cache.add("durable-count", 0, timeout=60)
    assert cache.incr("durable-count") == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement count is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_count_outside_a_transaction_is_one_statement():
    """Outside a transaction a live count below 256 moves in one UPDATE, its own
    transaction with synchronous_commit off; past 255, below 0, expired or
    missing it goes the general way, with the same answers."""
    from django.test.utils import CaptureQueriesContext

    cache = caches["shared"]
    try:
        cache.add("one-statement", 0, timeout=60)
        with CaptureQueriesContext(connection) as queries:
            assert cache.incr("one-statement") == 1
        [update] = [q["sql"] for q in queries.captured_queries]
        assert update.startswith("UPDATE") and "synchronous_commit" in update
        for expected in range(2, 260):
            assert cache.incr("one-statement") == expected
        assert cache.get("one-statement") == 259
        cache.set("one-statement", 1, timeout=60)
        assert [cache.decr("one-statement") for _ in range(3)] == [0, -1, -2]
        assert cache.get("one-statement") == -2
        cache.set("short-lived", 3, timeout=60)
        caches["shared"]._base_set(  # already expired, still in the table
            "set", cache.make_key("short-lived"), 3, timeout=-1
        )
        with pytest.raises(ValueError):
            cache.incr("short-lived")
        with pytest.raises(ValueError):
            cache.incr("never-made")
    finally:
        reset_rate_limits()
        cache.delete("one-statement")
        cache.delete("short-lived")
