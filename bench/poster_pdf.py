"""Benchmark: how long one A4 poster PDF of a service guide takes to make.

    python bench/poster_pdf.py              # 10 renders of each demo guide
    python bench/poster_pdf.py -n 3

Each request goes through Django's test client in this process: the page lookup,
the print template, the QR code and WeasyPrint. A fresh SQLite database under
var/bench/ is migrated and loaded with seed_demo first; the first render of each
guide warms up (fonts, templates) and is not counted.
"""

import argparse
import statistics
import time

import common  # bench/ is on sys.path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="renders per guide")
    common.add_save_option(parser)
    args = parser.parse_args()
    url = f"sqlite:///{common.ROOT / 'var' / 'bench' / 'poster.sqlite3'}"
    common.fresh_database(url)
    common.start_django(url)
    from django.test import Client

    common.migrate_and_seed()
    from portal.models import ServiceGuidePage

    client = Client(HTTP_HOST="localhost")
    timings, sizes = [], []
    for guide in ServiceGuidePage.objects.live():
        url = guide.url + "poster.pdf"
        client.get(url)  # warm-up
        for _ in range(args.n):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            sizes.append(len(response.content))
    import weasyprint

    common.save_result(
        "poster_pdf",
        args.save,
        {
            "weasyprint": weasyprint.__version__,
            "posters": len(timings),
            "median_ms": round(statistics.median(timings)),
            "p95_ms": round(common.percentile(timings, 95)),
            "max_ms": round(max(timings)),
            "pdf_median_kib": round(statistics.median(sizes) / 1024),
        },
    )
    print(
        f"{len(timings)} guide posters: median {statistics.median(timings):.0f} ms, "
        f"p95 {common.percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms; "
        f"PDF median {statistics.median(sizes) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
