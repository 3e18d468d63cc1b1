"""An Elasticsearch host that takes connections and never answers (a dropped
route, a hung node) costs a page search or an index update one short timeout:
no retries that would hold a reader or an editor's publish for half a minute."""

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import time
import django
django.setup()
from wagtail.search.backends import get_search_backend as pages
from search.backends import get_search_backend as archive
for name, call in (
    ("pages", lambda: pages().es.search(index="portal_x", query={"match_all": {}})),
    ("archive", lambda: archive().client.search(index="x", query={"match_all": {}})),
):
    started = time.monotonic()
    try:
        call()
    except Exception as error:
        print(name, type(error).__name__, round(time.monotonic() - started, 1))
"""


def test_an_unanswering_search_host_costs_one_timeout_per_call_not_retries():
    accepted = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def hold_connections():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(conn)  # kept open, never answered

    holder = threading.Thread(target=hold_connections, daemon=True)
    holder.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{server.getsockname()[1]}",
    }
    env.pop("SEARCH_BACKEND", None)
    try:
        result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", PROBE],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        stop.set()
        holder.join()
        for conn in accepted:
            conn.close()
        server.close()
    answers = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    assert set(answers) == {"pages", "archive"}, result.stderr[-2000:]
    for name, (error, seconds) in answers.items():
        assert error == "ConnectionTimeout", name
        assert float(seconds) < 7, f"{name}: one 5-second timeout, not {seconds} s"
    assert len(accepted) == 2, "one connection per call: no retries"
