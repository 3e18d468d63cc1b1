"""scripts/junit_times.py: the slowest test modules at the end of CI's summary."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "junit_times.py"
sys.path.insert(0, str(SCRIPT.parent))

import junit_times  # noqa: E402 - scripts/ is not a package

SQLITE = """<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">
<testsuite name="pytest" errors="0" failures="0" skipped="0" tests="5" time="9.9">
<testcase classname="tests.cases.test_api_fuzz" name="test_a" time="4.000" />
<testcase classname="tests.cases.test_api_fuzz.TestApi" name="test_b" time="2.500" />
<testcase classname="tests.e2e.test_visitor" name="test_c[zh]" time="3.250" />
<testcase classname="tests.test_layering" name="test_d" time="0.100" />
<testcase classname="tests.test_layering" name="test_e" time="0.050">
<skipped message="no" /></testcase>
</testsuite></testsuites>"""

POSTGRES = """<testsuites><testsuite name="pytest">
<testcase classname="tests.cases.test_api_fuzz" name="test_a" time="8" />
<testcase classname="tests.search.test_outbox" name="test_f" time="1" />
</testsuite></testsuites>"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_module_is_the_dotted_path_up_to_the_test_file():
    assert junit_times.module_of("tests.cases.test_api") == "tests/cases/test_api.py"
    assert junit_times.module_of("tests.cases.test_api.TestX") == (
        "tests/cases/test_api.py"
    )
    assert junit_times.module_of("tests.test_layering.TestA.TestB") == (
        "tests/test_layering.py"
    )


def test_each_module_sums_its_tests_classes_included(tmp_path):
    suite = junit_times.read("sqlite", write(tmp_path, "junit-sqlite.xml", SQLITE))

    assert suite.problem == ""
    assert suite.tests == 5
    assert suite.modules == {
        "tests/cases/test_api_fuzz.py": 6.5,
        "tests/e2e/test_visitor.py": 3.25,
        "tests/test_layering.py": 0.15000000000000002,
    }
    assert round(suite.total, 2) == 9.9


def test_table_lists_the_slowest_of_each_run_with_both_runs_times(tmp_path):
    suites = [
        junit_times.read("sqlite", write(tmp_path, "junit-sqlite.xml", SQLITE)),
        junit_times.read("postgres", write(tmp_path, "junit-pg.xml", POSTGRES)),
    ]

    lines = junit_times.table(suites, top=2)

    assert "sqlite" in lines[0] and "postgres" in lines[0]
    rows = [line.split() for line in lines[1:-1]]
    # The top two of each run, slowest (both runs added) first; a module a run
    # did not have shows "-"; the third of the SQLite run is left out.
    assert rows == [
        ["tests/cases/test_api_fuzz.py", "6.5s", "8.0s"],
        ["tests/e2e/test_visitor.py", "3.2s", "-"],
        ["tests/search/test_outbox.py", "-", "1.0s"],
    ]
    assert lines[-1].startswith("summed test time (tests: sqlite 5, postgres 2)")
    assert lines[-1].split()[-2:] == ["9.9s", "9.0s"]


def test_missing_or_broken_files_are_a_line_each_and_the_rest_is_shown(tmp_path):
    suites = [
        junit_times.read("sqlite", write(tmp_path, "junit-sqlite.xml", "<testsu")),
        junit_times.read("postgres", tmp_path / "junit-postgres.xml"),
        junit_times.read("other", write(tmp_path, "other.xml", POSTGRES)),
    ]

    lines = junit_times.table(suites)

    assert lines[0].startswith("sqlite: junit-sqlite.xml unreadable (ParseError")
    assert lines[1] == "postgres: junit-postgres.xml missing"
    assert "other" in lines[2]
    assert lines[3].split() == ["tests/cases/test_api_fuzz.py", "8.0s"]


def test_the_script_never_fails(tmp_path):
    broken = write(tmp_path, "junit-sqlite.xml", "not xml")
    empty = write(tmp_path, "junit-postgres.xml", "<testsuites/>")
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(SCRIPT), f"sqlite={broken}", f"postgres={empty}"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "sqlite: junit-sqlite.xml unreadable (ParseError: syntax error: "
        "line 1, column 0)",
        "postgres: junit-postgres.xml holds no test case",
    ]
