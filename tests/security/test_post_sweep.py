"""Bad POSTs to every URL of the admin and the site: never a server error.

As a superuser (who passes every permission check, so the view's own handling
of the body is what is tested) on the demo county, each URL pattern the
access matrix can build gets an empty POST and a POST of garbage: every field
name its GET form shows, and a few names views commonly read, filled with text
of the wrong kind (letters for ids, NUL bytes, markup, impossible dates, 5,000
characters, a file that is not what its name says). A view that does not take
POST answers 405; any answer below 500 is a handled refusal. The API is left to
its schemathesis run (tests/cases/test_api_fuzz.py).
"""

import time
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from tests.access_matrix import Row, url_patterns
from tests.test_access_matrix import ERROR_PAGES, build_county, build_path

GARBAGE = (
    "abc",
    "-1",
    "99999999999999999999999",
    "<script>alert(1)</script>",
    "低保\x00申请",
    "2026-13-45",
    "{{ 7*7 }}{% debug %}",
    "救" * 5000,
    "../../../etc/passwd",
    '=HYPERLINK("http://evil.example","x")',
    "",
    "[1, {\"id\": 'x'}]",
)
# Names views read from request.POST directly, whatever their forms show.
COMMON_NAMES = (
    "id",
    "pk",
    "ids",
    "id[]",
    "next",
    "action",
    "action_type",
    "position",
    "parent",
    "title",
    "slug",
    "q",
    "p",
    "count",
    "import_file_name",
    "input_format",
    "from_index",
    "to_index",
    "revision",
    "workflow",
    "format",
    "choice",
    "data",
)


# The case page's actions: a POST without their fields is a form to fill in
# again (200, the errors beside the fields), never the 400 "cannot be read" page
# or a refusal by the rules, whichever action it is.
FORM_AGAIN_WHEN_EMPTY = frozenset(
    {
        "cases_admin_transition",
        "cases_admin_reveal",
        "cases_admin_one_time_notice",
        "cases_admin_supplied",
        "cases_admin_material_request",
        "cases_admin_extension",
        "cases_admin_extension_decide",
        "cases_admin_refer",
        "cases_admin_followup",
        "cases_admin_exit",
        "cases_admin_applicant_correct",
        "cases_admin_id_change_request",
        "cases_admin_id_change_decide",
    }
)


class _FieldNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in {"input", "select", "textarea", "button"}:
            return
        found = dict(attrs)
        if found.get("name"):
            self.names.setdefault(found["name"], found.get("type") or tag)


def _field_names(client: Client, path: str) -> dict[str, str]:
    with transaction.atomic():
        response = client.get(path)
        transaction.set_rollback(True)
    if "html" not in response.get("Content-Type", ""):
        return {}
    parser = _FieldNames()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.names


def _garbage(fields: dict[str, str], *, nonexistent_ids: bool = False) -> dict:
    """Every field filled with the wrong kind of text, or (nonexistent_ids) with
    a well-formed number that names no record."""
    body: dict = {}
    names = {**dict.fromkeys(COMMON_NAMES, "text"), **fields}
    for n, (name, kind) in enumerate(sorted(names.items())):
        if name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            body[name] = SimpleUploadedFile(
                "导入.xlsx", b"PK\x03\x04 not a zip\x00\xff", "application/zip"
            )
        elif nonexistent_ids:
            body[name] = "-1"
        else:
            body[name] = [GARBAGE[n % len(GARBAGE)], GARBAGE[(n + 5) % len(GARBAGE)]]
    return body


def _post(client: Client, path: str, body: dict) -> tuple[int | None, str]:
    for value in body.values():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
    with transaction.atomic():
        try:
            response = client.post(path, body)
        except Exception as exc:  # noqa: BLE001 - every failure is reported together
            status, detail = None, f"{type(exc).__name__}: {str(exc)[:160]}"
        else:
            status, detail = response.status_code, ""
        transaction.set_rollback(True)
    return status, detail


def test_every_url_answers_an_empty_or_garbage_post_without_a_server_error(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    started = time.monotonic()
    county = build_county()
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    patterns = {p.key: p for p in url_patterns()}
    assert FORM_AGAIN_WHEN_EMPTY <= patterns.keys()
    failures = []
    posted = 0
    for key, pattern in patterns.items():
        if key in ERROR_PAGES or pattern.route.startswith("api/"):
            continue
        path = build_path(Row(key, "POST", {}, "", 0), patterns, county.ids)
        fields = _field_names(client, path)
        bodies = {
            "empty": {},
            "garbage": _garbage(fields),
            "nonexistent ids": _garbage(fields, nonexistent_ids=True),
        }
        for label, body in bodies.items():
            posted += 1
            status, detail = _post(client, path, body)
            if status is None or status >= 500:
                failures.append(f"{key} POST {path} ({label}): {status} {detail}")
            elif label == "empty" and key in FORM_AGAIN_WHEN_EMPTY and status != 200:
                failures.append(f"{key} POST {path} (empty): {status}, not the form")
        # A view may have logged the superuser out (the logout URL does).
        if (
            settings.SESSION_COOKIE_NAME not in client.cookies
            or not client.cookies[settings.SESSION_COOKIE_NAME].value
        ):
            client.force_login(get_user_model().objects.get(username="admin"))
    elapsed = time.monotonic() - started
    assert not failures, (
        f"{len(failures)} of {posted} POSTs failed ({elapsed:.0f} s):\n"
        + "\n".join(failures)
    )
