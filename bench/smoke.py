"""Every benchmark in its smoke mode (tiny sizes): ``make bench-smoke``, and CI.

    .venv/bin/python bench/smoke.py               # SQLite; ES if ELASTICSEARCH_URL
    .venv/bin/python bench/smoke.py \
        --database-url postgres://USER:PASSWORD@127.0.0.1:5432/bench_smoke
    .venv/bin/python bench/smoke.py --only poster_pdf,intake_api --jobs 1

A smoke run checks that each benchmark still runs, not how fast anything is: its
figures are printed and never kept (bench/results/ is not touched; the run fails
if it is). Steps:

1. The template: one database migrated and loaded with seed_demo. On PostgreSQL
   (--database-url or BENCH_DATABASE_URL: a database whose name starts with
   ``bench``; the template is NAME_template, each benchmark's database NAME_BENCH,
   copied with CREATE DATABASE … TEMPLATE), otherwise a SQLite file under
   var/bench/smoke/ copied per benchmark. Migrating costs more CPU than any two
   smoke runs together, so the template is kept and used again while the code it
   was made from (config/, core/, cases/, portal/, search/ and the installed
   packages) is unchanged; --fresh-template makes it anew.
2. Each benchmark's script with ``--smoke``, ``--jobs`` at a time (es_analyzers,
   which needs no database, while the template is made). Those that need
   PostgreSQL (history_chain, load/run.py, faults/pg_restart.py, the served part
   of public_search) or Elasticsearch
   (archive_search's second run, es_analyzers) skip that part without it and say
   so; CI gives both. faults/full_disk.py mounts a tmpfs: it needs root.
3. Each must exit 0 and print exactly one ``BENCH-JSON {…}`` line. A table of
   every run: its status, wall-clock and CPU seconds and what it skipped.

Logs: var/bench/smoke/logs/<run>.log (the tail is printed when a run fails).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import common  # bench/ is on sys.path

BENCH = common.ROOT / "bench"
WORK = common.ROOT / "var" / "bench" / "smoke"
LOGS = WORK / "logs"
# What the template is made from: a change here makes it anew.
TEMPLATE_SOURCES = ["config", "core", "cases", "portal", "search", "manage.py"]


@dataclass
class Run:
    """One benchmark invocation; ``after`` names a run that must finish first."""

    name: str
    script: str
    args: list[str]
    after: str = ""
    database: bool = True  # False: it may run while the template is made
    status: str = "not run"
    seconds: float = 0.0
    cpu: float = 0.0
    skipped: list[str] = field(default_factory=list)
    problem: str = ""


def runs(db: dict, es_url: str) -> list[Run]:
    """Every benchmark script, in smoke mode, with its own database."""
    pg = db["postgres"]
    es = ["--es-url", es_url, "--index-prefix", f"benchsmoke{os.getpid()}"]
    # The costliest first (CPU seconds of a smoke run), so that those run
    # side by side end together.
    return [
        Run("load", "load/run.py", ["--database-url", pg["load"]]),
        Run("history_chain", "history_chain.py", ["--database-url", pg["history"]]),
        Run("archive_search", "archive_search.py", ["--database-url", db["archive"]]),
        Run("poster_pdf", "poster_pdf.py", ["--database-url", db["poster"]]),
        Run("pg_restart", "faults/pg_restart.py", ["--database-url", pg["faults"]]),
        Run("stats_dashboard", "stats_dashboard.py", ["--database-url", db["stats"]]),
        Run(
            "archive_search_es",
            "archive_search.py",
            [
                "--database-url",
                db["archive"],
                "--skip-generate",
                "--backend",
                "elasticsearch",
                "--baseline-runs",
                "0",
                *es,
            ],
            after="archive_search",
        ),  # fmt: skip
        Run("intake_api", "intake_api.py", ["--database-url", db["intake"]]),
        Run("public_search", "public_search.py", ["--database-url", db["pubsearch"]]),
        Run("full_disk", "faults/full_disk.py", ["--database-url", db["fulldisk"]]),
        Run("es_analyzers", "es_analyzers.py", ["--url", es_url], database=False),
    ]


# ------------------------------------------------------------------ template
def template_key() -> str:
    """A digest of the code the template is made from and the installed packages."""
    digest = hashlib.sha256()
    for name in TEMPLATE_SOURCES:
        top = common.ROOT / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(common.ROOT)).encode())
                digest.update(path.read_bytes())
    site = Path(sys.executable).resolve().parent.parent / "lib"
    for info in sorted(site.glob("python*/site-packages/*.dist-info")):
        digest.update(info.name.encode())
    return digest.hexdigest()[:16]


def build_template(url: str) -> None:
    """migrate + seed_demo into ``url``, in a process of its own."""
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r}); import common; "
        f"common.start_django({url!r}); common.migrate_and_seed()"
    )
    env = {**clean_env(), "SEARCH_BACKEND": "database"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=common.ROOT, env=env)  # noqa: S603


def sqlite_template(key: str, fresh: bool) -> str:
    path = WORK / f"template-{key}.sqlite3"
    if path.exists() and not fresh:
        print(f"template: {path.relative_to(common.ROOT)} (kept, code unchanged)")
        return str(path)
    for old in WORK.glob("template-*.sqlite3*"):
        old.unlink()
    partial = WORK / "template-partial.sqlite3"
    partial.unlink(missing_ok=True)
    build_template(f"sqlite:///{partial}")
    partial.rename(path)
    return str(path)


def postgres_template(base: str, key: str, fresh: bool) -> str:
    import psycopg

    parts = urlsplit(base)
    name = parts.path.lstrip("/") + "_template"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
    if row and row[0] == f"bench-smoke {key}" and not fresh:
        print(f"template: PostgreSQL database {name} (kept, code unchanged)")
        return name
    url = parts._replace(path=f"/{name}").geturl()
    common.fresh_database(url)
    build_template(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS 'bench-smoke {key}'")
    return name


def clean_env() -> dict:
    """This process's environment without what would point a benchmark elsewhere."""
    drop = {"DATABASE_URL", "SEARCH_BACKEND", "ELASTICSEARCH_INDEX_PREFIX"}
    return {k: v for k, v in os.environ.items() if k not in drop}


