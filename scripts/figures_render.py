"""The renderers of scripts/figures.py: one function a block, Markdown out.

Each benchmark table lists every kept run with its date, so an old figure is
shown as old; what a target is measured against is the newest run that has it.
"""

from collections.abc import Callable


def num(value) -> str:
    """1318 → "1,318"; 24.5 → "24.5"; text stays text."""
    if isinstance(value, bool) or value is None:
        return "—" if value is None else ("yes" if value else "no")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,}"
    return str(value)


def ms(value) -> str:
    return "—" if value is None else f"{num(value)} ms"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(num(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def load_of(record: dict) -> str:
    machine = record["machine"]
    load = machine.get("load_average")
    if isinstance(load, list):
        shown = " / ".join(num(x) for x in load)
        if isinstance(machine.get("load_at_start"), list):
            start = " / ".join(num(x) for x in machine["load_at_start"])
            shown = f"{start} at the start, {shown} at the end"
        return shown
    return load or "not noted"


def where(record: dict) -> str:
    """When, on what, from where: shown under every table."""
    machine = record["machine"]
    return (
        f"`{record['run']}`: {record['date']}, {machine['cpus']} CPUs, "
        f"{machine['memory_gib']} GiB{', shared' if machine.get('shared') else ''}, "
        f"load average {load_of(record)}; {record['source']}"
    )


def sources(records: list[dict]) -> str:
    return "\n".join(f"- {where(r)}" for r in records)


def quiet(record: dict) -> bool:
    """Was the machine free enough for the latency to mean something? A run that
    began while the one-minute load exceeded the CPU count is kept and listed,
    but no target or sizing figure is taken from it. Runs that noted the load at
    their start are judged by it (other work on the machine), not by the load at
    their end, which includes their own; earlier runs by the load at the end."""
    machine = record["machine"]
    load = machine.get("load_at_start") or machine.get("load_average")
    if not isinstance(load, list):
        return True
    starts = [load[0]]
    # A benchmark of several parts notes the load at the start of each
    # ("1.43/3.55/4.96"): every part must begin on a machine free of other work.
    for part in record["figures"].values():
        if isinstance(part, dict) and isinstance(part.get("load_before"), str):
            starts.append(float(part["load_before"].split("/")[0]))
    return max(starts) <= machine["cpus"]


def newest(
    records: list[dict], test: Callable[[dict], bool], *, quiet_only: bool = False
) -> dict | None:
    chosen = [r for r in records if test(r["figures"]) and (quiet(r) or not quiet_only)]
    return chosen[-1] if chosen else None


# ---------------------------------------------------------------- intake_api


def intake(runs: dict) -> str:
    records = runs["intake_api"]
    rows = [
        [
            r["date"],
            r.get("note", ""),
            r["figures"]["database"],
            r["figures"].get("cases"),
            ms(r["figures"].get("p50_ms")),
            ms(r["figures"].get("p95_ms")),
            ms(r["figures"].get("p99_ms")),
            r["figures"].get("cases_per_second"),
            ms(r["figures"].get("cpu_p50_ms")),
            r["figures"].get("queries_per_request"),
        ]
        for r in records
    ]
    header = "date | run | database | cases | p50 | p95 | p99 | cases/s | CPU p50 "
    header += "| SQL statements per request"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


# ---------------------------------------------------------------- archive_search


def archive(runs: dict) -> str:
    records = runs["archive_search"]
    rows = []
    for r in records:
        f = r["figures"]
        queries, speedup = f.get("queries", {}), f.get("speedup", {})
        index = f.get("index", {})
        rows.append(
            [
                r["date"],
                f["engine"] + (f" ({r['note']})" if r.get("note") else ""),
                ms(queries.get("p50_ms")),
                ms(queries.get("p95_ms")),
                ms(queries.get("max_ms")),
                f"{num(speedup['p50'])}× / {num(speedup['p95'])}×" if speedup else "—",
                f"{num(index['docs_per_second'])} docs/s"
                if index.get("docs_per_second")
                else "—",
            ]
        )
        if f.get("baseline"):
            base = f["baseline"]
            naive = ["naive `icontains` scan (the baseline)", ms(base["p50_ms"])]
            rows.append([r["date"], *naive, ms(base["p95_ms"]), "—", "1×", "—"])
    header = "date | engine | search p50 | search p95 | search max "
    header += "| speed-up vs naive p50 / p95 | index build"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


def archive_postgresql(runs: dict) -> str:
    """PostgreSQL runs side by side: size, latency, the naive scan of the same
    run, the speed-up, the rebuild and how busy the machine was."""
    records = [
        r
        for r in runs["archive_search"]
        if r["figures"]["engine"].startswith("database backend on PostgreSQL")
    ]
    rows = []
    for r in records:
        f = r["figures"]
        queries, base = f["queries"], f.get("baseline", {})
        speedup, index = f.get("speedup"), f.get("index", {})
        rows.append(
            [
                f"`{r['run']}`",
                f["dataset"]["history_rows"],
                f["dataset"]["documents"],
                f"{f['dataset']['database_bytes'] / 2**30:.2f} GiB",
                f"{ms(queries['p50_ms'])} / {ms(queries['p95_ms'])}",
                f"{ms(base.get('p50_ms'))} / {ms(base.get('p95_ms'))}",
                f"{num(speedup['p50'])}× / {num(speedup['p95'])}×" if speedup else "—",
                f"{num(speedup['worst_query'])}×" if speedup else "—",
                f"{num(index['docs_per_second'])} docs/s (load {index['load']})"
                if index.get("docs_per_second")
                else "— (index written by a search migration)",
                f.get("server_settings", {}).get("shared_buffers", "not noted"),
                load_of(r),
            ]
        )
    header = "run | history rows | documents | database | search p50 / p95 "
    header += "| naive p50 / p95 "
    header += "| speed-up p50 / p95 | slowest query's speed-up | index build "
    header += "| shared_buffers | load"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


def archive_dataset(runs: dict) -> str:
    record = newest(runs["archive_search"], lambda f: "generation" in f)
    f = record["figures"]
    d = f["dataset"]
    tables = ", ".join(f"{k} {num(v)}" for k, v in d["history_rows_by_table"].items())
    return (
        f"Dataset (generated {record['date']}, {num(f['generation']['seconds'])} s): "
        f"{num(d['cases'])} cases, {num(d['history_rows'])} history rows ({tables}, "
        f"the rest from seed_demo), {num(d['documents'])} documents; SQLite file "
        f"{num(d['database_gib'])} GiB with the FTS5 index."
    )


def steps(runs: dict, bench: str) -> str:
    record = newest(runs[bench], lambda f: "steps" in f)
    rows = [
        [s["change"], s["what"], s["before"], s["after"]]
        for s in record["figures"]["steps"]
    ]
    return (
        table(["change", "measured on", "before", "after"], rows)
        + f"\n\nFrom {where(record)}"
    )


# ---------------------------------------------------------------- stats_dashboard


def stats(runs: dict) -> str:
    records = runs["stats_dashboard"]
    rows = []
    for r in records:
        f = r["figures"]
        results = f["results"]
        for period in ("2026-10", "2026-Q3"):
            county = results.get(f"demo-reviewer {period}", {})
            clerk = results.get(f"demo-clerk-1 {period}", {})
            excel = f.get("excel_ms", {}) if period == "2026-10" else {}
            rows.append(
                [
                    r["date"],
                    f"{f['database']}, {period}"
                    + (f" ({r['note']})" if r.get("note") else ""),
                    ms(county.get("p50")),
                    ms(county.get("p95")),
                    ms(clerk.get("p50")),
                    ms(clerk.get("p95")),
                    " / ".join(ms(v) for v in excel.values()) or "—",
                ]
            )
    header = "date | database, period | county reviewer p50 | p95 | township clerk p50 "
    header += "| p95 | Excel (reviewer / clerk)"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


STATS_USERS = {
    "demo-reviewer": "county reviewer",
    "demo-auditor": "county auditor",
    "demo-clerk-1": "township clerk",
    "demo-coord-dongling-shangzhuang": "village coordinator",
}


def stats_views(runs: dict) -> str:
    """Every view of 统计分析 for the four roles, in the runs that time them all."""
    records = [
        r for r in runs["stats_dashboard"] if "report_xlsx_seconds" in r["figures"]
    ]
    rows = []
    for r in records:
        f = r["figures"]
        for user, role in STATS_USERS.items():
            got = f["results"]

            def pair(key: str, got=got) -> str:
                x = got.get(key)
                return f"{ms(x['p50'])} / {ms(x['p95'])}" if x else "—"

            rows.append(
                [
                    r["date"],
                    f"{num(f['counts']['Case'])} cases, {f['database']}"
                    + (f" ({r['note']})" if r.get("note") else ""),
                    role,
                    pair(f"{user} 2026-10"),
                    pair(f"{user} 2026-Q3"),
                    pair(f"{user} xlsx 2026-10"),
                    pair(f"{user} csv 2026-10"),
                    pair(f"{user} print 2026-10"),
                ]
            )
        rows.append(
            [
                r["date"],
                f"{num(f['counts']['Case'])} cases, {f['database']}",
                "`stats_report` Excel, county, 2026-10",
                f"{num(f['report_xlsx_seconds'])} s",
                "",
                "",
                "",
                "",
            ]
        )
    header = "date | data | role | month p50 / p95 | quarter p50 / p95 "
    header += "| Excel p50 / p95 | CSV p50 / p95 | print p50 / p95"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


def stats_dataset(runs: dict) -> str:
    record = newest(runs["stats_dashboard"], lambda f: "generation_seconds" in f)
    counts = record["figures"]["counts"]
    return "Dataset: " + ", ".join(f"{num(v)} {k}" for k, v in counts.items()) + "."


# ---------------------------------------------------------------- the rest


def history_chain(runs: dict) -> str:
    records = runs["history_chain"]
    rows = []
    for r in records:
        for m in r["figures"]["modes"]:
            breaks = m.get("breaks")
            if breaks is None:
                breaks = f"{num(m['breaks_min'])}–{num(m['breaks_max'])}"
            rows.append(
                [
                    r["date"],
                    m["mode"],
                    m.get("intakes"),
                    m.get("cases_per_s"),
                    f"{ms(m.get('intake_p50_ms'))} / {ms(m.get('intake_p95_ms'))}",
                    f"{ms(m.get('case_p50_ms'))} / {ms(m.get('case_p95_ms'))}",
                    breaks,
                ]
            )
    header = "date | lock mode | cases | cases/s | intake p50 / p95 "
    header += "| intake + 2 steps p50 / p95 | chain breaks"
    return table(header.split(" | "), rows) + "\n\n" + sources(records)


def poster(runs: dict) -> str:
    records = runs["poster_pdf"]
    rows = [
        [
            r["date"],
            f"{r['figures']['posters']} posters, "
            f"WeasyPrint {r['figures']['weasyprint']}",
            ms(r["figures"]["median_ms"]),
            ms(r["figures"]["p95_ms"]),
            ms(r["figures"]["max_ms"]),
            f"{num(r['figures']['pdf_median_kib'])} KiB",
        ]
        for r in records
    ]
    header = ["date", "run", "median", "p95", "max", "PDF size (median)"]
    return table(header, rows) + "\n\n" + sources(records)


def load(runs: dict) -> str:
    records = [r for r in runs["load"] if "results" in r["figures"]]
    rows = [
        [
            r["date"],
            f"{x['label']}, {x['clients']}",
            x["rps"],
            ms(x["p50"]),
            ms(x["p95"]),
            ms(x["p99"]),
            x["errors"],
            r.get("note", ""),
        ]
        for r in records
        for x in r["figures"]["results"].values()
    ]
    header = ["date", "scenario", "req/s", "p50", "p95", "p99", "errors", "run"]
    setup = records[-1]["figures"]["setup"]
    said = ", ".join(f"{k} {num(v)}" for k, v in setup.items())
    return table(header, rows) + f"\n\nSet-up: {said}.\n\n" + sources(records)


def public_search(runs: dict) -> str:
    """bench/public_search.py: uncached searches in one process; gunicorn + wrk."""
    records = runs.get("public_search", [])
    rows = []
    for r in records:
        u = r["figures"].get("uncached", {})
        s = r["figures"].get("served", {})
        rows.append(
            [
                r["date"],
                r["run"],
                u.get("documents"),
                ms(u.get("p50_ms")),
                ms(u.get("p95_ms")),
                u.get("sql_per_search_max"),
                ms(u.get("first_after_publish_ms")),
                ms(u.get("documents_built_ms")),
                s.get("rps"),
                ms(s.get("p50_ms")),
                ms(s.get("p95_ms")),
                ms(s.get("p99_ms")),
                s.get("errors"),
                s.get("guide_page_rps"),
                f"{s.get('load_before', '—')} → {u.get('load_after', '—')}",
            ]
        )
    header = [
        "date", "run", "pages searched", "uncached p50", "uncached p95",
        "SQL per search", "first after a publish", "documents built",
        "served req/s", "p50", "p95",
        "p99", "errors", "a kept guide page, req/s (same server, right after)",
        "load average (1/5/15 min) before → after",
    ]  # fmt: skip
    return table(header, rows) + "\n\n" + sources(records)


def load_shapes(runs: dict) -> str:
    record = newest(runs["load"], lambda f: "gunicorn_shapes" in f)
    rows = [
        [s["shape"], ms(s["busy_p95"]), f"{num(s['ceiling_rps'])} cases/s"]
        for s in record["figures"]["gunicorn_shapes"]
    ]
    header = ["gunicorn", "busy intake p95", "flat-out ceiling"]
    return table(header, rows) + f"\n\nFrom {where(record)}"


def fault(runs: dict, suffix: str) -> dict:
    return [r for r in runs["faults"] if r["run"].endswith(suffix)][-1]


def fault_pg_restart(runs: dict) -> str:
    r = fault(runs, "pg-restart")
    f = r["figures"]
    c = f["consistency"]
    clean = f["failed_by_status"].get("503", 0)
    return (
        f"A {num(f['duration_s'])} s run with the restart at "
        f"{num(f['restart_at_s'])} s ({num(f['workers'])} gunicorn workers, "
        f"{num(f['intake_clients'])} intake clients, {num(f['page_clients'])} page "
        f"clients): {num(f['requests'])} requests "
        f"({num(f['intake_requests'])} intake, {num(f['page_requests'])} page), "
        f"{num(f['failed'])} failed, {num(clean)} of them the clean 503 and "
        f"{num(f['unclean_failures'])} unclean; the failures spanned "
        f"{num(f['failure_window_s'])} s, while the restart command took "
        f"{num(f['restart_took_s'])} s; {num(f['requests_after_recovery'])} later "
        f"requests, {num(f['failed_after_recovery'])} failed; {num(c['cases_made'])} "
        f"cases made, {num(c['cases_answered_201'])} answered 201, "
        f"{num(len(c['problems']))} consistency problems.\n\n{where(r)}"
    )


def fault_full_disk(runs: dict) -> str:
    r = fault(runs, "full-disk")
    f = r["figures"]
    return (
        f"On a {f['tmpfs']} tmpfs, {num(f['file_kib'])} KiB documents: "
        f"{num(f['stored_before_full'])} stored before it was full; the next refused "
        f"with 507 and the message: {num(f['refused_with_507_and_message'])}; "
        f"replacing a file on the full disk answered {num(f['replace_on_full_disk'])} "
        f"and kept the old file: {num(f['replaced_document_kept_old_file'])}; "
        f"{num(f['files_on_disk'])} files on disk, "
        f"{num(len(f['files_without_record']))} without a record, all complete: "
        f"{num(f['stored_files_complete'])}.\n\n{where(r)}"
    )


def all_blocks(runs: dict) -> dict[str, str]:
    from figures_derived import derived_blocks

    blocks = {
        "intake": intake(runs),
        "archive": archive(runs),
        "archive-dataset": archive_dataset(runs),
        "archive-postgresql": archive_postgresql(runs),
        "archive-steps": steps(runs, "archive_search"),
        "stats": stats(runs),
        "stats-dataset": stats_dataset(runs),
        "stats-views": stats_views(runs),
        "stats-steps": steps(runs, "stats_dashboard"),
        "history-chain": history_chain(runs),
        "poster": poster(runs),
        "load": load(runs),
        "load-shapes": load_shapes(runs),
        "public-search": public_search(runs),
        "load-steps": steps(runs, "load"),
        "fault-pg-restart": fault_pg_restart(runs),
        "fault-full-disk": fault_full_disk(runs),
    }
    blocks.update(derived_blocks(runs))
    return blocks
