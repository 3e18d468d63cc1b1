"""Benchmark: the history chain under concurrent writers, and what its lock costs.

    python bench/history_chain.py --database-url postgres://u:p@127.0.0.1:5432/bench_history
    python bench/history_chain.py --database-url … --smoke        # 2 workers × 2

W worker processes (each its own connection) each log N intakes through the
intake service and follow every one with accept and start_investigation, all at
once (``--smoke``: 2 workers × 2 intakes, a check that it still runs). Then
``verify_all`` must find no break. Run once per lock mode
(HISTORY_CHAIN_LOCK=row: the chain heads locked with SELECT … FOR UPDATE;
advisory: one PostgreSQL advisory lock), each on a fresh database, and prints
per-intake latency (the intake service alone) and per-case latency (intake plus
the two steps), median and p95: one JSON line for all modes and a table.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time

import common  # bench/ is on sys.path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="", help="postgres://…/bench_… (required)"
    )
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--intakes", type=int, default=50, help="per worker")
    parser.add_argument("--modes", default="row,advisory")
    common.add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:  # both lock modes, 2 workers × 2 intakes each
        args.workers, args.intakes = 2, 2
    return args


def _prepare() -> list[tuple[int, int]]:
    common.migrate_and_seed(seed=False)
    from portal.models import AssistanceType, Township
    from tests.factories.staff import clerk

    # A type of its own, without a service guide, so no checklist holds up the
    # accept step (the demo county's types list required materials).
    kind, _ = AssistanceType.objects.get_or_create(
        code="bench-history", defaults={"name": "基准测试救助"}
    )
    pairs = []
    for index in range(WORKERS):
        town, _ = Township.objects.get_or_create(
            code=f"bench{index}", defaults={"name": f"测试乡镇{index}"}
        )
        user = clerk(town, username=f"bench-clerk-{index}")
        pairs.append((user.pk, town.pk, kind.pk))
    return pairs


def _worker(args) -> tuple[list[tuple[float, float]], float, float]:
    url, mode, (user_id, town_id, kind_id), intakes = args
    os.environ["HISTORY_CHAIN_LOCK"] = mode
    common.start_django(url)
    from django.contrib.auth import get_user_model

    from cases.services import case_transition
    from portal.models import AssistanceType, Township
    from tests.factories.cases import received_case

    user = get_user_model().objects.get(pk=user_id)
    town = Township.objects.get(pk=town_id)
    kind = AssistanceType.objects.get(pk=kind_id)
    timings = []
    first = time.time()
    for _ in range(intakes):
        started = time.perf_counter()
        case = received_case(user, town, assistance_type=kind)
        logged = time.perf_counter()
        case = case_transition(by=user, case=case, action="accept")
        case_transition(by=user, case=case, action="start_investigation")
        timings.append(
            ((logged - started) * 1000, (time.perf_counter() - started) * 1000)
        )
    return timings, first, time.time()


def run_mode(url: str, mode: str, workers: int, intakes: int) -> dict:
    from django.db import connections

    connections.close_all()  # the drop below would cut this process's connection
    common.fresh_database(url)
    os.environ["HISTORY_CHAIN_LOCK"] = mode
    pairs = _prepare()
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        outcomes = pool.map(
            _worker, [(url, mode, pairs[i], intakes) for i in range(workers)]
        )
    # From the first worker's first intake to the last one's end: not start-up.
    wall = max(o[2] for o in outcomes) - min(o[1] for o in outcomes)
    results = [o[0] for o in outcomes]
    from cases.history import verify_all

    rows, breaks = verify_all()
    intake_ms = [t[0] for r in results for t in r]
    case_ms = [t[1] for r in results for t in r]
    return {
        "mode": mode,
        "workers": workers,
        "intakes": workers * intakes,
        "wall_s": round(wall, 2),
        "cases_per_s": round(workers * intakes / wall, 1),
        "intake_p50_ms": round(statistics.median(intake_ms), 1),
        "intake_p95_ms": round(common.percentile(intake_ms, 95), 1),
        "case_p50_ms": round(statistics.median(case_ms), 1),
        "case_p95_ms": round(common.percentile(case_ms, 95), 1),
        "history_rows": rows,
        "breaks": len(breaks),
    }


WORKERS = 8


def main():
    global WORKERS
    args = parse_args()
    if not args.database_url.startswith("postgres"):
        why = "needs PostgreSQL (SQLite serialises every writer): give --database-url"
        if not args.smoke:
            sys.exit(f"this benchmark {why}")
        common.skip("history chain under concurrent writers", why)
        common.emit("history_chain", {"modes": []})
        return
    WORKERS = args.workers
    common.start_django(args.database_url)
    figures = [
        run_mode(args.database_url, mode, args.workers, args.intakes)
        for mode in args.modes.split(",")
    ]
    header = "mode      cases/s  intake p50/p95 ms  case p50/p95 ms  rows  breaks"
    print(header)
    for f in figures:
        print(
            f"{f['mode']:<9} {f['cases_per_s']:>7}  "
            f"{f['intake_p50_ms']:>6}/{f['intake_p95_ms']:<10} "
            f"{f['case_p50_ms']:>6}/{f['case_p95_ms']:<8} "
            f"{f['history_rows']:>5}  {f['breaks']}"
        )
    common.emit("history_chain", {"database": "PostgreSQL", "modes": figures})
    common.save_result(
        "history_chain", args.save, {"database": "PostgreSQL", "modes": figures}
    )
    if any(f["breaks"] for f in figures):
        sys.exit("history chain breaks found")


if __name__ == "__main__":
    main()
