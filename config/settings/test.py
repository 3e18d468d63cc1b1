import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import tasks_setting

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
BASE_URL = ""
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Tests read what they have just indexed: refresh Elasticsearch on every write.
ARCHIVE_SEARCH = {**ARCHIVE_SEARCH, "REFRESH": True}  # noqa: F405
# Page search in tests stays on the database: Wagtail's Elasticsearch index is not
# rolled back with each test. tests/portal/test_search_elasticsearch.py switches it
# to Elasticsearch, on an index of its own, when ELASTICSEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "portal.search_backends.DatabaseSearchBackend"}
}
# The page cache in memory: each test process its own (tests/conftest.py empties it).
# The shared cache stays the database one: its rows are rolled back with each test.
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# A fixed history key where none is given; production refuses to start without one.
HISTORY_KEYS = HISTORY_KEYS or {"test": "test-only-history-key"}  # noqa: F405
# Jobs run in the saving process after commit, so a test reads what it saved;
# the worker's own tests queue them in the database (TASKS_BACKEND=database).
TASKS = tasks_setting(os.environ.get("TASKS_BACKEND", "immediate"))
# Attachments written by tests stay out of the project's var/ (tests that look
# at the files give each test its own folder: tests/cases/conftest.py).
PRIVATE_FILES_ROOT = Path(
    os.environ.get("TEST_PRIVATE_FILES_ROOT", "/tmp/portal-test-private")  # noqa: S108
)
CLAMD_SOCKET = ""
