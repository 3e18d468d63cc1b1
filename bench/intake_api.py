"""Benchmark: log N cases through POST /api/v1/cases, as a pushing platform would.

    python bench/intake_api.py                      # 10,000 cases on SQLite
    python bench/intake_api.py -n 1000              # a quicker run
    python bench/intake_api.py --database-url postgres://devcheck:devcheck@127.0.0.1:5432/bench_intake

Requests go through Django's test client in this process: the whole middleware,
django-ninja, token auth, validation, the intake service and the database, but
no HTTP server or network. Every request carries an Idempotency-Key and a new
applicant with a valid ID number; two township clerks push in turn.

The database is made afresh each run: a SQLite file under var/bench/, or a
PostgreSQL database whose name must start with ``bench`` (it is dropped and
created again). It is migrated and loaded with seed_demo before timing starts.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import common  # bench/ is on sys.path

WARMUP = 20
CLERKS = {"demo-clerk-1": "dongling", "demo-clerk-2": "nanxi"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "秀英桂兰建国志强海燕丽娟春梅文斌玉兰德明红霞永福"
AREAS = ["110105", "430102", "441302", "510104", "330106"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="cases to create")
    common.add_database_option(parser, "intake.sqlite3")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    common.add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:  # 10 cases after 3 warm-up requests
        args.n, args.warmup = 10, 3
    else:
        args.warmup = WARMUP
    return args


def setup_django(url: str) -> None:
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    common.start_django(url)


def prepare() -> dict:
    """Migrate, load the demo county, issue a token per clerk, read the codes."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import APIToken

    from cases.guides import terms_for
    from portal.models import AssistanceType

    started = time.perf_counter()
    common.migrate_and_seed()
    reference = Client().get("/api/v1/reference").json()
    villages = {
        t["code"]: [v["code"] for v in t["villages"]] for t in reference["townships"]
    }
    materials = {
        at.code: [m.name for m in terms_for(at).materials]
        for at in AssistanceType.objects.all()
    }
    tokens = {}
    for username, township in CLERKS.items():
        _, token = APIToken.create_token(
            user=get_user_model().objects.get(username=username), name="bench"
        )
        tokens[token] = township
    print(f"ready in {time.perf_counter() - started:.1f} s", flush=True)
    return {"tokens": tokens, "villages": villages, "materials": materials}


def id_number(rng: random.Random, serial: int) -> str:
    born = f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"{rng.choice(AREAS)}{born}{serial % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def body(rng: random.Random, serial: int, township: str, world: dict) -> dict:
    assistance_type = rng.choice(list(world["materials"]))
    guide_items = world["materials"][assistance_type]
    brought = rng.sample(guide_items, k=rng.randint(0, len(guide_items)))
    return {
        "assistance_type": assistance_type,
        "channel": rng.choice(["online", "window", "hotline_12349", "proxy"]),
        "township": township,
        "village": rng.choice(world["villages"][township]),
        "applicant": {
            "name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
            "id_number": id_number(rng, serial),
            "phone": f"13{rng.randint(0, 9)}{serial:08d}",
            "address": f"{township}第{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
        },
        "description": "家庭收入低于当地标准，申请救助。" * rng.randint(1, 6),
        "materials": [{"name": m, "pages": rng.randint(1, 6)} for m in brought],
        "external_reference": f"ZW{serial:010d}",
    }


def run(
    n: int, world: dict, seed: int, warmup: int = WARMUP
) -> tuple[list[float], list[float], float]:
    """Wall-clock and CPU ms of each request, and the seconds the timed part took.

    CPU time (this process's) is reported beside wall-clock time because the
    machine may be shared: another process's load shows in the one, not the other.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(seed)
    clients = [
        (Client(headers={"Authorization": f"Bearer {token}"}), township)
        for token, township in world["tokens"].items()
    ]
    latencies: list[float] = []
    cpu: list[float] = []
    every = max(1, n // 20)
    started = time.perf_counter()
    for i in range(warmup + n):
        client, township = clients[i % len(clients)]
        payload = json.dumps(body(rng, i, township, world), ensure_ascii=False)
        key = str(uuid.UUID(int=rng.getrandbits(128)))
        counted = CaptureQueriesContext(connection)
        if i == warmup - 1:  # the last warm-up request: how many SQL statements
            counted.__enter__()
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.post(
            "/api/v1/cases",
            payload,
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )
        elapsed, used = time.perf_counter() - t0, time.process_time() - c0
        if i == warmup - 1:
            counted.__exit__(None, None, None)
            world["queries_per_request"] = len(counted)
        if response.status_code != 201:
            sys.exit(f"request {i}: {response.status_code} {response.content[:300]!r}")
        if i < warmup:
            started = time.perf_counter()
            continue
        latencies.append(elapsed * 1000)
        cpu.append(used * 1000)
        done = len(latencies)
        if done % every == 0 or done == n:
            window = latencies[-every:]
            rate = done / (time.perf_counter() - started)
            print(
                f"  {done:>6}/{n}  {rate:6.1f} cases/s overall;  last {len(window)}: "
                f"p50 {common.percentile(window, 50):5.1f} ms  "
                f"p95 {common.percentile(window, 95):5.1f} ms  "
                f"load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    return latencies, cpu, time.perf_counter() - started


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def report(latencies: list[float], cpu: list[float], seconds: float, world) -> dict:
    from cases.models import Case

    tenth = max(1, len(latencies) // 10)
    figures = {
        "database": database_label(),
        "cases": len(latencies),
        "saved_with_warmup": Case.objects.filter(
            external_reference__startswith="ZW"
        ).count(),
        "p50_ms": round(common.percentile(latencies, 50), 1),
        "p95_ms": round(common.percentile(latencies, 95), 1),
        "p99_ms": round(common.percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "cpu_p50_ms": round(common.percentile(cpu, 50), 1),
        "cpu_p95_ms": round(common.percentile(cpu, 95), 1),
        "p95_first_tenth_ms": round(common.percentile(latencies[:tenth], 95), 1),
        "p95_last_tenth_ms": round(common.percentile(latencies[-tenth:], 95), 1),
        "cases_per_second": round(len(latencies) / seconds, 1),
        "queries_per_request": world["queries_per_request"],
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }
    print()
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    verdict = "meets" if figures["p95_ms"] <= 50 else "MISSES"
    print(f"{'target':>20}: p95 ≤ 50 ms — {verdict}")
    return figures


def main() -> None:
    args = parse_args()
    common.fresh_database(args.database_url)
    setup_django(args.database_url)
    world = prepare()
    print(f"creating {args.n} cases (+{args.warmup} warm-up) …", flush=True)
    latencies, cpu, seconds = run(args.n, world, args.seed, args.warmup)
    figures = report(latencies, cpu, seconds, world)
    common.emit("intake_api", figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    common.save_result("intake_api", args.save, figures)


if __name__ == "__main__":
    main()
