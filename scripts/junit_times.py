"""Where a CI run's test time went: the slowest test modules of each suite.

    python scripts/junit_times.py sqlite=test-artifacts/junit-sqlite.xml \
        postgres=test-artifacts/junit-postgres.xml

Reads the JUnit files pytest wrote (--junitxml) and prints one compact table: the
modules among the 12 slowest (TOP) of any suite, with each suite's time for
them, and a last line with each suite's summed test time and test count. A
test's time is pytest's (setup, call and teardown); under pytest-xdist the sum
counts every worker's time, so it is more than the run's wall time.

.ci/run prints it at the end of its summary, which is all `issues ci` shows of a
run, so it must never make CI fail: a missing or unreadable file is a line that
says so, and the script exits 0 whatever happens. Standard library only.
"""

from __future__ import annotations

import contextlib
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

TOP = 12
WIDTH = 60  # module column; longer paths are shortened from the left


@dataclass
class Suite:
    name: str
    path: Path
    modules: dict[str, float] = field(default_factory=dict)
    tests: int = 0
    problem: str = ""

    @property
    def total(self) -> float:
        return sum(self.modules.values())


def module_of(classname: str) -> str:
    """``tests.cases.test_api.TestX`` -> ``tests/cases/test_api.py``.

    pytest's classname is the dotted module, then any test classes; the module
    is the part up to the first ``test_`` component (python_files = test_*.py).
    """
    parts = classname.split(".")
    for index, part in enumerate(parts):
        if part.startswith("test_") or part.endswith("_test"):
            return "/".join(parts[: index + 1]) + ".py"
    return classname or "(no module)"


def read(name: str, path: Path) -> Suite:
    suite = Suite(name, path)
    if not path.is_file():
        suite.problem = "missing"
        return suite
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - our own CI's files
    except (ET.ParseError, OSError) as error:
        suite.problem = f"unreadable ({type(error).__name__}: {error})"
        return suite
    for case in root.iter("testcase"):
        module = module_of(case.get("classname", ""))
        try:
            seconds = float(case.get("time") or 0)
        except ValueError:
            seconds = 0.0
        suite.modules[module] = suite.modules.get(module, 0.0) + seconds
        suite.tests += 1
    if suite.tests == 0:
        suite.problem = "holds no test case"
    return suite


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def _shorten(module: str) -> str:
    return module if len(module) <= WIDTH else "…" + module[-(WIDTH - 1) :]


def table(suites: list[Suite], top: int = TOP) -> list[str]:
    """The lines to print (no more than ``top`` per suite, plus three)."""
    lines = [
        f"{suite.name}: {suite.path.name} {suite.problem}"
        for suite in suites
        if suite.problem
    ]
    read_ok = [suite for suite in suites if not suite.problem]
    if not read_ok:
        return lines
    chosen: set[str] = set()
    for suite in read_ok:
        slowest = sorted(suite.modules.items(), key=lambda item: (-item[1], item[0]))
        chosen.update(module for module, _seconds in slowest[:top])
    order = sorted(
        chosen,
        key=lambda module: (-sum(s.modules.get(module, 0.0) for s in read_ok), module),
    )
    names = "".join(f"{suite.name:>10}" for suite in read_ok)
    lines.append(f"{f'slowest test modules (top {top} of each run)':<{WIDTH}}{names}")
    for module in order:
        times = "".join(f"{_seconds(s.modules.get(module)):>10}" for s in read_ok)
        lines.append(f"{_shorten(module):<{WIDTH}}{times}")
    sums = "".join(f"{_seconds(suite.total):>10}" for suite in read_ok)
    counts = ", ".join(f"{suite.name} {suite.tests}" for suite in read_ok)
    lines.append(f"{f'summed test time (tests: {counts})':<{WIDTH}}{sums}")
    return lines


def main(argv: list[str]) -> int:
    suites = []
    for argument in argv:
        name, sep, path = argument.partition("=")
        if not sep:
            name, path = Path(argument).stem, argument
        suites.append(read(name, Path(path)))
    if not suites:
        print("junit_times: no JUnit file named")
    for line in table(suites):
        print(line)
    return 0


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as error:  # noqa: BLE001 - must never fail CI
        with contextlib.suppress(Exception):
            print(f"junit_times: could not read the test times ({error!r})")
    sys.exit(0)
