"""Two app servers and the index worker on one PostgreSQL database: one state.

A deployment may run gunicorn on two machines behind one proxy. Here two
gunicorn servers (two workers each, production settings, each its own VAR_DIR,
so its own page-cache folder, as on two machines) and a background-job worker
(`db_worker`) run against this test's database; the test stands in for the TLS
proxy (TRUSTED_PROXIES=127.0.0.1, X-Forwarded-For and X-Forwarded-Proto on
every request) and talks only to 127.0.0.1. What one server learns, the other knows:
a publish, the progress check's counts and lock, the login lockout.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from portal.permissions import setup_groups
from search.indexing import backlog
from tests.conftest import reset_rate_limits
from tests.factories import build_site, make_policy
from tests.factories.api import county
from tests.factories.cases import received_case
from tests.factories.staff import clerk, staff

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="app servers share state through PostgreSQL; the SQLite test "
        "database is in memory, out of reach of other processes",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
START_SECONDS = 90
# The account lockout and the progress allowance per address, lower than in
# production (5, and 20 a minute) so that the test is short; an hour's window, so
# that a count does not straddle two.
LOCKOUT_PER_ACCOUNT = 3
PROGRESS_PER_ADDRESS = 10


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """One reader's browser behind the proxy: the proxy says who and that it is
    HTTPS; cookies kept by hand (they are Secure, and this is plain HTTP)."""

    port: int
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Accept-Language": "zh-hans",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        http = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            http.request(method, path, body=body, headers=headers)
            response = http.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, dict(response.headers.items()), text)
        finally:
            http.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, form: dict) -> Answer:
        """GET the page for its CSRF token, then POST the form as a browser."""
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, (path, page.status, page.text[:500])
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": match[1]})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@dataclass
class Deployment:
    a: int
    b: int
    processes: list[subprocess.Popen]
    logs: list[Path]

    def tails(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in self.logs
        )


def environment(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"ELASTICSEARCH_URL", "SEARCH_BACKEND", "PAGE_CACHE_DIR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.security.app_server_settings",
        DATABASE_URL=database_url(),
        SECRET_KEY="two-servers-" + "s" * 60,
        HISTORY_HMAC_KEYS="two:" + "h" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",
        SEARCH_BACKEND="database",
        TASKS_BACKEND="database",
        LOCKOUT_PER_ACCOUNT=str(LOCKOUT_PER_ACCOUNT),
        API_PROGRESS_RATE=f"{PROGRESS_PER_ADDRESS}/h",
        VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def gunicorn(port: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--preload",
        "--timeout", "60", "--graceful-timeout", "5",
    ]  # fmt: skip


def wait_until_up(deployment: Deployment) -> None:
    deadline = time.monotonic() + START_SECONDS
    for port in (deployment.a, deployment.b):
        while True:
            for process in deployment.processes:
                assert process.poll() is None, deployment.tails()
            try:
                if Browser(port, "192.0.2.1").get("/progress/").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, deployment.tails()
            time.sleep(0.5)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@pytest.fixture
def deployment(tmp_path):
    reset_rate_limits()
    a, b = free_port(), free_port()
    processes, logs = [], []
    try:
        for name, command in (
            ("server-a", gunicorn(a)),
            ("server-b", gunicorn(b)),
            ("worker", [sys.executable, "manage.py", "db_worker", "--no-reload"]),
        ):
            var_dir = tmp_path / name
            var_dir.mkdir()
            logs.append(tmp_path / f"{name}.log")
            processes.append(start(command, environment(var_dir), logs[-1]))
        running = Deployment(a, b, processes, logs)
        wait_until_up(running)
        yield running
    finally:
        stop(processes)
        # The flush after a transactional test leaves the cache table alone.
        reset_rate_limits()


def quick_password(user) -> None:
    """A password the servers' PBKDF2 hasher checks (the test settings hash with
    MD5, which production does not accept), with few rounds: a fast test."""

    class Quick(PBKDF2PasswordHasher):
        iterations = 1000

    user.password = Quick().encode(PASSWORD, Quick().salt())
    user.save(update_fields=["password"])


def test_two_app_servers_share_publishing_limits_and_lockout(deployment):
    a, b = deployment.a, deployment.b
    tree = build_site()
    setup_groups()
    policy = make_policy(tree, title="临时救助实施办法", body_text="原有条文")
    draft = type(policy).objects.get(pk=policy.pk)
    draft.body = [("paragraph", "<p>修订后的条文</p>")]
    draft.save_revision()
    moderator = staff("content_moderator", username="moderator")
    quick_password(moderator)
    world = county()
    case = received_case(clerk(world.east), world.east)

    # 1. A page published through server A is fresh on server B at once.
    reader_b = Browser(b, "198.51.100.20")
    assert "原有条文" in reader_b.get(policy.url).text
    kept = reader_b.get(policy.url)
    assert kept.headers.get("X-Page-Cache") == "hit", "B keeps the page"
    assert "原有条文" in kept.text
    editor_a = Browser(a, "198.51.100.21")
    signed_in = editor_a.post_form(
        "/admin/login/", {"username": "moderator", "password": PASSWORD}
    )
    assert signed_in.status == 302, deployment.tails()
    published = editor_a.post_form(
        f"/admin/bulk/wagtailcore/page/publish/?id={policy.pk}", {}
    )
    assert published.status == 302, published.text[:1000]
    fresh = reader_b.get(policy.url)
    assert "修订后的条文" in fresh.text, deployment.tails()
    assert "原有条文" not in fresh.text
    assert fresh.headers.get("X-Page-Cache") == "miss"

    # 2. The job worker applies the index updates the servers queue.
    filed = post_json(a, "198.51.100.22", "/api/v1/complaints", COMPLAINT)
    assert filed.status == 201, filed.text
    deadline = time.monotonic() + 30
    while backlog() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert backlog() == 0, deployment.tails()

    # 3. One address's progress allowance counts on both servers.
    wait_for_a_whole_window(3600, needed=60)
    same_client = [
        progress(port, "198.51.100.30", case.number, "5678")
        for port in [a, b] * (PROGRESS_PER_ADDRESS // 2)
    ]
    assert [answer.status for answer in same_client] == [200] * PROGRESS_PER_ADDRESS
    over = progress(b, "198.51.100.30", case.number, "5678")
    assert over.status == 429
    assert 1 <= int(over.headers["Retry-After"]) <= 3600
    assert progress(a, "198.51.100.31", case.number, "5678").status == 200

    # 4. Ten wrong guesses at one number, from ten addresses on both servers and
    #    through the page and the API, lock the number on both.
    for n in range(5):
        assert progress(a, f"203.0.113.{n}", case.number, f"{n:04d}").status == 404
        page = Browser(b, f"203.0.114.{n}").post_form(
            "/progress/", {"number": case.number, "phone_last4": f"{n + 10:04d}"}
        )
        assert page.status == 404, page.text[:500]
    for port in (a, b):
        locked = progress(port, "192.0.2.200", case.number, "5678")
        assert locked.status == 429
        assert "暂停查询" in locked.text
        assert 3500 <= int(locked.headers["Retry-After"]) <= 3600
    page = Browser(a, "192.0.2.201").post_form(
        "/progress/", {"number": case.number, "phone_last4": "5678"}
    )
    assert page.status == 429
    assert "该案件编号查询错误已达10次" in page.text

    # 5. Failed logins on both servers lock the account on both.
    lockout = staff("editor", username="editor-locked")
    quick_password(lockout)
    for n, port in enumerate([a, b, a]):
        Browser(port, f"198.51.100.{40 + n}").post_form(
            "/admin/login/", {"username": "editor-locked", "password": "wrong-1"}
        )
    for port in (a, b):
        right = Browser(port, "198.51.100.50").post_form(
            "/admin/login/", {"username": "editor-locked", "password": PASSWORD}
        )
        assert right.status == 429, (port, right.status)


COMPLAINT = {"channel": "website", "content": "窗口工作人员态度不好。"}


def post_json(port: int, address: str, path: str, body: dict) -> Answer:
    http = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        http.request(
            "POST",
            path,
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers={
                "Host": f"127.0.0.1:{port}",
                "X-Forwarded-For": address,
                "X-Forwarded-Proto": "https",
                "Content-Type": "application/json",
            },
        )
        response = http.getresponse()
        return Answer(
            response.status,
            dict(response.headers.items()),
            response.read().decode("utf-8", "replace"),
        )
    finally:
        http.close()


def progress(port: int, address: str, number: str, last4: str) -> Answer:
    query = urlencode({"number": number, "phone_last4": last4})
    return Browser(port, address).get(f"/api/v1/progress?{query}")


def wait_for_a_whole_window(window: int, *, needed: int) -> None:
    """The per-address windows are fixed (12:00:00–12:00:59 …): start a count
    that must land in one window with at least ``needed`` seconds left in it."""
    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.1)
