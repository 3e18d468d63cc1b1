"""Production settings for the app servers of tests/security/test_two_app_servers.py.

One change: static files from the source folders, as in dev, so the servers
need no `collectstatic` run (the production storage wants its manifest).
"""

from config.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
