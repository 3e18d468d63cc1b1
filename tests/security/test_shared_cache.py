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
    """Eight workers, each its own connection, 25 increments each: 200."""
    workers, each = 8, 25
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


def test_a_count_does_not_wait_for_the_disk_on_postgresql():
    """A count's commit does not wait for the WAL flush: synchronous_commit is
    off for that transaction alone (set_config's is_local; the test runs in
    one transaction, so it is seen here after the count)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no synchronous_commit")
    cache = caches["shared"]
    cache.add("relaxed-count", 0, timeout=60)

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    assert setting() == "on"
    assert cache.incr("relaxed-count") == 1
    assert setting() == "off"
    assert cache.incr("relaxed-count") == 2
    assert cache.get("relaxed-count") == 2
