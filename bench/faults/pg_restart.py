"""Fault injection: restart PostgreSQL in the middle of a load run.

    python bench/faults/pg_restart.py        # PostgreSQL cluster "15 faults" on 5440
    python bench/faults/pg_restart.py --duration 60 --restart-at 20 \
        --database-url postgres://faults:faults@127.0.0.1:5440/faults \
        --restart-command "pg_ctlcluster 15 faults restart"

The database named in --database-url is dropped and created again (its name must
start with ``faults`` or ``bench``), migrated and loaded with seed_demo. Then
gunicorn serves the project with the production settings, intake clients POST
/api/v1/cases (each with an Idempotency-Key, retried with the same key until it
gets 201) while page clients GET public pages, and the restart command runs
--restart-at seconds in. Afterwards the script checks:

- every failed request got the project's clean answer: 503 with Retry-After and
  the Chinese message (JSON under /api/), never a traceback or a bare 500;
- requests succeed again within --recovery-limit seconds of the restart;
- the database is whole: every 201 the clients saw names a case, every case made
  by the run was answered 201, and each case has its applicant, its checklist
  rows, its first deadline, its receipt, its history rows and its Idempotency
  record; numbers are unique and the counter is at least the highest number.

Exit status 0 when all checks pass, 1 otherwise. Do not point it at a cluster
other people use: the restart cuts off their connections too.

``--smoke`` (make bench-smoke) does not restart the cluster, which it shares: it
cuts every connection to its own database (pg_terminate_backend) instead, a
fault of the same kind for the application, 4 s of load with one intake and one
page client, static files from the source folders (no collectstatic). Without a
PostgreSQL --database-url it skips, saying so.
"""

import argparse
import http.client
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # common.py
import common  # noqa: E402
from common import add_save_option, fresh_database, save_result  # noqa: E402

PYTHON = sys.executable
MESSAGE = "系统暂时无法连接数据库"
CLERKS = {"demo-clerk-1": "dongling", "demo-clerk-2": "nanxi"}
PAGES = ["/", "/search/?q=%E4%BD%8E%E4%BF%9D", "/api/v1/reference"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://faults:faults@127.0.0.1:5440/faults"
    )
    parser.add_argument(
        "--restart-command",
        default="pg_ctlcluster 15 faults restart",
        help="how to restart that PostgreSQL (run once, mid-load)",
    )
    parser.add_argument(
        "--port", type=int, default=18540, help="gunicorn's port (must be free)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--intake-clients", type=int, default=3)
    parser.add_argument("--page-clients", type=int, default=2)
    parser.add_argument("--duration", type=float, default=40, help="seconds of load")
    parser.add_argument("--restart-at", type=float, default=15, help="seconds in")
    parser.add_argument("--recovery-limit", type=float, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    add_save_option(parser)
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database of the last run (skip drop, migrate and seed_demo)",
    )
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:
        args.duration, args.restart_at, args.recovery_limit = 4, 1.5, 10
        args.intake_clients, args.page_clients, args.workers = 1, 1, 1
        args.port = common.free_port()
    return args


def cut_connections(url: str) -> None:
    """The smoke run's fault: every other connection to its database ended."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def environment(args, static_root: str, media_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "faults-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "HISTORY_HMAC_KEYS": "faults:" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_BACKEND": "database",
        "ELASTICSEARCH_URL": "",
        "DATABASE_URL": args.database_url,
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        # A smoke run serves static files from the source folders: no collectstatic.
        **(common.smoke_server_env() if args.smoke else {}),
    }


def manage(env: dict, *argv: str) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *argv],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def id_number(serial: int) -> str:
    body = f"430102{1950 + serial % 50}{serial % 12 + 1:02d}{serial % 28 + 1:02d}"
    body += f"{serial % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


@dataclass
class Attempt:
    at: float  # seconds since the load started, when the request was sent
    kind: str  # intake | page
    path: str
    status: int  # 0: no HTTP answer (connection refused, reset, timeout)
    clean: bool
    detail: str = ""
    done: float = 0.0  # when the answer (or the error) came


@dataclass
class Run:
    started: float = field(default_factory=time.monotonic)
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    attempts: list[Attempt] = field(default_factory=list)
    created: dict[str, str] = field(default_factory=dict)  # reference -> number
    unfinished: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def record(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


def request(port: int, method: str, path: str, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def is_clean_failure(path: str, status: int, headers: dict, body: bytes) -> bool:
    """The project's 503: Retry-After, the Chinese message, JSON under /api/."""
    if status != 503 or "Retry-After" not in headers:
        return False
    text = body.decode("utf-8", errors="replace")
    if "Traceback" in text:
        return False
    if path.startswith("/api/"):
        try:
            return MESSAGE in json.loads(text)["message"]
        except (ValueError, KeyError, TypeError):
            return False
    return MESSAGE in text


