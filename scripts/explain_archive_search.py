"""EXPLAIN ANALYZE of one archive search on PostgreSQL, as the backend runs it.

    .venv/bin/python scripts/explain_archive_search.py \\
        --database-url postgres://…/bench_… \\
        --slowest-of bench/results/archive_search/RUN.json \\
        --out bench/explain/RUN.txt

Runs one of bench/archive_search.py's twenty queries (``--query N``, or the one
with the highest p50 in a kept run) through ``backend.search`` once to warm up,
then again recording every SELECT the backend sends, and writes each with its
``EXPLAIN (ANALYZE, BUFFERS)`` plan: the plans of whatever code is checked out,
so the same script gives the "before" of an earlier commit and the "after".
"""

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--query", type=int, help="1-based, bench/archive_search.py")
    which.add_argument(
        "--slowest-of", type=Path, help="a kept run: its query of highest p50"
    )
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args(argv)


def slowest(path: Path) -> int:
    record = json.loads(path.read_text(encoding="utf-8"))
    per_query = record["figures"]["queries"]["per_query"]
    return 1 + max(range(len(per_query)), key=lambda i: per_query[i]["p50_ms"])


def main() -> None:
    args = parse_args()
    number = args.query or slowest(args.slowest_of)
    os.environ["SEARCH_BACKEND"] = "database"
    import common  # bench/common.py

    common.start_django(args.database_url)
    from archive_search import QUERIES
    from django.db import connection

    from search.backends import get_search_backend
    from search.query import parse_query

    params = QUERIES[number - 1]
    backend = get_search_backend()
    backend.search(parse_query(params))  # warm: caches, as the benchmark's pass
    sent: list[tuple[str, tuple]] = []
    settings: list[str] = []  # SET LOCAL …: the session gets them for the plans

    def record(execute, sql, values, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((sql, values))
        elif sql.lstrip().upper().startswith("SET LOCAL "):
            settings.append("SET " + sql.lstrip()[len("SET LOCAL ") :])
        return execute(sql, values, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(record):
        backend.search(parse_query(params))
    took = (time.perf_counter() - started) * 1000
    commit = common.current_commit()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM archive_search_searchdocument")
        documents = cursor.fetchone()[0]
    lines = [
        f"# archive search, query {number}: {json.dumps(params, ensure_ascii=False)}",
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, "
        f"{connection.settings_dict['NAME']}, {documents:,} documents, "
        f"load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"# backend.search took {took:.1f} ms; {len(sent)} SELECT statements",
        "",
    ]
    with connection.cursor() as cursor:
        for statement in settings:  # as the backend runs its searches
            cursor.execute(statement)
            lines += [f"-- {statement}"]
        for index, (sql, values) in enumerate(sent, start=1):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", values)
            plan = [row[0] for row in cursor.fetchall()]
            lines += [f"## statement {index}", "", sql, "", *plan, ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"query {number}: {took:.1f} ms, {len(sent)} statements -> {args.out}")


if __name__ == "__main__":
    main()
