"""The targets table judges the archive's speed-up as the data grows (issue 23).

The verdict is worked out from the kept runs by scripts/figures_derived.py; these
tests feed it runs of our own, so a change to the rule shows here and not only in
a rendered table that happens to match.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import figures_derived  # scripts/ is on the path, not a package

ENGINES = {
    "postgresql": "database backend on PostgreSQL 15.18",
    "sqlite": "database backend on SQLite 3.40.1",
    "sqlite-transcribed": "SQLite 3.40.1, database backend (FTS5)",
    "elasticsearch": "Elasticsearch (portal-dev), documents from PostgreSQL 15.18",
}
LABELS = {
    "postgresql": "database backend on PostgreSQL",
    "sqlite": "database backend on SQLite",
    "sqlite-transcribed": "database backend on SQLite",
    "elasticsearch": "Elasticsearch, documents from PostgreSQL",
}


def run(engine: str, versions: int, p50: float, p95: float, *, load=0.5) -> dict:
    return {
        "date": "2026-12-07",
        "machine": {"cpus": 2, "load_at_start": [load, load, load]},
        "figures": {
            "engine": ENGINES[engine],
            "dataset": {"history_rows": versions},
            "speedup": {"p50": p50, "p95": p95},
        },
    }


def row_for(records: list[dict], engine: str) -> list:
    rows = figures_derived._ratio_by_size_rows(records)
    (row,) = [r for r in rows if r[0].endswith(f"({LABELS[engine]})")]
    return row


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_speedup_that_grows_with_the_archive_meets_the_target(engine):
    records = [
        run(engine, 103_000, 20, 30),
        run(engine, 308_000, 30, 30),
        run(engine, 1_026_000, 40, 45),
    ]
    row = row_for(records, engine)
    assert row[2] == "100 k: 20× / 30×; 300 k: 30× / 30×; 1 M: 40× / 45×"
    assert row[3] == "met"


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_speedup_that_shrinks_at_any_step_misses_the_target(engine):
    records = [
        run(engine, 103_000, 20, 30),
        run(engine, 308_000, 30, 40),
        run(engine, 1_026_000, 40, 39.9),
    ]
    assert row_for(records, engine)[3] == "**missed**"


def test_each_size_is_judged_by_its_newest_quiet_run():
    records = [
        run("postgresql", 103_000, 20, 30),
        run("postgresql", 308_000, 30, 40),
        run("postgresql", 1_026_000, 40, 30),
        run("postgresql", 1_026_000, 41, 41),
        run("postgresql", 1_026_000, 10, 10, load=3.5),  # busy: decides nothing
    ]
    row = row_for(records, "postgresql")
    assert "1 M: 41× / 41×" in row[2]
    assert row[3] == "met"


def test_a_size_without_a_quiet_run_leaves_the_verdict_open():
    records = [run("sqlite", 103_000, 20, 30), run("sqlite", 1_026_000, 40, 45)]
    row = row_for(records, "sqlite")
    assert "300 k: no quiet run" in row[2]
    assert row[3] == "—"


def test_engines_are_not_mixed_up():
    records = [
        run("sqlite", 103_000, 50, 50),
        run("postgresql", 308_000, 1, 1),
        run("elasticsearch", 1_026_000, 2, 2),
    ]
    assert row_for(records, "sqlite")[2].startswith("100 k: 50× / 50×; 300 k: no")
    assert row_for(records, "postgresql")[2] == (
        "100 k: no quiet run; 300 k: 1× / 1×; 1 M: no quiet run"
    )