def call(run: Run, port: int, kind: str, method: str, path: str, **kw):
    at = time.monotonic() - run.started
    try:
        status, headers, body = request(port, method, path, **kw)
    except (OSError, http.client.HTTPException) as error:
        done = time.monotonic() - run.started
        run.record(Attempt(at, kind, path, 0, False, repr(error)[:200], done))
        return 0, b""
    done = time.monotonic() - run.started
    ok = status < 400
    clean = ok or is_clean_failure(path, status, headers, body)
    detail = "" if ok else body[:200].decode("utf-8", errors="replace")
    run.record(Attempt(at, kind, path, status, clean, detail, done))
    return status, body


def intake_client(run: Run, port: int, token: str, township: str, world, serial0):
    serial = serial0
    while not run.stop.is_set():
        serial += 1
        reference = f"FAULT-{run.tag}-{serial:08d}"
        payload = json.dumps(
            {
                "assistance_type": random.choice(world["types"]),
                "channel": "online",
                "township": township,
                "village": random.choice(world["villages"][township]),
                "applicant": {
                    "name": "故障演练",
                    "id_number": id_number(serial),
                    "phone": f"139{serial:08d}",
                    "address": "演练地址",
                },
                "description": "数据库重启演练中的网上申请。",
                "external_reference": reference,
            },
            ensure_ascii=False,
        ).encode()
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        while True:  # the same key until the platform gets its answer
            status, body = call(
                run, port, "intake", "POST", "/api/v1/cases", body=payload,
                headers=headers,
            )  # fmt: skip
            if status == 201:
                with run.lock:
                    run.created[reference] = json.loads(body)["number"]
                break
            if run.stop.is_set():
                with run.lock:
                    run.unfinished.append(reference)
                break
            time.sleep(0.5)


def page_client(run: Run, port: int):
    while not run.stop.is_set():
        call(run, port, "page", "GET", random.choice(PAGES))
        time.sleep(0.05)


