"""What every benchmark shares: a fresh database, Django set up on it, percentiles."""

import logging
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# How busy the machine was before the benchmark began: what other work was on
# it. The load at the end includes the benchmark's own (a load test saturates
# both cores), so a kept run is judged by this one (scripts/figures_render.py).
LOAD_AT_START = [round(x, 2) for x in os.getloadavg()]


# How the generated cases spread over the channels and assistance types (weights).
CHANNELS = [
    ("window", 40), ("online", 20), ("hotline_12349", 10), ("phone", 8),
    ("proxy", 10), ("active_discovery", 7), ("petition_transfer", 5),
]  # fmt: skip
TYPE_WEIGHTS = {
    "dibao": 25, "tekun": 6, "linshi": 22, "dibao-bianyuan": 8, "yiliao": 15,
    "jiaoyu": 9, "zhufang": 6, "jiuye": 5, "shouzai": 4,
}  # fmt: skip


# Set by bench/smoke.py: a database already migrated and loaded with seed_demo
# (a SQLite file, or the name of a PostgreSQL database), copied by fresh_database
# instead of making an empty one, so that a smoke run migrates once, not per bench.
TEMPLATE_ENV = "BENCH_TEMPLATE"
_from_template = False


def fresh_database(url: str, *, prefixes: tuple[str, ...] = ("bench",)) -> None:
    """Delete the SQLite file, or drop and recreate the PostgreSQL database.

    Only a database whose name starts with one of ``prefixes`` is dropped, so a
    mistyped URL cannot wipe real data. With BENCH_TEMPLATE set, the new database
    is a copy of that template, and migrate_and_seed has nothing left to do.
    """
    global _from_template
    template = os.environ.get(TEMPLATE_ENV, "")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if template.startswith("/"):
            shutil.copyfile(template, path)
            _from_template = True
        return
    import psycopg

    name = parts.path.lstrip("/")
    if not re.fullmatch(rf"({'|'.join(prefixes)})\w*", name):
        expected = prefixes[0]
        sys.exit(f"refusing to drop {name!r}: the database must be named {expected}…")
    admin = parts._replace(path="/postgres").geturl()
    copy = template if template and not template.startswith("/") else ""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if copy:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    _from_template = bool(copy)


