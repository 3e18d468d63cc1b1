"""The backup and restore drill (scripts/backup_drill.sh), run for real on PostgreSQL:
dump, restore into a scratch database, verify the history, rebuild the index and
compare it with the original."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases.models import Case
from cases.services import case_transition
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import accepted_case, received_case
from tests.factories.staff import clerk

from .conftest import database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the drill uses pg_dump, createdb and pg_restore: PostgreSQL only",
    ),
    # Committed data, which pg_dump (another connection) can see; serialized
    # rollback keeps the content types Wagtail needs after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def county_cases():
    town = TownshipFactory(name="东岭镇")
    relief = AssistanceTypeFactory(name="临时救助")
    user = clerk(town)
    received_case(user, town, assistance_type=relief, description="突发脑梗住院。")
    accepted_case(user, town, assistance_type=relief, description="房屋倒塌。")
    case = accepted_case(user, town, assistance_type=relief)
    case_transition(by=user, case=case, action="start_investigation")
    return Case.objects.count()


def drill() -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # With Elasticsearch, this test's own index (tests/conftest.py).
        "ELASTICSEARCH_INDEX_PREFIX": settings.ARCHIVE_SEARCH.get(
            "INDEX_PREFIX", "portal"
        ),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts" / "backup_drill.sh"), database_url()],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [f"%{connection.settings_dict['NAME'][:30]}_drill_%"],
        )
        return [name for (name,) in cursor.fetchall()]


def test_backup_restores_with_intact_history_and_the_same_index(county_cases):
    result = drill()
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert result.stdout.strip().splitlines()[-1].startswith("BACKUP DRILL PASS"), out
    assert "哈希链完整" in out
    assert "match the source" in out
    assert scratch_databases() == [], "the scratch database is dropped"


def test_drill_fails_naming_the_table_of_a_tampered_history_row(county_cases):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_historicalcase SET description = %s WHERE history_id = "
            "(SELECT min(history_id) FROM cases_historicalcase)",
            ["改动过的申请事由"],
        )
    result = drill()
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("BACKUP DRILL FAIL"), out
    assert "verify_history" in last, out
    assert last.endswith("(table cases_historicalcase)"), out
    assert scratch_databases() == [], "the scratch database is dropped"
