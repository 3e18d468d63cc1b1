"""Benchmark: the statistics dashboard (统计分析) over 100,000 cases.

    python bench/stats_dashboard.py -n 5000                 # a quick run, SQLite
    python bench/stats_dashboard.py                         # 100,000 cases, SQLite
    python bench/stats_dashboard.py \
        --database-url postgres://bench:bench@127.0.0.1:5432/bench_stats
    python bench/stats_dashboard.py --skip-generate         # reuse the data

Steps, each timed and printed:

1. Data (skipped with ``--skip-generate``): a fresh database (SQLite file under
   var/bench/, or a PostgreSQL database whose name starts with ``bench``, dropped
   and created), migrated and loaded with seed_demo; then N fictional cases written
   in bulk (not through the services, no history rows): spread over the demo
   townships and villages, the nine assistance types (weighted), seven channels
   and 2024-01..2026-11, each walked to a status with its stage deadlines (working
   days from the official calendar, some late, some extended), decisions
   (about 80 % approved), referrals (~12 % of cases, eleven departments, some fed
   back late or not at all), complaints (~3 %) and follow-ups (~35 % of closed).
2. Requests: the dashboard page ``/admin/statistics/?period=…`` through Django's
   test client (middleware, login session, the Wagtail admin template), logged in
   as the county reviewer (whole county, broken down by township) and as a
   township clerk: one warm-up, then ``--requests`` timed requests each, for a
   month and for a quarter; then the Excel download once each.
"""

import argparse
import bisect
import io
import json
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import common  # bench/ is on sys.path

LOCAL = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2024, 1, 2)
LAST_DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 23, 9, tzinfo=LOCAL)
BATCH = 5000
TARGET_MS = 1000.0
COMPLAINT_CHANNELS = ["website", "app", "platform", "phone", "hotline_12349", "letter"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="cases to generate")
    parser.add_argument(
        "--base",
        type=int,
        default=100_000,
        help="cases generated one by one; beyond them the database copies these "
        "(INSERT … SELECT, shifted ids, numbers and minutes) up to -n",
    )
    parser.add_argument(
        "--export-requests", type=int, default=3, help="timed per download"
    )
    common.add_database_option(parser, "stats.sqlite3")
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="reuse the data (migrated to the current schema first)",
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="make the data, time nothing"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed per case")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    common.add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:  # 200 cases (80 copied), two roles, 1 timed request per view
        args.n, args.base, args.requests, args.export_requests = 200, 120, 1, 1
    return args


class Days:
    """Working days as a sorted list: n working days after a date by bisection."""

    def __init__(self, first: date, last: date):
        from core.workdays import WorkingCalendar

        calendar = WorkingCalendar()
        day, self.days = first, []
        while day <= last:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += timedelta(days=1)

    def add(self, start: date, n: int) -> date:
        index = bisect.bisect_right(self.days, start) + n - 1
        return self.days[min(index, len(self.days) - 1)]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.randint(0, 59),
        tzinfo=LOCAL,
    )


def _id_number(rng: random.Random) -> str:
    return f"43990119{rng.randint(50, 99)}0101{rng.randint(100, 999)}X"


def load_world() -> dict:
    from django.contrib.auth import get_user_model

    from portal.models import AssistanceType, Department, Township, Village

    users = dict(get_user_model().objects.values_list("username", "pk"))
    townships = []
    for number, township in enumerate(Township.objects.order_by("code"), start=1):
        villages = list(
            Village.objects.filter(township=township).values_list("pk", flat=True)
        )
        clerks = [users[f"demo-clerk-{number}"], users[f"demo-clerk-{number}b"]]
        townships.append((township.pk, villages, clerks))
    types = {t.code: t for t in AssistanceType.objects.all()}
    return {
        "townships": townships,
        "types": [(types[c], w) for c, w in common.TYPE_WEIGHTS.items() if c in types],
        "departments": list(Department.objects.values_list("pk", flat=True)),
        "reviewers": [users["demo-reviewer"], users["demo-reviewer-b"]],
    }