def redact(text: str) -> str:
    """``text`` with the password of any URL in it replaced by ***: figures and
    logs (CI keeps them) never show one."""
    return re.sub(r"(\w+://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def from_template() -> bool:
    """Whether fresh_database copied the smoke template (migrated and seeded)."""
    return _from_template


def start_django(database_url: str) -> None:
    """Django on that database, without DEBUG's query log and with warnings only."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Each refused request and background task would log a line; keep errors only.
    logging.disable(logging.WARNING)


def migrate_and_seed(*, seed: bool = True) -> None:
    """Bring the database Django is set up on to the current schema and, unless
    ``seed`` is False, load the demo county (seed_demo); each step announced."""
    from django.core.management import call_command

    if _from_template:
        print("migrated and seeded: a copy of the smoke template", flush=True)
        return
    print("migrate …", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    if seed:
        print("seed_demo …", flush=True)
        call_command("seed_demo", verbosity=0)


def login(client, user) -> None:
    """Sign the test ``client`` in as ``user`` with the second factor given: the
    demo's case roles sign in with a one-time code, and a forced login alone
    lands on the code page (HTTP 302)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timing_summary(times: list[list[float]]) -> dict:
    """Runs, p50, p95 and max over every timing of every query (milliseconds)."""
    flat = [t for per in times for t in per]
    return {
        "runs": len(flat),
        "p50_ms": round(percentile(flat, 50), 1),
        "p95_ms": round(percentile(flat, 95), 1),
        "max_ms": round(max(flat), 1),
    }


# Kept results: scripts/figures.py renders them into the docs (docs/benchmarks.md).
RESULTS = ROOT / "bench" / "results"

# ------------------------------------------------------------------- output
# Every benchmark prints its figures as one line starting with this (a script
# greps it: bench/smoke.py does), beside its table for people.
JSON_PREFIX = "BENCH-JSON "
SMOKE = False  # set by parse(): tiny sizes, nothing kept
_skipped: list[str] = []


def add_smoke_option(parser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes: a check that the benchmark still runs (make bench-smoke); "
        "its figures are printed, never kept",
    )


def parse(parser, argv=None):
    """The parser's arguments; --smoke and --save together are refused, since a
    smoke run's figures measure nothing worth keeping."""
    global SMOKE
    args = parser.parse_args(argv)
    SMOKE = bool(getattr(args, "smoke", False))
    if SMOKE and getattr(args, "save", None):
        parser.error("--smoke runs are not measurements: --save is refused")
    default = parser.get_default("database_url")
    if SMOKE and default and args.database_url == default and "/bench/" in default:
        # Never the data of a real run: var/bench/smoke/NAME instead.
        args.database_url = default.replace("/bench/", "/bench/smoke/")
    return args


def skip(part: str, reason: str) -> None:
    """Say, loudly, that a part did not run (a service is absent); it is listed
    under "skipped" in the JSON line too."""
    _skipped.append(f"{part}: {reason}")
    print(f"SKIPPED {part}: {reason}", flush=True)


def emit(bench: str, figures: dict) -> None:
    """The one JSON line of a run's figures."""
    import json

    record = {"bench": bench, "smoke": SMOKE, "skipped": _skipped, **figures}
    line = json.dumps(record, ensure_ascii=False, default=str)
    print(JSON_PREFIX + line, flush=True)


def print_table(header: list[str], rows: list[list]) -> None:
    """A plain text table, columns as wide as their widest cell."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def free_port() -> int:
    """A TCP port nobody listens on now (a smoke run's server)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smoke_server_env() -> dict:
    """A smoke run's servers: production settings, static files from the source
    folders (bench/smoke_settings.py), so no collectstatic."""
    return {
        "DJANGO_SETTINGS_MODULE": "smoke_settings",
        "PYTHONPATH": str(ROOT / "bench"),
    }


def no_elasticsearch(url: str) -> str:
    """Why a part on Elasticsearch did not run, for skip()."""
    if not url:
        return "no Elasticsearch given (set ELASTICSEARCH_URL)"
    return f"no Elasticsearch node answers at {url}"


def print_figures(figures: dict, prefix: str = "") -> None:
    """A run's figures as a two-column table, nested ones under dotted names."""

    def rows(values: dict, stem: str) -> list[list]:
        out = []
        for key, value in values.items():
            if isinstance(value, dict):
                out += rows(value, f"{stem}{key}.")
            else:
                out.append([f"{stem}{key}", value])
        return out

    print_table(["figure", "value"], rows(figures, prefix))


def elasticsearch_url(url: str | None = None) -> str:
    """``url`` (by default ELASTICSEARCH_URL) when it is set and the node answers,
    else '' (and why, through skip(), is the caller's to say)."""
    url = (os.environ.get("ELASTICSEARCH_URL", "") if url is None else url).strip()
    if not url:
        return ""
    import urllib.request

    health = url.rstrip("/") + "/_cluster/health"
    try:
        with urllib.request.urlopen(health, timeout=5):  # noqa: S310 - a URL we were given
            return url
    except OSError:
        return ""


def add_database_option(parser, sqlite_name: str) -> None:
    """--database-url, by default a SQLite file under var/bench/; made afresh."""
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{ROOT / 'var' / 'bench' / sqlite_name}",
        help="sqlite:///path or postgres://…/bench_…, made afresh each run",
    )


def add_save_option(parser) -> None:
    parser.add_argument(
        "--save",
        metavar="RUN",
        help="keep the figures as bench/results/<bench>/RUN.json (commit it, then "
        "run scripts/figures.py to put them in the docs)",
    )


def machine() -> dict:
    """What the figures depend on: cores, memory, and how busy the machine was."""
    import platform

    memory_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text().splitlines()[0]  # MemTotal:  24576000 kB
        memory_kib = int(first.split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "load_at_start": LOAD_AT_START,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def settle(limit: float | None = None, longest: float = 120.0) -> None:
    """Wait (at most ``longest`` seconds) until the one-minute load is under
    ``limit`` (default: the CPU count less half a core), so that a part of a
    benchmark does not begin under the load its previous part left behind; the
    load at each part's start is kept with the figures and judged
    (scripts/figures_render.py). Nothing to wait for in smoke mode."""
    import time

    if SMOKE:
        return
    limit = (os.cpu_count() or 1) - 0.5 if limit is None else limit
    waited = 0.0
    while os.getloadavg()[0] >= limit and waited < longest:
        if waited == 0:
            print(f"waiting for the load to settle under {limit} …", flush=True)
        time.sleep(5)
        waited += 5


def current_commit() -> str:
    """The checkout's short commit id, which a kept result names ("" outside git)."""
    import subprocess

    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def save_result(bench: str, run: str | None, figures: dict, note: str = "") -> None:
    """Write one run's figures with its date, machine, command and commit (never
    a smoke run's)."""
    if not run or SMOKE:
        return
    import json
    from datetime import date

    commit = current_commit()
    record = {
        "bench": bench,
        "run": run,
        "date": date.today().isoformat(),
        "machine": machine(),
        "command": " ".join(["bench/" + Path(sys.argv[0]).name, *sys.argv[1:]]),
        "source": f"measured at commit {commit or 'unknown'}",
        "figures": figures,
    }
    if note:
        record["note"] = note
    path = RESULTS / bench / f"{run}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"result kept in {path.relative_to(ROOT)}: run scripts/figures.py")
