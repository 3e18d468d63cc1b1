"""The production settings for a smoke run's servers (bench/load/run.py and
bench/faults/*.py with --smoke): static files are served from the source folders,
as in the tests, instead of from a collectstatic whose compression of every file
costs about as much CPU as migrating. Everything else is production's."""

from config.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected: WhiteNoise looks for no folder