# ---------------------------------------------------------------------- runs
def databases(base: str) -> dict:
    """Each benchmark's database URL: NAME_BENCH on PostgreSQL, or a SQLite file."""
    names = ["intake", "archive", "stats", "poster", "fulldisk", "history"]
    names += ["load", "faults", "pubsearch"]
    if base:
        parts = urlsplit(base)
        stem = parts.path.lstrip("/")
        urls = {n: parts._replace(path=f"/{stem}_{n}").geturl() for n in names}
        return {**urls, "postgres": urls}
    urls = {n: f"sqlite:///{WORK / n}.sqlite3" for n in names}
    return {**urls, "postgres": dict.fromkeys(names, "")}


def execute(run: Run, env: dict) -> None:
    """Run one benchmark; its status, times, skipped parts and JSON line checked."""
    log = LOGS / f"{run.name}.log"
    command = [sys.executable, str(BENCH / run.script), "--smoke", *run.args]
    started = time.perf_counter()
    with log.open("w") as out:
        out.write("$ " + common.redact(" ".join(command)) + "\n")
        out.flush()
        process = subprocess.Popen(  # noqa: S603
            command, cwd=common.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    run.seconds = time.perf_counter() - started
    run.cpu = usage.ru_utime + usage.ru_stime
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = [x for x in text.splitlines() if x.startswith(common.JSON_PREFIX)]
    if process.returncode != 0:
        run.problem = f"exit status {process.returncode}"
    elif len(lines) != 1:
        run.problem = f"{len(lines)} {common.JSON_PREFIX.strip()} lines, not one"
    else:
        try:
            record = json.loads(lines[0][len(common.JSON_PREFIX) :])
        except ValueError as error:
            run.problem = f"its JSON line does not parse: {error}"
        else:
            run.skipped = record.get("skipped", [])
            if not record.get("smoke"):
                run.problem = "its JSON line does not say smoke"
    run.status = (
        "FAILED" if run.problem else ("ok, part skipped" if run.skipped else "ok")
    )
    if run.problem:
        tail = "\n".join(text.splitlines()[-30:])
        print(f"\n--- {run.name} FAILED ({run.problem}); the end of {log}:\n{tail}\n")
    else:
        print(f"{run.name}: {run.status} in {run.seconds:.1f} s", flush=True)


def results_snapshot() -> dict:
    """bench/results/ as it is: a smoke run must leave it alone."""
    return {
        str(p.relative_to(common.RESULTS)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in common.RESULTS.rglob("*")
        if p.is_file()
    }


def schedule(chosen: list[Run], jobs: int, env: dict) -> None:
    """``jobs`` runs at a time; a run with ``after`` waits for that one."""
    done = {run.name: threading.Event() for run in chosen}

    def one(run: Run) -> None:
        if run.after in done:
            done[run.after].wait()
        try:
            execute(run, env)
        finally:
            done[run.name].set()

    # Dependants last, so that a waiting run never holds a slot its
    # predecessor needs.
    ordered = [r for r in chosen if not r.after] + [r for r in chosen if r.after]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(one, run) for run in ordered]:
            future.result()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="postgres://…/bench_… (default: BENCH_DATABASE_URL; none: SQLite)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=3,
        help="benchmarks at a time (3 on two cores: much of a smoke run waits on "
        "servers, Elasticsearch and PostgreSQL)",
    )
    parser.add_argument("--only", default="", help="comma-separated run names")
    parser.add_argument("--fresh-template", action="store_true")
    return parser.parse_args(argv)