def generate(n: int, seed: int) -> None:
    from django.db import transaction

    from cases.models import Applicant, Case

    rng = random.Random(seed)
    world = load_world()
    days = Days(FIRST_DAY - timedelta(days=10), date(2027, 3, 31))
    types, weights = zip(*world["types"], strict=True)
    channels, channel_weights = zip(*common.CHANNELS, strict=True)
    span = (LAST_DAY - FIRST_DAY).days
    started = time.monotonic()
    done = 0
    serial = {}
    while done < n:
        size = min(BATCH, n - done)
        with transaction.atomic():
            applicants, cases, plans = [], [], []
            for _ in range(size):
                township, villages, clerks = rng.choice(world["townships"])
                village = rng.choice(villages) if villages else None
                kind = rng.choices(types, weights)[0]
                received_on = FIRST_DAY + timedelta(days=rng.randrange(span))
                received_at = _at(received_on, rng)
                year = received_on.year
                serial[year] = serial.get(year, 0) + 1
                applicants.append(
                    Applicant(
                        name="王秀英", id_number=_id_number(rng),
                        phone="13800000000", address="青禾县", township_id=township,
                        village_id=village,
                    )
                )  # fmt: skip
                case = Case(
                    number=f"JB{year}{serial[year]:07d}", assistance_type=kind,
                    channel=rng.choices(channels, channel_weights)[0],
                    township_id=township, village_id=village, description="申请救助",
                    received_at=received_at, received_by_id=clerks[0],
                    handler_id=rng.choice(clerks), stage_limits={},
                    public_notice_days=kind.public_notice_days,
                )  # fmt: skip
                cases.append(case)
                plans.append((case, kind, received_on, clerks))
            Applicant.objects.bulk_create(applicants, batch_size=1000)
            for case, applicant in zip(cases, applicants, strict=True):
                case.applicant_id = applicant.pk
            walk_all(plans, days, rng, world)
        done += size
        rate = done / (time.monotonic() - started)
        print(f"  cases {done:,}/{n:,} ({rate:,.0f}/s)", flush=True)


def _copy_sql(model, k: int, shifts: dict, base: int, where: str, pg: bool) -> str:
    """INSERT … SELECT of ``model``'s rows matching ``where``, as copy ``k``: ids
    and the case and applicant keys moved by ``shifts``, numbers by ``k * base``,
    instants by ``k`` minutes. Names and numbers only, never outside input."""
    from django.db import connection

    from cases.models import Applicant, Case

    quote = connection.ops.quote_name
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = quote(field.column)
        value = column
        if field.primary_key:
            value = f"{column} + {shifts[model]}"
        elif field.column == "case_id":
            value = f"{column} + {shifts[Case]}"
        elif model is Case and field.column == "applicant_id":
            value = f"{column} + {shifts[Applicant]}"
        elif field.name == "number":  # JB2025 + a serial of 7 digits
            serial = f"CAST(substr({column}, 7) AS INTEGER) + {k * base}"
            value = (
                f"substr({column}, 1, 6) || lpad(({serial})::text, 7, '0')"
                if pg
                else f"substr({column}, 1, 6) || printf('%07d', {serial})"
            )
        elif field.get_internal_type() == "DateTimeField":
            value = (
                f"{column} + interval '{k} minutes'"
                if pg
                else f"datetime({column}, '+{k} minutes')"
            )
        columns.append(column)
        values.append(value)
    table = quote(model._meta.db_table)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {table} WHERE {where}"
    )


