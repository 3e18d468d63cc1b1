"""Every benchmark can run in smoke mode, and make bench-smoke runs them all.

The real smoke run (tiny sizes, every benchmark, a database and Elasticsearch) is
CI's ``make bench-smoke`` (bench/smoke.py); these tests only make sure that a
benchmark script cannot be added, or lose its --smoke option, without it: each
script under bench/ is imported, its ``parse_args(["--smoke"])`` must give
``smoke=True``, and bench/smoke.py must run it.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def scripts() -> list[Path]:
    """Every benchmark script: a file under bench/ that runs as ``__main__``."""
    found = []
    for path in sorted(BENCH.rglob("*.py")):
        if path.name == "smoke.py" or "results" in path.parts:
            continue
        if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8"):
            found.append(path)
    return found


def load(path: Path):
    """Import a bench script as its own module, bench/ on the path as it expects."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    name = "bench_" + "_".join(path.relative_to(BENCH).with_suffix("").parts)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_scripts_are_found():
    names = {p.relative_to(BENCH).as_posix() for p in scripts()}
    assert {"archive_search.py", "load/run.py", "faults/pg_restart.py"} <= names


@pytest.mark.parametrize(
    "path", scripts(), ids=lambda p: p.relative_to(BENCH).as_posix()
)
def test_bench_script_has_smoke_mode(path, monkeypatch):
    monkeypatch.delenv("BENCH_TEMPLATE", raising=False)
    module = load(path)
    assert hasattr(module, "parse_args"), f"{path.name}: no parse_args(argv)"
    args = module.parse_args(["--smoke"])
    assert args.smoke is True
    assert module.common.SMOKE is True


def test_make_bench_smoke_runs_every_script():
    smoke = load(BENCH / "smoke.py")
    db = smoke.databases("")
    planned = {(BENCH / run.script).resolve() for run in smoke.runs(db, "")}
    missing = {p.resolve() for p in scripts()} - planned
    assert not missing, f"bench/smoke.py does not run {sorted(map(str, missing))}"


def test_smoke_refuses_to_keep_figures():
    """A smoke run's figures never go to bench/results/ (the docs' figures)."""
    with pytest.raises(SystemExit):
        load(BENCH / "intake_api.py").parse_args(["--smoke", "--save", "x"])


def test_smoke_database_is_not_a_real_runs():
    args = load(BENCH / "stats_dashboard.py").parse_args(["--smoke"])
    assert "/var/bench/smoke/" in args.database_url


def test_archive_report_without_index_build(capsys):
    """--skip-index on Elasticsearch printed the rebuild verdict from figures that
    a skipped build has not got (KeyError 'docs_per_second')."""
    archive = load(BENCH / "archive_search.py")
    args = archive.parse_args(["--backend", "elasticsearch", "--skip-index"])
    timing = {"runs": 1, "p50_ms": 1.0, "p95_ms": 1.0, "max_ms": 1.0}
    figures = {
        "engine": "Elasticsearch",
        "dataset": {
            "cases": 1,
            "history_rows": 1,
            "documents": 1,
            "database_bytes": 1,
        },
        "index": {"skipped": True},
        "queries": {**timing, "per_query": []},
        "load": "0/0/0",
    }
    archive.report(args, figures)
    assert "rebuild:" not in capsys.readouterr().out


def test_benchmark_output_shows_no_database_password():
    common = load(BENCH / "smoke.py").common
    line = "--database-url postgres://portal_ci:s3cret@127.0.0.1:5432/bench_ci_x"
    assert common.redact(line) == line.replace("s3cret", "***")