def main() -> int:
    args = parse_args()
    base = args.database_url
    if base and not re.fullmatch(r"bench\w*", urlsplit(base).path.lstrip("/")):
        sys.exit("--database-url: the database's name must start with bench")
    es_url = common.elasticsearch_url()
    LOGS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"PostgreSQL: {'yes' if base else 'no (SQLite; PostgreSQL benches skip)'}")
    if not es_url:
        wanted = os.environ.get("ELASTICSEARCH_URL", "")
        print(
            f"Elasticsearch: none answers{f' at {wanted}' if wanted else ''} "
            "(set ELASTICSEARCH_URL): its parts skip"
        )
    chosen = runs(databases(base), es_url)
    if args.only:
        names = set(args.only.split(","))
        chosen = [r for r in chosen if r.name in names]
    before = results_snapshot()
    env = {**clean_env(), "ELASTICSEARCH_URL": es_url}
    # What needs no database (Elasticsearch's own work) runs while it is made.
    with ThreadPoolExecutor(max_workers=1) as side:
        early = [side.submit(execute, r, env) for r in chosen if not r.database]
        key = template_key()
        template = (
            postgres_template(base, key, args.fresh_template)
            if base
            else sqlite_template(key, args.fresh_template)
        )
        template_seconds = time.perf_counter() - started
        print(f"template ready in {template_seconds:.1f} s", flush=True)
        env[common.TEMPLATE_ENV] = template
        schedule([r for r in chosen if r.database], max(1, args.jobs), env)
        for future in early:
            future.result()
    if results_snapshot() != before:
        chosen.append(Run("bench/results", "", [], status="FAILED"))
        chosen[-1].problem = "a smoke run changed bench/results/"
    total = time.perf_counter() - started
    print()
    common.print_table(
        ["run", "status", "wall s", "CPU s", "skipped / problem"],
        [
            [r.name, r.status, f"{r.seconds:.1f}", f"{r.cpu:.1f}",
             r.problem or "; ".join(r.skipped)]
            for r in chosen
        ]
        + [["template", "ok", f"{template_seconds:.1f}", "", template]],
    )  # fmt: skip
    failed = [r.name for r in chosen if r.status == "FAILED"]
    print(
        f"\nbench-smoke: {len(chosen) - len(failed)} of {len(chosen)} ok in "
        f"{total:.1f} s (template {template_seconds:.1f} s), {args.jobs} at a time; "
        f"load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
