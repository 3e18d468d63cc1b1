"""Chinese on the command line: every project command's --help, argparse's errors,
and what `make run` prints (runserver and the background worker).

The scan is text_strays() of tests/test_chinese_everywhere.py. What the operator
types is not scanned: the command's name, its option strings and its choices
(``--month``, ``rebuild``), the value a wrong command line gave, and what the
text quotes in backticks (a setting's name, a command).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import find_commands, load_command_class

from tests.test_chinese_everywhere import TERMS, text_strays

PROJECT_APPS = ("cases", "portal", "search")
PROG = "manage.py"


def project_commands() -> list[tuple[str, str]]:
    """(app, command) for each command in the project apps' management/commands."""
    found = []
    for config in apps.get_app_configs():
        if config.name in PROJECT_APPS:
            folder = Path(config.path) / "management"
            found.extend((config.name, name) for name in find_commands(str(folder)))
    return sorted(found)


def _typed(app: str, name: str, *given: str) -> list[str]:
    """What an operator types for this command: its name, options and choices."""
    parser = load_command_class(app, name).create_parser(PROG, name)
    words = {PROG, name, *given}
    for action in parser._actions:
        words.update(action.option_strings)
        words.update(str(choice) for choice in action.choices or ())
    return sorted(words, key=len, reverse=True)


def _without(text: str, typed: list[str]) -> str:
    pattern = "|".join(re.escape(word) for word in typed)
    return re.sub(rf"(?<![\w-])(?:{pattern})(?![\w-])", " ", text)


def _run(app: str, name: str, *argv: str, capsys) -> tuple[int, str]:
    command = load_command_class(app, name)
    code = 0
    try:
        command.run_from_argv([PROG, name, *argv])
    except SystemExit as exit_:
        code = exit_.code or 0
    out = capsys.readouterr()
    return code, out.out + "\n" + out.err


def test_the_project_commands_are_found():
    names = {name for _app, name in project_commands()}
    assert {"seed_demo", "archive_index", "payment_roster", "runserver"} <= names


@pytest.mark.parametrize(("app", "name"), project_commands())
def test_command_help_is_in_chinese(app, name, capsys):
    code, text = _run(app, name, "--help", capsys=capsys)
    assert code == 0, text
    assert "用法：" in text and "选项" in text, text
    found = text_strays(_without(text, _typed(app, name)), TERMS)
    assert not found, (name, found, text)


def test_a_missing_argument_is_told_in_chinese(capsys):
    code, text = _run("cases", "payment_roster", "--output", "x.xlsx", capsys=capsys)
    assert code == 2
    assert "缺少必需的参数：--month" in text, text
    found = text_strays(_without(text, _typed("cases", "payment_roster")), TERMS)
    assert not found, (found, text)


def test_a_wrong_choice_and_a_wrong_number_are_told_in_chinese(capsys):
    code, text = _run("search", "archive_index", "bogus", capsys=capsys)
    assert code == 2
    assert "无效的选项" in text, text
    typed = _typed("search", "archive_index", "bogus", "many")
    assert not text_strays(_without(text, typed), TERMS), text
    code, text = _run(
        "search", "archive_index", "status", "--batch", "many", capsys=capsys
    )
    assert code == 2
    assert "不是有效的整数" in text, text
    assert not text_strays(_without(text, typed), TERMS), text


@pytest.mark.django_db
def test_a_command_error_is_prefixed_in_chinese(capsys, tmp_path):
    code, text = _run(
        "cases",
        "payment_roster",
        "--month",
        "x",
        "--output",
        str(tmp_path / "roster.xlsx"),
        "--skip-checks",
        capsys=capsys,
    )
    assert code == 1
    assert text.strip().startswith("错误"), text
    assert "CommandError" not in text
    assert not text_strays(_without(text, _typed("cases", "payment_roster")), TERMS)


def test_the_project_runserver_is_the_one_manage_py_runs():
    from django.core.management import get_commands

    assert get_commands()["runserver"] == "portal"


