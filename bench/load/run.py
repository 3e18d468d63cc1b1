"""Load benchmark: gunicorn + PostgreSQL under wrk, one command.

    python bench/load/run.py                        # set up, measure, tear down
    python bench/load/run.py --reuse                # keep the database of a last run
    python bench/load/run.py --duration 10 --only guide,home

Steps:

1. Data (skipped with --reuse): a fresh PostgreSQL database (the name must contain
   ``bench``; it is dropped and created again), migrated, seed_demo, --cases
   fictional cases in bulk (bench/archive_search.py's generator) with the archive
   index rebuilt, and --policies extra published policy pages so that the public
   search has a county's worth of documents to look through.
2. collectstatic into var/bench/load/static, an API token for each of the two
   demo township clerks.
3. gunicorn with config.settings.production (DEBUG off, a random SECRET_KEY,
   SECURE_SSL_REDIRECT off because the bench speaks plain http) on 127.0.0.1.
4. Each scenario: --warmup seconds of wrk (not counted), then --duration seconds
   measured; wrk's latency percentiles and the count of non-2xx responses and
   socket errors are read from bench/load/report.lua's RESULT line.
5. The intake API three times: paced (20 client threads, each sending one case
   and then waiting --pace seconds ± 50 %, as 20 clerks or integrators would),
   busy (the same with --busy-pace, a county's morning peak) and flat out (wrk,
   20 connections, each sending its next request as soon as the last is
   answered: the ceiling). With --index-updates worker (the default, as a
   deployment runs) the archive index is updated by a job worker (`db_worker`)
   beside gunicorn, on the same two cores; after each intake run the bench
   waits for it to catch up and reports how long that took.
6. A table: requests/s, p50/p95/p99, errors, the target and whether it was met,
   and the machine's load average before and after. gunicorn and the index
   worker are stopped at the end, whatever happens.

wrk (Debian package ``wrk``) must be on PATH. ``--smoke`` (make bench-smoke): 20
cases, 2 policies, 2 s per scenario without warm-up, 2 clients, 1 worker, and
exit status 1 when a scenario got an error or no answer; static files served from
the source folders (bench/smoke_settings.py) instead of a collectstatic that
compresses every file; without wrk, Python threads send the flat-out requests
(and say so). Without a PostgreSQL --database-url a smoke run skips, saying so.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # bench/: common.py, archive_search.py

import common  # noqa: E402
from common import ROOT, add_save_option, percentile, save_result  # noqa: E402

VAR = ROOT / "var" / "bench" / "load"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEFAULT_DB = "postgres://bench:bench@127.0.0.1:5432/load_bench"
BLOCK = 200_000
SEARCHES = ["低保", "特困供养", "临时救助", "申请材料", "残疾", "医疗救助", "公示"]
# name → (target rps or None, target p95 ms or None)
TARGETS = {
    "guide": (300, 100),
    "intake-paced": (None, 100),
    "intake-busy": (None, 100),
    "intake-wrk": (None, 100),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    parser.add_argument("--cases", type=int, default=10_000, help="bulk cases")
    parser.add_argument("--policies", type=int, default=200, help="extra policies")
    parser.add_argument("--duration", type=int, default=30, help="seconds measured")
    parser.add_argument("--warmup", type=int, default=5, help="seconds not counted")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--port", type=int, default=8793)
    parser.add_argument(
        "--pace", type=float, default=5.0, help="paced clients' seconds between cases"
    )
    parser.add_argument(
        "--busy-pace", type=float, default=1.0, help="busy clients' seconds between"
    )
    parser.add_argument(
        "--index-updates",
        choices=["worker", "inline"],
        default="worker",
        help="worker: jobs queued in the database for db_worker; inline: run "
        "by the request after commit (TASKS_BACKEND=immediate)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated scenarios (default: all)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:
        # No warm-up: its unanswered requests would queue before the measured ones
        # at the one worker, and a short run could then count none.
        args.cases, args.policies, args.duration, args.warmup = 20, 2, 2, 0
        args.connections, args.workers, args.pace, args.busy_pace = 2, 1, 0.3, 0.1
        args.port = common.free_port()
    return args


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def server_env(args) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ELASTICSEARCH_URL", "SEARCH_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=args.database_url,
        SECRET_KEY=secrets.token_urlsafe(64),
        HISTORY_HMAC_KEYS="bench:" + secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(VAR / "static"),
        VAR_DIR=str(VAR),
        DB_CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        BASE_URL=f"http://127.0.0.1:{args.port}",
        TASKS_BACKEND="database" if args.index_updates == "worker" else "immediate",
    )
    if args.smoke:  # static files from the source folders: no collectstatic
        env.update(common.smoke_server_env())
    return env


# ------------------------------------------------------------------ data
def build_data(args) -> None:
    """Runs in a child process (Django set up there), so this one stays clean."""
    started = time.perf_counter()
    common.fresh_database(args.database_url, prefixes=("bench", "load_bench"))
    (VAR / "next-serial").unlink(missing_ok=True)
    seeded = common.from_template()  # the smoke template: migrated and seeded
    code = (
        "import sys; sys.argv = ['x']; "
        f"sys.path.insert(0, {str(HERE)!r}); "
        "import seed; "
        f"seed.main({args.database_url!r}, {args.cases}, {args.policies}, {seeded})"
    )
    subprocess.run([PYTHON, "-c", code], check=True, cwd=ROOT)  # noqa: S603
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)


def collectstatic(env: dict) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        check=True,
        cwd=ROOT,
        env=env,
    )


def world(env: dict) -> dict:
    """Tokens, villages, types and the URLs to load, read by a Django child."""
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import seed; seed.world()"
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-c", code], check=True, cwd=ROOT, env=env, capture_output=True
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


# ------------------------------------------------------------------ server
def start_gunicorn(args, env: dict) -> subprocess.Popen:
    command = [
        GUNICORN,
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    # Pages kept by an earlier run may belong to another database.
    shutil.rmtree(VAR / "cache", ignore_errors=True)
    with socket.socket() as probe:  # another server there would be measured instead
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            sys.exit(f"port {args.port} is in use: choose another with --port")
    server = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def start_index_worker(args, env: dict) -> subprocess.Popen | None:
    if args.index_updates != "worker":
        return None
    log = (VAR / "index-worker.log").open("w")
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def outbox_backlog(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM archive_search_outboxentry")
        return row.fetchone()[0]


def wait_for_index(args) -> tuple[int, float]:
    """The outbox backlog when the run ended, and the seconds until it was empty."""
    started = time.monotonic()
    waiting = first = outbox_backlog(args.database_url)
    while waiting and time.monotonic() - started < 300:
        time.sleep(0.2)
        waiting = outbox_backlog(args.database_url)
    return first, time.monotonic() - started


def stop(server: subprocess.Popen | None) -> None:
    if server is None:
        return
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ------------------------------------------------------------------ wrk
def lua_script(name: str, prelude: str) -> Path:
    VAR.mkdir(parents=True, exist_ok=True)
    text = prelude
    if name != "report":
        text += (HERE / f"{name}.lua").read_text(encoding="utf-8")
    text += (HERE / "report.lua").read_text(encoding="utf-8")
    path = VAR / f"{name}.gen.lua"
    path.write_text(text, encoding="utf-8")
    return path


def wrk(url: str, script: Path, seconds: int, connections: int, extra=()) -> dict:
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    if extra:
        command += ["--", *[str(x) for x in extra]]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return read_wrk(done.stdout, connections)


def read_wrk(out: str, connections: int) -> dict:
    """The figures of report.lua's RESULT line; the first error body printed."""
    for sample in (x for x in out.splitlines() if x.startswith("FIRST-ERROR ")):
        print("  " + sample[:400], flush=True)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line[len("RESULT ") :])
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": raw["non2xx"] + raw["socket_errors"],
        "clients": f"{connections} connections, flat out",
    }