def wait_for_server(port: int, process, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            if request(port, "GET", "/api/v1/reference")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer")


def consistency(url: str, run: Run) -> dict:
    """Every case the run made is whole, and matches what the clients were told."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """
            SELECT c.number, c.external_reference,
              (SELECT count(*) FROM cases_applicant a WHERE a.id = c.applicant_id),
              (SELECT count(*) FROM cases_receivedmaterial m WHERE m.case_id = c.id),
              (SELECT count(*) FROM cases_stagedeadline d
                 WHERE d.case_id = c.id AND d.stage = 'accept'),
              (SELECT count(*) FROM cases_notice n
                 WHERE n.case_id = c.id AND n.kind = 'receipt'),
              (SELECT count(*) FROM cases_historicalcase h WHERE h.id = c.id),
              (SELECT count(*) FROM cases_historicalreceivedmaterial hm
                 WHERE hm.case_id = c.id),
              (SELECT count(*) FROM cases_idempotencyrecord i WHERE i.case_id = c.id)
            FROM cases_case c WHERE c.external_reference LIKE %s
            """,
            [f"FAULT-{run.tag}-%"],
        ).fetchall()
        counter = conn.execute(
            "SELECT scope, last FROM cases_casenumbercounter WHERE scope LIKE %s",
            ["JZ%"],
        ).fetchall()
        numbers = [
            r[0] for r in conn.execute("SELECT number FROM cases_case").fetchall()
        ]
    in_db = {ref: number for number, ref, *_ in rows}
    problems = []
    for number, _ref, applicant, materials, deadline, receipt, hist, hmat, key in rows:
        parts = {
            "applicant": applicant == 1,
            "materials": materials > 0 and hmat >= materials,
            "deadline": deadline == 1,
            "receipt": receipt == 1,
            "history": hist >= 1,
            "idempotency": key == 1,
        }
        missing = [name for name, ok in parts.items() if not ok]
        if missing:
            problems.append(f"{number} lacks {', '.join(missing)}")
    told = run.created
    for ref, number in told.items():
        if in_db.get(ref) != number:
            problems.append(f"201 for {ref} ({number}) but no such case")
    for ref, number in in_db.items():
        if ref not in told:
            problems.append(f"{number} ({ref}) exists but no client saw its 201")
    if len(numbers) != len(set(numbers)):
        problems.append("duplicate case numbers")
    top = {}
    for number in numbers:
        scope, serial = number[:6], int(number[6:])
        top[scope] = max(top.get(scope, 0), serial)
    for scope, last in counter:
        if top.get(scope, 0) > last:
            problems.append(f"counter {scope} at {last} below {top[scope]}")
    return {
        "cases_made": len(rows),
        "cases_answered_201": len(told),
        "unfinished_requests": len(run.unfinished),
        "problems": problems,
    }


def summarise(run: Run, restart: dict, args) -> dict:
    failed = [a for a in run.attempts if a.status == 0 or a.status >= 400]
    unclean = [a for a in failed if not a.clean]
    first_failure = min((a.at for a in failed), default=None)
    last_failure = max((a.done for a in failed), default=None)
    # Recovery: from the restart command's return to the last failed answer.
    recovered = (
        0.0
        if last_failure is None
        else max(0.0, round(last_failure - restart["ended"], 2))
    )
    later = [a for a in run.attempts if a.at > (last_failure or restart["ended"])]
    return {
        "requests": len(run.attempts),
        "intake_requests": sum(a.kind == "intake" for a in run.attempts),
        "page_requests": sum(a.kind == "page" for a in run.attempts),
        "failed": len(failed),
        "failed_by_status": {
            str(k): v for k, v in Counter(a.status for a in failed).items()
        },
        "unclean_failures": len(unclean),
        "unclean_examples": [
            f"{a.status} {a.path}: {a.detail[:120]}" for a in unclean[:5]
        ],
        "restart_started_s": round(restart["started"], 2),
        "restart_took_s": round(restart["ended"] - restart["started"], 2),
        "first_failed_request_sent_s": first_failure and round(first_failure, 2),
        "last_failed_answer_s": last_failure and round(last_failure, 2),
        "failure_window_s": first_failure and round(last_failure - first_failure, 2),
        "recovered_s_after_restart_returned": recovered,
        "recovery_within_limit": recovered <= args.recovery_limit,
        "requests_after_recovery": len(later),
        "failed_after_recovery": sum(a in failed for a in later),
        "server_log_tracebacks": 0,
    }


def main() -> int:
    args = parse_args()
    if not args.database_url.startswith("postgres"):
        if not args.smoke:
            sys.exit("this benchmark needs a PostgreSQL --database-url")
        common.skip("PostgreSQL restart under load", "needs PostgreSQL: --database-url")
        common.emit("pg_restart", {})
        return 0
    work = ROOT / "var" / "faults"
    work.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix="faults-media-"))
    env = environment(args, str(work / "static"), str(media))
    if not args.reuse_database:
        print(f"database {common.redact(args.database_url)} …", flush=True)
        fresh_database(args.database_url, prefixes=("faults", "bench"))
        if not common.from_template():
            print("migrate, seed_demo …", flush=True)
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "seed_demo", "-v", "0")
    if not args.smoke:
        print("collectstatic …", flush=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")
    clerks = list(CLERKS.items())[: max(1, min(len(CLERKS), args.intake_clients))]
    tokens = {
        manage(env, "issue_token", user, "--name", "faults", "-v", "0"): township
        for user, township in clerks
    }
    log_path = work / "gunicorn.log"
    log = log_path.open("w")
    try:
        request(args.port, "GET", "/")
    except OSError:
        pass
    else:
        sys.exit(f"port {args.port} is in use; choose another with --port")
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    run = Run()
    restart = {}
    try:
        wait_for_server(args.port, gunicorn)
        reference = json.loads(request(args.port, "GET", "/api/v1/reference")[2])
        world = {
            "types": [t["code"] for t in reference["assistance_types"]],
            "villages": {
                t["code"]: [v["code"] for v in t["villages"]]
                for t in reference["townships"]
            },
        }
        run = Run()
        threads = [
            threading.Thread(
                target=intake_client,
                args=(run, args.port, token, township, world, i * 1_000_000),
            )
            for i, (token, township) in enumerate(
                (list(tokens.items()) * args.intake_clients)[: args.intake_clients]
            )
        ] + [
            threading.Thread(target=page_client, args=(run, args.port))
            for _ in range(args.page_clients)
        ]
        for thread in threads:
            thread.start()
        print(f"load for {args.duration:g} s; restart at {args.restart_at:g} s")
        time.sleep(args.restart_at)
        restart["started"] = time.monotonic() - run.started
        if args.smoke:
            print("smoke: the shared cluster is not restarted; cutting connections")
            cut_connections(args.database_url)
        else:
            subprocess.run(shlex.split(args.restart_command), check=True)  # noqa: S603
        restart["ended"] = time.monotonic() - run.started
        print(f"restarted in {restart['ended'] - restart['started']:.2f} s")
        time.sleep(max(0, args.duration - restart["ended"]))
        run.stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        log.close()
    figures = summarise(run, restart, args)
    # The server logs each failed request with its traceback: that is for the
    # operator; the clients' answers above must carry none.
    figures["server_log_tracebacks"] = log_path.read_text().count("Traceback")
    figures["server_log"] = str(log_path)
    figures["consistency"] = consistency(args.database_url, run)
    if args.smoke:
        figures["fault"] = "connections to its database cut, not a cluster restart"
    common.print_figures(figures)
    common.emit("pg_restart", figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    save_result("faults", args.save, figures, note="PostgreSQL restart under load")
    passed = (
        figures["unclean_failures"] == 0
        and figures["recovery_within_limit"]
        and not figures["consistency"]["problems"]
    )
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