def test_unapplied_migrations_are_told_in_chinese(db, monkeypatch, capsys):
    from django.db.migrations.executor import MigrationExecutor

    command = load_command_class("portal", "runserver")
    fake = [(type("Migration", (), {"app_label": "cases"})(), False)]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda *a: fake)
    command.check_migrations()
    text = capsys.readouterr().out
    assert "1 个迁移没有执行" in text, text
    assert not text_strays(text, TERMS), text


def test_console_log_lines_are_in_chinese():
    """The formatter make run's console uses, on the records the libraries write."""
    import logging

    from core.console import ChineseConsoleFormatter

    formatter = ChineseConsoleFormatter()
    records = [
        ("django.utils.autoreload", "Watching for file changes with %s", ("X",)),
        ("django.utils.autoreload", "%s changed, reloading.", ("/srv/a.py",)),
        (
            "django_tasks_db",
            "Starting worker worker_id=%s queues=%s",
            ("w1", "default"),
        ),
        (
            "django_tasks_db",
            "Received %s - shutting down gracefully... (press Ctrl+C again to force)",
            ("Interrupt",),
        ),
        (
            "django_tasks",
            "Task id=%s path=%s state=%s",
            ("0f1e", "search.tasks.apply_index_outbox", "SUCCESSFUL"),
        ),
        ("django.request", "%s: %s", ("Not Found", "/no-such-page/")),
    ]
    for name, msg, args in records:
        record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
        line = formatter.format(record)
        assert not text_strays(line, TERMS), line
        # The record itself is unchanged for any other handler.
        assert record.msg == msg


# --- make run: the real runserver and db_worker --------------------------------

DEV_LIKE = """\
from config.settings.dev import *  # noqa: F403

DATABASES = {{
    "default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {db!r}}}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _worker_table(path: Path) -> None:
    """The background jobs' table in the fresh database, so the worker can poll."""
    from django.db.utils import ConnectionHandler
    from django_tasks_db.models import DBTaskResult

    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    connection = handler["default"]
    try:
        with connection.schema_editor() as editor:
            editor.create_model(DBTaskResult)
    finally:
        connection.close()


def _start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this project's manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> str:
    """Ctrl+C to the process group, as the terminal sends it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    try:
        out, _err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _err = process.communicate()
    return out


# "GET /static/css/print.css HTTP/1.1" 200 1234: the access log's standard format.
ACCESS_LOG = re.compile(r'^(?:\[[^\]]*\] )?"[A-Z]+ \S+ HTTP/[\d.]+" \d{3} \S+$', re.M)


def test_make_run_console_is_in_chinese(tmp_path, django_db_blocker):
    (tmp_path / "dev_like.py").write_text(
        DEV_LIKE.format(db=str(tmp_path / "db.sqlite3")), encoding="utf-8"
    )
    with django_db_blocker.unblock():
        _worker_table(tmp_path / "db.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dev_like",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "true",
        "LOG_LEVEL": "INFO",
    }
    env.pop("DATABASE_URL", None)
    port = _free_port()
    worker = _start(["db_worker", "--interval", "0.5"], env)
    server = _start(["runserver", f"127.0.0.1:{port}"], env)
    try:
        deadline = time.monotonic() + 60  # ~5 s on an idle machine
        answered = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/css/print.css", timeout=2
                ) as response:
                    answered = response.status
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
    finally:
        time.sleep(0.3)  # the access log line and the worker's first poll
        server_out = _stop(server)
        worker_out = _stop(worker)
    assert answered == 200, server_out
    assert "开发服务器已启动" in server_out, server_out
    assert "后台任务进程已启动" in worker_out, worker_out
    assert ACCESS_LOG.search(server_out), server_out
    for name, out in (("runserver", server_out), ("db_worker", worker_out)):
        found = text_strays(ACCESS_LOG.sub("", out), TERMS)
        assert not found, (name, found, out)
