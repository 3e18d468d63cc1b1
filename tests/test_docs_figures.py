"""Figures in the docs come from scripts/figures.py, never from a keyboard.

A measured figure typed into a page goes stale the day the code changes (the
README once promised a 2½-minute test run that took twelve, and gave three
different SQL statement counts for one request). So every measured figure sits in
a `<!-- figures:NAME -->` block that scripts/figures.py renders from the kept
benchmark results (bench/results/) or the demo data, and these tests fail when a
block differs from what the script renders now, or when a figure is typed outside
a block.
"""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import figures  # noqa: E402 - scripts/ is not a package

README = ROOT / "README.md"

# What a measurement looks like in prose: a duration, a rate, a ratio, a
# percentile, a statement or test count. Limits and targets (≤ 50 ms, ≥ 5,000
# docs/s) are settings, not measurements, and are allowed in docs/.
NOT_A_TARGET = r"(?<![≤≥<>~] )(?<![≤≥<>~])"
MEASURED_IN_DOCS = [
    NOT_A_TARGET + r"(?<![\w,.])\d[\d,.]*\s?(?:ms|docs/s|cases/s|req/s|requests/s)\b",
    NOT_A_TARGET + r"(?<![\w,.])\d[\d,.]*×",
    r"\b\d[\d,]* (?:SQL )?statements\b",
    r"\bp(?:50|95|99)\b:? (?:of )?\d",
    r"\b(?:takes|took|lasts) (?:about )?[\d½]+",
]
# The README is for a newcomer: no measured figure at all, targets included.
MEASURED_IN_README = [
    *MEASURED_IN_DOCS,
    r"\d[\d,.½]*\s?(?:ms|s|sec|seconds|min|minutes|hours|秒|分钟|小时)\b",
    r"× faster|faster than",
    r"\bstatements\b",
    r"\b\d+ tests?\b|\btests? (?:passed|ran)\b",
]


def outside_blocks(text: str) -> str:
    return figures.BLOCK.sub("", text)


def typed_figures(text: str, patterns: list[str]) -> list[str]:
    found = []
    for line in outside_blocks(text).splitlines():
        if any(re.search(pattern, line) for pattern in patterns):
            found.append(line.strip()[:160])
    return found


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return figures.rendered()


def test_every_figure_block_is_what_the_script_renders_now(rendered):
    problems = figures.differences(rendered)
    assert not problems, (
        "\n".join(problems) + "\nrun: .venv/bin/python scripts/figures.py"
    )


def test_readme_holds_no_measured_figure_outside_a_block():
    typed = typed_figures(README.read_text(encoding="utf-8"), MEASURED_IN_README)
    assert not typed, "README.md, measured figures typed by hand:\n" + "\n".join(typed)


@pytest.mark.parametrize(
    "path",
    [p for p in figures.documents() if p != README],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_docs_hold_no_measured_figure_outside_a_block(path):
    typed = typed_figures(path.read_text(encoding="utf-8"), MEASURED_IN_DOCS)
    assert not typed, f"{path.relative_to(ROOT)}, figures typed by hand:\n" + "\n".join(
        typed
    )


def test_readme_is_short_enough_for_a_newcomer():
    assert len(README.read_bytes()) <= 12 * 1024


def test_readme_gives_the_two_commands_ci_runs():
    """.ci/run runs `make test`, the README's test command; make run is the other."""
    text = README.read_text(encoding="utf-8")
    assert re.search(r"^make run\b", text, re.MULTILINE)
    assert re.search(r"^make test\b", text, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_a_stale_block_is_rewritten_and_reported(rendered):
    name = next(iter(rendered))
    stale = (
        f"before\n<!-- figures:{name} -->\n| typed | 12 ms |\n"
        f"<!-- /figures:{name} -->\n"
    )
    fresh, unknown = figures.fill(stale, rendered)
    assert unknown == []
    assert "| typed | 12 ms |" not in fresh
    assert rendered[name].strip() in fresh
    assert figures.fill(fresh, rendered)[0] == fresh, "rendering twice changes nothing"


def test_a_block_without_a_renderer_is_reported(rendered):
    text = "<!-- figures:no-such-figure -->\nx\n<!-- /figures:no-such-figure -->\n"
    assert figures.fill(text, rendered) == (text, ["no-such-figure"])


@pytest.mark.parametrize(
    "line",
    [
        "A full run takes about 2½ minutes on the 2-core machine.",
        "91 SQL statements per request instead of 52",
        "| same | PostgreSQL 15 | 42.5 ms | 48.6 ms |",
        "5.5× / 11× faster than a naive `icontains` scan",
    ],
)
def test_the_readme_check_catches_the_figures_it_used_to_hold(line):
    assert typed_figures(line, MEASURED_IN_README)


def test_targets_are_not_taken_for_measurements_in_docs():
    assert not typed_figures(
        "Target: p95 ≤ 50 ms; rebuild ≥ 5,000 docs/s; ≥ 20× faster.", MEASURED_IN_DOCS
    )


def test_every_kept_result_says_when_where_and_from_what():
    runs = figures.load_results()
    assert runs, "bench/results/ holds no result"
    for records in runs.values():
        for record in records:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"]), record["path"]
            assert record["machine"]["cpus"], record["path"]
            assert record["source"] and record["command"], record["path"]
            assert record["run"] == Path(record["path"]).stem, record["path"]