def multiply(n: int) -> None:
    """Copy the generated cases in SQL until there are ``n`` of them.

    Each copy is one INSERT … SELECT per table (applicants, cases, stage
    deadlines, referrals, complaints, follow-ups), the ids shifted past the
    table's highest, the case, referral and complaint numbers given a serial of
    their own, and every instant moved by as many minutes as the copy's number
    (at most 9, and the generated times end by 18:00): the local dates stay the
    original's, so the deadlines, working-day durations and periods are the
    same, each copy counted once more. The last copy may take only the first
    part of the cases.
    """
    from django.db import connection, transaction

    from cases.models import (
        Applicant,
        Case,
        Complaint,
        FollowUp,
        Referral,
        StageDeadline,
    )

    ids = list(
        Case.objects.filter(number__startswith="JB")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    base = len(ids)
    if not base or n <= base:
        return
    copies = -(-n // base) - 1
    if copies > 9:
        sys.exit("at most 9 copies: raise --base")
    children = (StageDeadline, Referral, Complaint, FollowUp)
    models = (Applicant, Case, *children)
    tops = {
        m: m.objects.order_by("-pk").values_list("pk", flat=True)[0] for m in models
    }
    pg = connection.vendor == "postgresql"
    cases = connection.ops.quote_name(Case._meta.db_table)
    started, made = time.monotonic(), base
    for k in range(1, copies + 1):
        take = min(base, n - made)
        chosen = (
            f"SELECT id FROM {cases} "  # noqa: S608
            f"WHERE number LIKE 'JB%' AND id BETWEEN {ids[0]} AND {ids[take - 1]}"
        )
        shifts = {m: k * tops[m] for m in models}
        wheres = {
            Applicant: f"id IN ({chosen.replace('SELECT id', 'SELECT applicant_id')})",
            Case: f"id IN ({chosen})",
            **dict.fromkeys(children, f"case_id IN ({chosen})"),
        }
        with transaction.atomic(), connection.cursor() as cursor:
            for model in models:
                cursor.execute(_copy_sql(model, k, shifts, base, wheres[model], pg))
        made += take
        rate = (made - base) / (time.monotonic() - started)
        print(f"  cases {made:,}/{n:,} (copy {k}, {rate:,.0f}/s)", flush=True)
    if pg:  # the next id of each table after the copies'
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                top = f"SELECT max(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({top}))", [table]
                )


def walk_all(plans, days: Days, rng: random.Random, world: dict) -> None:
    """Statuses, decisions, deadlines, referrals, complaints and follow-ups."""
    from cases.models import Case, Complaint, FollowUp, Referral, StageDeadline

    deadlines, walked = [], []
    for case, kind, received_on, clerks in plans:
        stages, closed_on = walk(case, kind, received_on, days, rng, world)
        deadlines.append(stages)
        walked.append((case, closed_on, clerks))
    Case.objects.bulk_create([c for c, _, _ in walked], batch_size=1000)
    rows, referrals, complaints, followups = [], [], [], []
    for (case, closed_on, clerks), stages in zip(walked, deadlines, strict=True):
        for stage in stages:
            stage.case_id = case.pk
            rows.append(stage)
        if rng.random() < 0.12:
            referrals.append(referral(case, days, rng, world, clerks[0]))
        if rng.random() < 0.03:
            complaints.append(complaint(case, days, rng, clerks[0]))
        if closed_on and rng.random() < 0.35:
            followups.append(followup(case, closed_on, rng, clerks[0]))
    StageDeadline.objects.bulk_create(rows, batch_size=2000)
    Referral.objects.bulk_create(referrals, batch_size=1000)
    Complaint.objects.bulk_create(complaints, batch_size=1000)
    FollowUp.objects.bulk_create(followups, batch_size=1000)


def _stage(code, start, limit, days, rng, *, late=0.08, extend=0.05):
    from cases.models import StageDeadline

    extended = rng.choice((2, 3, 5)) if rng.random() < extend else 0
    due = days.add(start, limit + extended)
    spent = rng.choice(range(0, limit + 1)) if limit else 0
    if rng.random() < late:
        spent = limit + extended + rng.randint(1, 4)
    done = days.add(start, spent) if spent else start
    completed = _at(done, rng) if done <= NOW.date() else None
    return StageDeadline(
        stage=code, starts_on=start, working_days=limit, extended_days=extended,
        due_on=due, calculation="bench", completed_at=completed,
    ), done  # fmt: skip


def walk(case, kind, received_on, days, rng, world):
    """Walk one case as far as its dates allow; returns its deadlines and close day."""
    stages = []
    accept, day = _stage("accept", received_on, kind.acceptance_days, days, rng)
    stages.append(accept)
    if accept.completed_at is None:
        return stages, None
    case.status = "accepted"
    if rng.random() < 0.06:  # not accepted or referred: reply and close
        case.status = rng.choice(["not_accepted", "referred"])
        return stages + _reply(case, day, kind, days, rng), _closed(case)
    investigate, day = _stage("investigate", day, kind.investigation_days, days, rng)
    stages.append(investigate)
    if investigate.completed_at is None:
        case.status = "investigating"
        return stages, None
    review, day = _stage("review", day, 5, days, rng)
    stages.append(review)
    if review.completed_at is None:
        case.status = "reviewing"
        return stages, None
    approved = rng.random() < 0.8
    case.status = case.decision = "approved" if approved else "denied"
    case.decided_at = review.completed_at
    return stages + _reply(case, day, kind, days, rng), _closed(case)


def _reply(case, day, kind, days, rng):
    reply, done = _stage("reply", day, kind.reply_days, days, rng)
    if reply.completed_at is not None:
        case.closed_at = reply.completed_at
        case.status = "archived" if rng.random() < 0.6 else "replied"
    return [reply]


def _closed(case):
    return case.closed_at.astimezone(LOCAL).date() if case.closed_at else None


def referral(case, days, rng, world, clerk):
    from cases.models import Referral

    sent_on = case.received_at.astimezone(LOCAL).date()
    due = days.add(sent_on, 5)
    row = Referral(
        number=f"ZB{case.number[2:]}", case=case,
        department_id=rng.choice(world["departments"]), need="转办事项",
        reason="属其他部门职责", referred_at=case.received_at, referred_by_id=clerk,
        due_working_days=5, feedback_due=due, due_calculation="bench",
    )  # fmt: skip
    answer = days.add(sent_on, rng.choice((2, 3, 4, 5, 5, 7, 9)))
    if answer <= NOW.date() and rng.random() < 0.85:
        row.feedback, row.feedback_at, row.status = (
            "已办理",
            _at(answer, rng),
            "fed_back",
        )
    return row


def complaint(case, days, rng, clerk):
    from cases.models import Complaint

    on = case.received_at.astimezone(LOCAL).date() + timedelta(days=rng.randint(3, 40))
    on = min(on, NOW.date())
    named = rng.random() < 0.7
    row = Complaint(
        number=f"TS{case.number[2:]}", channel=rng.choice(COMPLAINT_CHANNELS),
        name="李大妈" if named else "", content="反映办理慢", case=case,
        township_id=case.township_id, received_at=_at(on, rng), received_by_id=clerk,
        response_due=days.add(on, 10) if named else None,
    )  # fmt: skip
    answer = days.add(on, rng.choice((3, 6, 9, 10, 12)))
    if named and answer <= NOW.date():
        row.status, row.answered_at, row.answer = "answered", _at(answer, rng), "已答复"
    return row


def followup(case, closed_on, rng, clerk):
    from cases.models import FollowUp

    on = closed_on + timedelta(days=rng.randint(1, 20))
    result = rng.choices(
        ["satisfied", "basic", "dissatisfied", "unreached"], (60, 25, 5, 10)
    )[0]
    return FollowUp(
        case=case, kind=rng.choice(["evaluation", "revisit"]), satisfaction=result,
        conducted_at=_at(min(on, NOW.date()), rng), conducted_by_id=clerk,
    )  # fmt: skip


def _ok(response) -> None:
    if response.status_code != 200:
        sys.exit(f"unexpected HTTP {response.status_code}")


# The four case roles whose areas differ in kind: the county (reviewer, and the
# auditor who reads everything), a township (clerk) and a village (coordinator).
USERS = (
    "demo-reviewer",
    "demo-auditor",
    "demo-clerk-1",
    "demo-coord-dongling-shangzhuang",
)
PERIODS = ("2026-10", "2026-Q3")
# Every other view of 统计分析, for the month: the downloads and the print page.
EXPORTS = {
    "xlsx": "/admin/statistics/report.xlsx",
    "csv": "/admin/statistics/report.csv",
    "print": "/admin/statistics/print/",
}


def _timed(client, url: str, requests: int) -> dict:
    _ok(client.get(url))  # warm-up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        _ok(response)
    return {
        "p50": statistics.median(times),
        "p95": common.percentile(times, 95),
        "max": max(times),
    }


def measure(requests: int, export_requests: int) -> tuple[dict, dict]:
    """(dashboard and download timings by "user view", Excel p50 by user)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    results, excel = {}, {}
    # A smoke run checks that every view answers: the county and a village do.
    for username in USERS[::3] if common.SMOKE else USERS:
        client = Client(HTTP_HOST="127.0.0.1")
        common.login(client, users.get(username=username))
        timings = {}
        for period in PERIODS:
            url = f"/admin/statistics/?period={period}"
            timings[f"{username} {period}"] = _timed(client, url, requests)
        for kind, path in EXPORTS.items():
            url = f"{path}?period={PERIODS[0]}"
            timings[f"{username} {kind} {PERIODS[0]}"] = _timed(
                client, url, export_requests
            )
        for key, value in timings.items():
            print(
                f"  {key:48} p50 {value['p50']:8.1f} ms  "
                f"p95 {value['p95']:8.1f} ms  max {value['max']:8.1f} ms",
                flush=True,
            )
        results.update(timings)
        excel[username] = round(timings[f"{username} xlsx {PERIODS[0]}"]["p50"])
    return results, excel


def command_report() -> float:
    """The county's monthly Excel report made by ``stats_report``, in seconds."""
    from django.core.management import call_command

    target = common.ROOT / "var" / "bench" / "stats-report.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    call_command(
        "stats_report", period=PERIODS[0], format="xlsx", output=str(target),
        stderr=io.StringIO(),
    )  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"  stats_report {PERIODS[0]} xlsx (county): {seconds:.1f} s", flush=True)
    return round(seconds, 1)


