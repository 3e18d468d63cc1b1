"""Settings come from the environment; production passes Django's deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "HISTORY_HMAC_KEYS": "prod1:" + "h" * 40,
    "ALLOWED_HOSTS": "jiuzhu.example.gov.cn",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "SEARCH_BACKEND"}
    }
    full_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_deploy_checks(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "short", "VAR_DIR": str(tmp_path)}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_elasticsearch_without_url_is_improperly_configured(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SEARCH_BACKEND": "elasticsearch",
        "VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ELASTICSEARCH_URL" in result.stderr


def test_database_url_selects_the_database(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
    }
    result = run_manage("diffsettings", "--all", env=env)
    assert result.returncode == 0, result.stderr
    assert "other.sqlite3" in result.stdout


def test_media_root_is_overridable(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "MEDIA_ROOT": str(tmp_path / "uploads"),
        "VAR_DIR": str(tmp_path),
    }
    result = run_manage("diffsettings", "--all", env=env)
    assert str(tmp_path / "uploads") in result.stdout


def test_chinese_language_and_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_interface_is_translated_to_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("ACCESS_LOG_RETENTION_DAYS", "90", "at least 183"),
        ("ACCESS_LOG_RETENTION_DAYS", "half-a-year", "at least 183"),
        ("PASSWORD_MAX_AGE_DAYS", "-1", "0 (never) or more"),
    ],
)
def test_access_log_retention_under_six_months_or_a_bad_password_age_stops_start_up(
    tmp_path, name, value, rule
):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "VAR_DIR": str(tmp_path),
        name: value,
    }
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{name} must be a whole number of days, {rule}" in result.stderr
    assert repr(value) in result.stderr


def test_retention_and_password_age_are_read_from_the_environment(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "VAR_DIR": str(tmp_path),
        "ACCESS_LOG_RETENTION_DAYS": "400",
        "PASSWORD_MAX_AGE_DAYS": "0",
    }
    result = run_manage("diffsettings", "--all", env=env)
    assert result.returncode == 0, result.stderr
    assert "'ACCESS_LOG_RETENTION_DAYS': 400" in result.stdout
    assert "'PASSWORD_MAX_AGE_DAYS': 0" in result.stdout


# Two requests of `make run` at once, as runserver's threads: each reads inside
# its transaction, waits up to a second for the other to have read too, then
# writes. With SQLite's default deferred transactions the second writer cannot
# upgrade its read lock and fails at once ("database is locked"), whatever the
# timeout; with the settings' IMMEDIATE transactions it waits its turn.
OVERLAPPING_WRITES = """
import json, threading
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE saves (n integer)")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connection.close()
has_read = [threading.Event(), threading.Event()]
errors = []

def save(me):
    other = 1 - me
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM saves")
            has_read[me].set()
            has_read[other].wait(timeout=1)
            cursor.execute("INSERT INTO saves VALUES (%s)", [me])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save, args=(n,)) for n in (0, 1)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM saves")
    saved = cursor.fetchone()[0]
print(json.dumps({"journal": journal, "errors": errors, "saved": saved}))
"""


def test_overlapping_writes_on_the_development_sqlite_file_both_succeed(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(tmp_path)}
    result = run_manage("shell", "-c", OVERLAPPING_WRITES, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"journal": "wal", "errors": [], "saved": 2}
    assert (tmp_path / "db.sqlite3").exists()


def test_sqlite_options_leave_postgresql_alone(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": "postgres://portal:secret@127.0.0.1:5432/portal",
        "VAR_DIR": str(tmp_path),
    }
    script = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


PRAGMAS = """
import json
from django.db import connection

with connection.cursor() as cursor:
    values = {}
    for name in ("mmap_size", "cache_size"):
        cursor.execute(f"PRAGMA {name}")
        values[name] = cursor.fetchone()[0]
print(json.dumps(values))
"""


def test_sqlite_connections_map_the_file_and_keep_a_larger_page_cache(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(tmp_path)}
    result = run_manage("shell", "-c", PRAGMAS, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"mmap_size": 2047 << 20, "cache_size": -(64 << 10)}
    env |= {"SQLITE_MMAP_MB": "0", "SQLITE_CACHE_MB": "8"}
    result = run_manage("shell", "-c", PRAGMAS, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"mmap_size": 0, "cache_size": -(8 << 10)}