def run_clients(client, connections: int, latencies, errors, clients: str) -> dict:
    """Run ``client(i)`` on ``connections`` threads until each returns; the
    figures of the latencies (ms) and errors they appended, in wrk's shape."""
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "errors": errors[0],
        "clients": clients,
    }


def paced_intake(args, data: dict, seconds: int, offset: int, pace: float) -> dict:
    """20 clients, each: send one case, wait pace ± 50 %, again; until time is up."""
    from intake_api import body  # bench/intake_api.py: the same payloads

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    rng_world = {"materials": data["materials"], "villages": data["villages"]}

    def client(index: int) -> None:
        rng = random.Random(offset + index)
        token, township = data["clients"][index % len(data["clients"])]
        serial = 0
        time.sleep(rng.random() * pace)  # not all at the same instant
        while time.monotonic() < stop_at:
            k = offset + serial * args.connections + index
            serial += 1
            payload = body(rng, k, township, rng_world)
            payload["applicant"]["id_number"] = unique_id_number(rng, k)
            payload["external_reference"] = f"LP{k:010d}"
            # A new connection each time: gunicorn closes a keep-alive connection
            # idle for 2 s, and a paced client waits longer than that.
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            started = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    "/api/v1/cases",
                    json.dumps(payload, ensure_ascii=False).encode(),
                    {
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                        "Idempotency-Key": f"paced-{k:012d}",
                    },
                )
                response = connection.getresponse()
                answer = response.read()
                ok = 200 <= response.status < 300
                if not ok and not errors[0]:
                    print(f"  first error: {response.status} {answer[:300]!r}")
            except OSError as exc:
                ok = False
                if not errors[0]:
                    print(f"  first error: {exc!r}", flush=True)
            connection.close()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
            time.sleep(pace * rng.uniform(0.5, 1.5))

    return run_clients(
        client,
        args.connections,
        latencies,
        errors,
        f"{args.connections} clients, {pace:g} s ± 50 % between",
    )


