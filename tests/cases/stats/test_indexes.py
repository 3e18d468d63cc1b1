"""The statistics' indexes are the ones their queries can use (PostgreSQL).

Migration 0021 writes the late-stage index's predicate by hand, and the
covering indexes hold the columns the figures count by; if a query's SQL
drifted from them, the figures would stay right but slow again at 1 M cases
(bench/stats_dashboard.py). Sequential scans are turned off so that a usable
index shows in the plan even on a test database's few rows. Which of two usable
indexes the planner takes depends on the table statistics the tests before
leave (a full run took the older (completed_at, due_on) index), so a covering
index is checked alone: the others on its table are dropped inside the test's
transaction, which is rolled back.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from cases.models import Case
from cases.stats import figures, timeliness
from cases.stats.periods import Period
from cases.stats.scope import county_scope

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's indexes and planner"
    ),
]
MONTH = Period("month", 2026, 10)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _only(index: str) -> None:
    """Drop every other plain index of ``index``'s table until the rollback."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT other.indexname FROM pg_indexes own JOIN pg_indexes other "
            "ON other.tablename = own.tablename AND other.indexname <> own.indexname "
            "JOIN pg_index i ON i.indexrelid = other.indexname::regclass "
            "WHERE own.indexname = %s AND NOT i.indisunique AND NOT i.indisprimary",
            [index],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')


def test_cases_with_a_stage_finished_late_use_the_partial_index():
    finished_late, _open_late = timeliness.late_stages(date(2026, 12, 1))
    assert "deadline_finished_late" in _plan(Case.objects.filter(finished_late))


def test_open_stages_past_due_use_the_partial_index():
    _only("deadline_open_due")
    stages = timeliness._open_late_stages(county_scope())
    plan = _plan(stages.order_by().values("stage").annotate(n=Count("pk")))
    assert "using deadline_open_due" in plan, plan


def test_a_periods_applications_are_counted_from_the_covering_index():
    counted = (
        figures.received(county_scope(), MONTH)
        .order_by()
        .values_list("assistance_type", "channel", "township")
    )
    _only("case_received_at")
    plan = _plan(counted)
    assert "Index Only Scan using case_received_at" in plan, plan


def test_completed_stages_are_read_from_the_covering_index():
    completed = (
        timeliness._completed_deadlines(county_scope(), MONTH)
        .values("stage", "starts_on", "done_on")
        .annotate(n=Count("completed_at"))
        .order_by()
    )
    _only("deadline_completed")
    plan = _plan(completed)
    assert "Index Only Scan using deadline_completed" in plan, plan
