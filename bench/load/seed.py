"""The load benchmark's data, made in a child process with Django set up.

main(): migrate, seed_demo, bulk cases (bench/archive_search.py's generator) with
the archive index rebuilt, and extra published policy pages made from the demo
county's own policies (new slugs, titles and document numbers), so the public
search looks through a few hundred documents rather than a dozen.

world(): print, as the last line of JSON, what the scenarios need: an API token
per demo township clerk, villages by township, assistance types with the
materials their guide lists, and the URL of a service guide.
"""

import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
CLERKS = {"demo-clerk-1": "dongling", "demo-clerk-2": "nanxi"}


def _django(database_url: str | None = None) -> None:
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(BENCH.parent))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
        os.environ["DEBUG"] = "false"
        os.environ.pop("ELASTICSEARCH_URL", None)
        os.environ["SEARCH_BACKEND"] = "database"
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)


def main(database_url: str, cases: int, policies: int, seeded: bool = False) -> None:
    """``seeded``: the database is a copy of the smoke template, migrated and
    loaded with seed_demo already."""
    _django(database_url)
    from django.core.management import call_command

    started = time.perf_counter()
    if not seeded:
        print("migrate …", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        print("seed_demo …", flush=True)
        call_command("seed_demo", verbosity=0)
    if cases:
        from archive_search import generate

        print(f"{cases} cases in bulk …", flush=True)
        generate(cases, 2026)
        print("archive_index rebuild …", flush=True)
        call_command("archive_index", "rebuild", verbosity=0)
    if policies:
        print(f"{policies} extra policies …", flush=True)
        extra_policies(policies)
    # Each save queued its page's search index update as a job, and no worker
    # runs here: without this the public search would find nothing.
    print("update_index …", flush=True)
    call_command("update_index", verbosity=0)
    print(f"  in {time.perf_counter() - started:.0f} s", flush=True)


def extra_policies(n: int) -> None:
    from portal.demo.pages import body_blocks, publish_child, section
    from portal.demo.policies import POLICIES
    from portal.models import AssistanceType, HomePage, PolicyIndexPage, PolicyPage

    home = HomePage.objects.get()
    index = section(home, PolicyIndexPage)
    types = {t.code: t for t in AssistanceType.objects.all()}
    existing = set(index.get_children().values_list("slug", flat=True))
    for i in range(n):
        if f"load-{i:04d}" in existing:
            continue
        spec = POLICIES[i % len(POLICIES)]
        year = 2010 + i % 16
        issued = spec["issue_date"].replace(year=year)
        in_force = spec["effective_date"] and issued + (
            spec["effective_date"] - spec["issue_date"]
        )
        page = PolicyPage(
            slug=f"load-{i:04d}",
            title=f"{spec['title']}（{year}年第{i + 1}次修订）",
            summary=spec["summary"],
            document_number=f"青民发〔{year}〕{100 + i}号",
            issuing_body=spec["issuing_body"],
            issue_date=issued,
            effective_date=in_force,
            status=spec["status"],
            body=body_blocks(spec["body"]),
        )
        page.assistance_types = [types[code] for code in spec["assistance_types"]]
        publish_child(index, page, None)


def world() -> None:
    _django()
    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    from cases.guides import terms_for
    from portal.models import AssistanceType, ServiceGuidePage, Village

    clients = []
    for username, township in CLERKS.items():
        user = get_user_model().objects.get(username=username)
        _, token = APIToken.create_token(user=user, name="load bench")
        clients.append((token, township))
    villages: dict[str, list[str]] = {}
    for township, code in Village.objects.values_list("township__code", "code"):
        villages.setdefault(township, []).append(code)
    materials = {
        item.code: [m.name for m in terms_for(item).materials]
        for item in AssistanceType.objects.all()
    }
    guide = ServiceGuidePage.objects.live().order_by("path").first()
    print(
        json.dumps(
            {
                "clients": clients,
                "villages": villages,
                "materials": materials,
                "guide": guide.url,
            },
            ensure_ascii=False,
        )
    )
