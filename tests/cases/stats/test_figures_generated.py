"""The fast figures against a recount, on a generated county (bench data).

``bench/stats_dashboard.py`` makes the benchmark's caseload: cases walked to
every status, stage deadlines (some late, some extended), referrals,
complaints and follow-ups, written in bulk, then copied in SQL (shifted ids,
numbers and minutes) the way the 1 M-case run is made. On a small such county
(seeded demo plus a few hundred generated cases), every table and headline
figure of the report, for the county, a township the county chooses, a
township clerk and a village coordinator, for a month, a quarter and the
current month, must equal the plain-Python recount of the same records
(``recount``), on SQLite and on PostgreSQL alike.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from cases.models import Case, StageDeadline
from tests.factories.clock import on_day
from tests.test_bench_smoke import BENCH, load

from .demo_scenarios import TODAY
from .test_figures_recomputed import SCOPES, assert_dashboard_matches_recount

PERIODS = ["2026-10", "2026-Q3", "2026-11", "2025-02"]
GENERATED, TOTAL = 150, 400


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The demo county plus the benchmark's cases, made once per module."""
    bench = load(BENCH / "stats_dashboard.py")
    with django_db_blocker.unblock(), transaction.atomic():
        with on_day(TODAY, 9):
            call_command("seed_demo", stdout=StringIO())
        bench.generate(GENERATED, seed=7)
        bench.multiply(TOTAL)
        yield bench
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def county(generated, db):
    yield
    cache.clear()


def test_the_generated_county_is_copied_with_its_deadlines(county):
    copied = Case.objects.filter(number__startswith="JB")
    assert copied.count() == TOTAL
    assert len(set(copied.values_list("number", flat=True))) == TOTAL
    # Each copy keeps its original's local dates: the same deadlines per case.
    first, copy = copied.order_by("pk")[0], copied.order_by("pk")[GENERATED]
    assert (copy.received_at - first.received_at).total_seconds() == 60
    days = [
        list(StageDeadline.objects.filter(case=c).values_list("stage", "due_on"))
        for c in (first, copy)
    ]
    assert days[0] == days[1]


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("scope", SCOPES)
def test_every_figure_on_a_generated_county_matches_a_recount(county, scope, period):
    assert_dashboard_matches_recount(scope, period)
