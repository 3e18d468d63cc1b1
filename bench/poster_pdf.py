"""Benchmark: how long one A4 poster PDF of a service guide takes to make.

    python bench/poster_pdf.py              # 10 renders of each demo guide
    python bench/poster_pdf.py -n 3
    python bench/poster_pdf.py --smoke      # one render of two guides

Each request goes through Django's test client in this process: the page lookup,
the print template, the QR code and WeasyPrint. A fresh database (a SQLite file
under var/bench/ by default) is migrated and loaded with seed_demo first; the
first render of each guide warms up (fonts, templates) and is not counted.

The site keeps each poster in the page cache (per edition and page revision), so
a second request for the same poster is a cache hit. The cache (a folder of the
benchmark's own, var/bench/poster-cache) is emptied before every timed render,
so each one is made anew; the request right after it, a hit, is timed apart.
"""

import argparse
import os
import shutil
import statistics
import time

import common  # bench/ is on sys.path

CACHE_DIR = common.ROOT / "var" / "bench" / "poster-cache"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="renders per guide")
    parser.add_argument("--guides", type=int, default=0, help="at most this many")
    common.add_database_option(parser, "poster.sqlite3")
    common.add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:
        args.n, args.guides = 1, 2
    return args


def empty_cache() -> None:
    """Nothing kept: the next poster request renders."""
    from portal.page_cache import page_cache

    page_cache().clear()
    if CACHE_DIR.exists() and any(CACHE_DIR.rglob("*.djcache")):
        raise SystemExit(f"{CACHE_DIR} still holds cached pages after clear()")


def measure(args) -> tuple[list[float], list[float], list[int]]:
    """Render times (cache emptied before each), cache-hit times, PDF sizes."""
    from django.test import Client

    from portal.models import ServiceGuidePage

    client = Client(HTTP_HOST="localhost")
    renders, hits, sizes = [], [], []
    guides = ServiceGuidePage.objects.live().order_by("path")
    if args.guides:
        guides = guides[: args.guides]
    for guide in guides:
        url = guide.url + "poster.pdf"
        client.get(url)  # warm-up
        for _ in range(args.n):
            empty_cache()
            for times in (renders, hits):  # made anew, then the kept copy
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
            sizes.append(len(response.content))
    return renders, hits, sizes


def main():
    args = parse_args()
    os.environ["PAGE_CACHE_DIR"] = str(CACHE_DIR)
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    common.fresh_database(args.database_url)
    common.start_django(args.database_url)
    common.migrate_and_seed()
    renders, hits, sizes = measure(args)
    import weasyprint

    figures = {
        "weasyprint": weasyprint.__version__,
        "posters": len(renders),
        "median_ms": round(statistics.median(renders)),
        "p95_ms": round(common.percentile(renders, 95)),
        "max_ms": round(max(renders)),
        "cache_hit_median_ms": round(statistics.median(hits), 1),
        "cache_hit_p95_ms": round(common.percentile(hits, 95), 1),
        "pdf_median_kib": round(statistics.median(sizes) / 1024),
    }
    common.print_table(
        ["poster request", "count", "median ms", "p95 ms", "max ms"],
        [
            ["rendered (cache emptied first)", len(renders), figures["median_ms"],
             figures["p95_ms"], figures["max_ms"]],
            ["kept copy (cache hit)", len(hits), figures["cache_hit_median_ms"],
             figures["cache_hit_p95_ms"], round(max(hits), 1)],
        ],
    )  # fmt: skip
    print(f"PDF median {figures['pdf_median_kib']} KiB")
    common.emit("poster_pdf", figures)
    common.save_result("poster_pdf", args.save, figures)


if __name__ == "__main__":
    main()
