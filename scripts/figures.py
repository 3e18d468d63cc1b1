"""Figures in the docs come from here, never from a keyboard, so they cannot go stale.

    .venv/bin/python scripts/figures.py           # rewrite every marked block
    .venv/bin/python scripts/figures.py --check   # list the blocks that differ; exit 1

A block in a Markdown file (README.md, docs/**/*.md, bench/README.md) reads

    <!-- figures:NAME -->
    …made by the renderer NAME in scripts/figures_render.py…
    <!-- /figures:NAME -->

Renderers read the kept benchmark results, bench/results/<bench>/<run>.json (a
benchmark run with `--save RUN` writes one: bench/common.py), each with its date,
machine and source, and the demo county (portal/demo/data). A benchmark that
cannot be run here (a million rows, a cluster) keeps its stored JSON; the docs
show that run's date and machine beside its figures.
tests/test_docs_figures.py fails when a block differs from what this renders.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BLOCK = re.compile(
    r"(<!-- figures:(?P<name>[a-z0-9-]+) -->\n)"
    r"(?P<body>.*?)"
    r"(<!-- /figures:(?P=name) -->)",
    re.DOTALL,
)


def documents() -> list[Path]:
    """Every Markdown file that may hold a block."""
    found = [ROOT / "README.md", ROOT / "bench" / "README.md"]
    found += sorted((ROOT / "docs").rglob("*.md"))
    return [path for path in found if path.exists()]


def load_results() -> dict[str, list[dict]]:
    """The kept runs of each benchmark, oldest first (run names begin with the date)."""
    runs: dict[str, list[dict]] = {}
    for path in sorted(RESULTS.glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["path"] = str(path.relative_to(ROOT))
        runs.setdefault(record["bench"], []).append(record)
    for records in runs.values():
        records.sort(key=_in_order)
    return runs


def _in_order(record: dict) -> tuple:
    """By date, then by the time the run noted (if it did), then by the run's
    name with its numbers as numbers (run 10 of a day after run 9, not before
    run 2)."""
    name = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", record["run"])]
    return (record["date"], str(record["figures"].get("date", "")), name)


def setup_django() -> None:
    """The demo data's role labels are Django translations: set Django up once."""
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def rendered() -> dict[str, str]:
    """Every block's text, by name."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import figures_render

    setup_django()
    return figures_render.all_blocks(load_results())


def fill(text: str, blocks: dict[str, str]) -> tuple[str, list[str]]:
    """The text with every block rewritten, and the names of unknown blocks."""
    unknown = []

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name not in blocks:
            unknown.append(name)
            return match[0]
        return f"{match[1]}{blocks[name].rstrip()}\n{match[4]}"

    return BLOCK.sub(replace, text), unknown


def differences(blocks: dict[str, str]) -> list[str]:
    """One line per document whose blocks are stale or unknown."""
    problems = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        new, unknown = fill(text, blocks)
        name = path.relative_to(ROOT)
        problems += [f"{name}: no renderer for figures:{n}" for n in unknown]
        if new != text:
            stale = [
                m["name"]
                for m, fresh in zip(
                    BLOCK.finditer(text), BLOCK.finditer(new), strict=True
                )
                if m[0] != fresh[0]
            ]
            problems.append(f"{name}: stale blocks {', '.join(stale)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing")
    args = parser.parse_args()
    blocks = rendered()
    if args.check:
        problems = differences(blocks)
        print("\n".join(problems) or "every figure block is up to date")
        return 1 if problems else 0
    for path in documents():
        text = path.read_text(encoding="utf-8")
        new, unknown = fill(text, blocks)
        for name in unknown:
            print(f"{path.relative_to(ROOT)}: no renderer for figures:{name}")
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
