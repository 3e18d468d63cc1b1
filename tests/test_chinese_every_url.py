"""Chinese on every URL: each URL pattern of the project, as each role gets it, on
the access matrix's county (tests/test_access_matrix.py builds the URLs and the
objects they name), has no stray English in any HTML answer.

The scan is strays() of tests/test_chinese_everywhere.py: the visible text and the
attributes read out, links to other hosts, and unfilled placeholders. A dialog
the admin opens (a chooser) comes as JSON with its HTML inside: that HTML is
scanned. Other JSON (the API) and files (PDF, spreadsheets, media) are not pages
and are not requested. A POST that the view took is followed to the page it
leads to, so its message is read too.

What each role is asked for comes from docs/access-matrix.md (whose outcomes
tests/test_access_matrix.py checks): a page the role may open ("ok", or a form
with its errors, "400") is requested as that role; a refusal ("deny", "404",
"405") is the same page whoever is refused, so it is requested once, as the
first role the table refuses; a redirect to the login page has no text and is
not requested.

To see a failing page: CHINESE_SCAN_DUMP=/tmp/pages writes each one there.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from tests.access_matrix import ROLES, read_matrix, url_patterns
from tests.test_access_matrix import (
    ERROR_PAGES,
    USERNAMES,
    _bodies,
    _cannot_run_here,
    _sessions,
    build_county,
    build_path,
)
from tests.test_chinese_everywhere import _allowed_data, _report, strays

# The role's own page: scanned for every role that gets it.
OWN = {"ok", "400"}
# A refusal: the same page for every refused role, scanned for the first.
REFUSALS = {"deny", "404", "405"}
# A sweep that saw fewer pages than this would pass whatever the pages said
# (a broken session makes every admin row a redirect to the login page).
LEAST_PAGES = {"anonymous": 10}
LEAST_PAGES_SIGNED_IN = 50
# Answers that are data or files, never a page: not requested (the poster's PDF
# alone took seconds a request). The API's own documentation page is a page.
NOT_PAGES = re.compile(
    r"\.(?:pdf|csv|xlsx|json|ico|png|jpe?g|svg)$|^/(?:media|documents)/|^/api/(?!.*/docs$)"
)


@pytest.fixture(scope="module")
def matrix_county(django_db_setup, django_db_blocker, tmp_path_factory):
    """The access matrix's county, built once for the module and rolled back."""
    media = tmp_path_factory.mktemp("every-url-media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        county = build_county()
        yield county, _allowed_data()
        transaction.set_rollback(True)
    cache.clear()


def asked_as(row, role: str) -> bool:
    """Whether the sweep requests the row as this role (see the module's text)."""
    outcome = row.outcomes[role]
    if outcome in OWN:
        return True
    if outcome in REFUSALS:
        return role == next(r for r in ROLES if row.outcomes[r] == outcome)
    return False


def _answer(row, path: str, session: str | None, body, n: int) -> str:
    """The HTML of the answer (a dialog's, for a chooser's JSON), or "" for other
    JSON, a file or a redirect."""
    client = Client(REMOTE_ADDR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    # Each request sees the same county: whatever it changes is rolled back.
    with transaction.atomic():
        if row.method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, body or {}, follow=True)
        html = ""
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            if response.streaming:
                html = b"".join(response.streaming_content).decode()
            else:
                html = response.content.decode()
        elif content_type.startswith("application/json") and not response.streaming:
            data = json.loads(response.content or b"null")
            if isinstance(data, dict) and isinstance(data.get("html"), str):
                html = data["html"]
        transaction.set_rollback(True)
    return html


class _GET:
    method = "GET"
    key = "page"


def _live_pages() -> list[str]:
    from wagtail.models import Page

    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    return sorted({page.url for page in pages if page.url})


def _dump(role: str, row, html: str) -> None:
    if target := os.environ.get("CHINESE_SCAN_DUMP"):
        name = re.sub(r"[^\w.-]+", "_", f"{role}-{row.method}-{row.key}")
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / f"{name}.html").write_text(html, encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_speaks_only_chinese(matrix_county, role):
    from django.contrib.auth import get_user_model

    county, allowed = matrix_county
    # Logged in here, not in the module's fixture: a forced login stands for a
    # finished one (second factor included) only inside a test (tests/conftest.py).
    user = get_user_model().objects.filter(username=USERNAMES.get(role)).first()
    sessions = _sessions({role: user} if user else {})
    rows, problems = read_matrix()
    assert not problems, problems
    patterns = {p.key: p for p in url_patterns()}
    bodies = _bodies(county.ids)
    skipped = _cannot_run_here() | ERROR_PAGES  # Wagtail's page that raises on purpose
    found = {}
    scanned = 0
    for n, row in enumerate(rows, start=1):
        if row.pattern_key not in patterns or row.pattern_key in skipped:
            continue
        if not asked_as(row, role):
            continue
        path = build_path(row, patterns, county.ids)
        if NOT_PAGES.search(path.split("?")[0]):
            continue

        html = _answer(row, path, sessions.get(role), bodies.get(row.key), n)
        scanned += bool(html)
        if words := strays(html, allowed):
            found[f"{row.method} {path} ({row.key})"] = words
            _dump(role, row, html)
    if role == "anonymous":
        # Wagtail's catch-all pattern is one row (a guide): every other page
        # of the site, of every page type, is read here too.
        for n, url in enumerate(_live_pages(), start=len(rows) + 1):
            html = _answer(_GET, url, None, None, n)
            scanned += bool(html)
            if words := strays(html, allowed):
                found[f"GET {url} (page)"] = words
    least = LEAST_PAGES.get(role, LEAST_PAGES_SIGNED_IN)
    assert scanned >= least, f"only {scanned} pages as {role}"
    assert not found, f"{len(found)} of {scanned} pages as {role}:\n" + _report(found)