def python_flat_out(port: int, paths: list[str], seconds: int, connections: int):
    """wrk's flat-out GETs by Python threads, for a smoke run where wrk is absent:
    each keeps its connection and asks again as soon as it has the answer."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        turn = index
        while time.monotonic() < stop_at:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        connection.close()

    return run_clients(
        client,
        connections,
        latencies,
        errors,
        f"{connections} Python threads, flat out (wrk absent)",
    )


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def unique_id_number(rng: random.Random, k: int) -> str:
    """The same scheme as intake.lua: a birth date and serial that k makes unique."""
    days = k // 1000
    born = time.strftime("%Y%m%d", time.gmtime(-946771200 + days * 86400))
    body = f"{rng.choice(['110105', '430102', '441302'])}{born}{k % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# ------------------------------------------------------------------ main
def scenarios(args, data: dict) -> list[tuple[str, str, callable]]:
    base = f"http://127.0.0.1:{args.port}"
    queries = ", ".join(json.dumps(quote(q)) for q in SEARCHES)
    search = lua_script("search", f"QUERIES = {{{queries}}}\n")
    plain = lua_script("report", "")
    intake_world = {
        "clients": [{"token": t, "township": ts} for t, ts in data["clients"]],
        "villages": data["villages"],
        "types": [{"code": c, "materials": m} for c, m in data["materials"].items()],
        "areas": ["110105", "430102", "441302", "510104", "330106"],
    }
    intake = lua_script("intake", f"WORLD = {lua_table(intake_world)}\n")
    blocks = serial_blocks()

    have_wrk = shutil.which("wrk") is not None

    def page(path: str):
        if not have_wrk:
            return search_python([path])
        return lambda seconds: wrk(base + path, plain, seconds, args.connections)

    def search_python(paths: list[str]):
        return lambda s: python_flat_out(args.port, paths, s, args.connections)

    def intake_wrk(seconds: int):
        if not have_wrk:  # each client sends again as soon as it is answered
            return paced_intake(args, data, seconds, next(blocks), 0.0)
        offset = next(blocks)
        threads = min(2, args.connections)
        return wrk(base, intake, seconds, args.connections, extra=(offset, threads)) | {
            "offset": offset
        }

    def intake_paced(seconds: int):
        return paced_intake(args, data, seconds, next(blocks), args.pace)

    def intake_busy(seconds: int):
        return paced_intake(args, data, seconds, next(blocks), args.busy_pace)

    return [
        ("home", "GET /", page("/")),
        ("guide", f"GET {data['guide']}", page(data["guide"])),
        (
            "search",
            "GET /search/?q=… (7 queries)",
            (lambda s: wrk(base + "/", search, s, args.connections))
            if have_wrk
            else search_python([f"/search/?q={quote(q)}" for q in SEARCHES]),
        ),
        ("intake-paced", "POST /api/v1/cases, paced", intake_paced),
        ("intake-busy", "POST /api/v1/cases, busy", intake_busy),
        ("intake-wrk", "POST /api/v1/cases, flat out", intake_wrk),
    ]


def serial_blocks():
    """Each intake run takes the next 200,000 serials, remembered beside the data.

    A serial k makes an ID number (birth date 1940-01-01 + k // 1000 days, serial
    k % 1000), a phone number and an external reference, so no two cases of one
    database share them; a fresh database starts again from 0.
    """
    state = VAR / "next-serial"
    while True:
        start = int(state.read_text()) if state.exists() else 0
        if start + BLOCK > 23_000_000:  # born after 2002: run without --reuse
            sys.exit("serials used up on this database: run without --reuse")
        state.write_text(str(start + BLOCK))
        yield start


def lua_table(value) -> str:
    if isinstance(value, dict):
        items = ", ".join(
            f"[{json.dumps(k)}] = {lua_table(v)}" for k, v in value.items()
        )
        return "{" + items + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua_table(v) for v in value) + "}"
    return json.dumps(value, ensure_ascii=False)


def verdict(name: str, figures: dict) -> str:
    rps_target, p95_target = TARGETS.get(name, (None, None))
    if rps_target is None and p95_target is None:
        return "—"
    parts, met = [], figures["errors"] == 0
    if rps_target is not None:
        parts.append(f"≥ {rps_target}/s")
        met &= figures["rps"] >= rps_target
    if p95_target is not None:
        parts.append(f"p95 ≤ {p95_target} ms")
        met &= figures["p95"] <= p95_target
    parts.append("0 errors")
    return ", ".join(parts) + (": met" if met else ": MISSED")


def main() -> None:
    args = parse_args()
    if not args.database_url.startswith("postgres"):
        if not args.smoke:
            sys.exit("this benchmark needs a PostgreSQL --database-url")
        common.skip("gunicorn under load", "needs PostgreSQL: give --database-url")
        common.emit("load", {})
        return
    if shutil.which("wrk") is None:
        if not args.smoke:
            sys.exit("wrk is not installed: apt-get install -y wrk")
        print("wrk is not installed: Python threads send the flat-out requests")
    env = server_env(args)
    if not args.reuse:
        build_data(args)
    if not args.smoke:
        collectstatic(env)
    # With the server's settings: an API token is checked with its SECRET_KEY.
    data = world(env)
    print(
        f"gunicorn: {args.workers} workers × {args.threads} threads; "
        f"load before: {load()}",
        flush=True,
    )
    server = start_gunicorn(args, env)
    indexer = start_index_worker(args, env)
    results = {}
    chosen = {x for x in args.only.split(",") if x}
    try:
        for name, label, run in scenarios(args, data):
            if chosen and name not in chosen:
                continue
            if args.warmup:
                print(f"{name}: warm-up {args.warmup} s …", flush=True)
                run(args.warmup)
            print(f"{name}: {args.duration} s …", flush=True)
            figures = run(args.duration)
            figures["load_after"] = load()
            figures["label"] = label
            results[name] = figures
            print(
                f"  {figures['rps']:.1f}/s p50 {figures['p50']:.1f} "
                f"p95 {figures['p95']:.1f} p99 {figures['p99']:.1f} ms "
                f"errors {figures['errors']}  load {figures['load_after']}",
                flush=True,
            )
            if name.startswith("intake"):
                # The next run must not be measured while the index catches up.
                waiting, seconds = wait_for_index(args)
                figures["index_backlog"], figures["index_caught_up_s"] = (
                    waiting,
                    seconds,
                )
                print(
                    f"  archive index: {waiting} updates waiting at the end, "
                    f"applied {seconds:.1f} s later",
                    flush=True,
                )
    finally:
        stop(indexer)
        stop(server)
    report(args, results)


def report(args, results: dict) -> None:
    print()
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads, "
        f"{args.duration} s each after {args.warmup} s warm-up, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"archive index updates: {args.index_updates}")
    columns = (
        "scenario | clients | req/s | p50 | p95 | p99 | errors | load-after "
        "| index caught up | target"
    ).split(" | ")
    print("| " + " | ".join(columns) + " |")
    print("|" + " --- |" * len(columns))
    for name, f in results.items():
        lag = (
            f"{f['index_caught_up_s']:.1f} s ({f['index_backlog']} waiting)"
            if "index_backlog" in f
            else "—"
        )
        print(
            f"| {f['label']} | {f['clients']} | {f['rps']:.1f} | {f['p50']:.1f} ms "
            f"| {f['p95']:.1f} ms | {f['p99']:.1f} ms | {f['errors']} "
            f"| {f['load_after']} | {lag} | {verdict(name, f)} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    setup = {
        "gunicorn": f"{args.workers} workers × {args.threads} threads",
        "connections": args.connections,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "index_updates": args.index_updates,
    }
    common.emit("load", {"setup": setup, "results": results})
    save_result("load", args.save, {"setup": setup, "results": results})
    failed = [n for n, f in results.items() if f["errors"] or not f["requests"]]
    if args.smoke and failed:  # a smoke run is a check: every answer must be 2xx
        sys.exit(f"smoke: errors or no answer at all in {', '.join(failed)}")


if __name__ == "__main__":
    main()
