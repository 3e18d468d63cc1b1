import contextlib
import uuid

import pytest

from tests.factories import build_site


@pytest.fixture
def site_tree(db):
    return build_site()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts without pages kept by an earlier one (portal/page_cache.py)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _own_archive_index(settings):
    """With Elasticsearch as the archive backend, each test writes to its own index.

    The database is rolled back after every test but Elasticsearch is not; a
    fresh alias per test keeps one test's documents out of the next one's results.
    """
    if settings.ARCHIVE_SEARCH["BACKEND"] != "search.backends.elasticsearch":
        yield
        return
    from search.backends import base

    prefix = f"test_{uuid.uuid4().hex[:12]}"
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "INDEX_PREFIX": prefix}
    yield
    backend = base.get_search_backend()
    # Elasticsearch may have been stopped by the test itself.
    with contextlib.suppress(Exception):
        backend.drop()
    backend.client.close()
    base._backend.cache_clear()
