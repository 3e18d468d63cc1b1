"""The complaint allowance is one per address for the whole deployment, not one
per gunicorn worker: the counters live in the shared database cache, which every
worker process (and every app server, tests/security/test_two_app_servers.py)
sees. Here two processes with production settings on one SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from config.ratelimit import hit
call_command("createcachetable")  # what migrate does (portal 0005), alone
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
print(sum(hit("complaints", request, "5/h").allowed for _ in range(4)))
"""


def test_complaint_allowance_is_shared_by_every_worker_process(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 64,
        "HISTORY_HMAC_KEYS": "t1:" + "h" * 40,
        "ALLOWED_HOSTS": "testserver",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)  # the embedded SQLite file under VAR_DIR
    granted = []
    for _worker in range(2):  # two processes, as two gunicorn workers
        result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", WORKER],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        granted.append(int(result.stdout.split()[-1]))
    assert granted == [4, 1], "5 an hour for the address, whichever worker answers"
    assert (tmp_path / "db.sqlite3").exists()