def main() -> None:
    args = parse_args()
    generation_seconds = None
    if not args.skip_generate:
        common.fresh_database(args.database_url)
    common.start_django(args.database_url)
    from django.db import connection

    if not args.skip_generate:
        common.migrate_and_seed()
        started = time.monotonic()
        base = min(args.n, args.base)
        print(f"generating {base:,} cases …", flush=True)
        generate(base, args.seed)
        print(f"generated in {time.monotonic() - started:.0f} s", flush=True)
        if args.n > base:
            print(f"copying them up to {args.n:,} …", flush=True)
            multiply(args.n)
        generation_seconds = round(time.monotonic() - started)
        print(f"{args.n:,} cases in {generation_seconds} s", flush=True)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics for the query planner
        print(f"ANALYZE in {time.monotonic() - started:.1f} s", flush=True)
        if args.generate_only:
            return
    else:
        common.migrate_and_seed(seed=False)  # the data under the current schema
    from cases.models import Case, Complaint, FollowUp, Referral, StageDeadline

    counts = {
        model.__name__: model.objects.count()
        for model in (Case, StageDeadline, Referral, Complaint, FollowUp)
    }
    print("dataset:", ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
    print(
        f"dashboard ({connection.vendor}), {args.requests} requests each:", flush=True
    )
    load_before = [round(x, 2) for x in os.getloadavg()]
    results, excel = measure(args.requests, args.export_requests)
    report_seconds = command_report()
    worst = max(r["p95"] for r in results.values())
    verdict = "met" if worst < TARGET_MS else "MISSED"
    print(f"worst p95 {worst:.1f} ms; target < {TARGET_MS:.0f} ms: {verdict}")
    label = (
        f"SQLite {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}"
    )
    figures = {
        "vendor": connection.vendor,
        "database": label,
        "counts": counts,
        **({"generation_seconds": generation_seconds} if generation_seconds else {}),
        "results": {
            key: {k: round(v, 1) for k, v in value.items()}
            for key, value in results.items()
        },
        "excel_ms": excel,
        "report_xlsx_seconds": report_seconds,
        "worst_p95_ms": round(worst, 1),
        "load_average_before": load_before,
    }
    common.print_table(
        ["user, period", "p50 ms", "p95 ms", "max ms"],
        [
            [key, *(round(value[k], 1) for k in ("p50", "p95", "max"))]
            for key, value in results.items()
        ]
        + [[f"{user} Excel 2026-10", ms, "", ""] for user, ms in excel.items()],
    )
    common.emit("stats_dashboard", figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    common.save_result("stats_dashboard", args.save, figures)
    sys.exit(0)


if __name__ == "__main__":
    main()
