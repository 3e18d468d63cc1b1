import contextlib
import uuid

import pytest

from tests.factories import build_site


@pytest.fixture
def site_tree(db):
    return build_site()


def reset_rate_limits() -> None:
    """The rate limits and the progress check's number locks (cases/ratelimit.py)
    start afresh: they count in the shared database cache. A test's rows are
    rolled back with it, except in transactional tests (flush keeps the table)."""
    from django.core.cache import caches

    caches["shared"].clear()


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
