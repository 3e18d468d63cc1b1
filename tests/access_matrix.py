"""The access matrix (docs/access-matrix.md): read the table, list the URL patterns,
and name the outcome of a response the way the table does.

Used by tests/test_access_matrix.py; kept apart so the parsing and the outcome
rules can be read (and reused to draft rows for new URLs) without the HTTP walk.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

MATRIX_PATH = Path(__file__).resolve().parent.parent / "docs" / "access-matrix.md"

ROLES = (
    "anonymous",
    "editor",
    "moderator",
    "clerk",
    "coordinator",
    "township_reviewer",
    "reviewer",
    "auditor",
    "superuser",
)
OUTCOMES = ("ok", "login", "deny", "404", "405", "400", "error")
METHODS = ("GET", "POST")
COLUMNS = ("key", "method", *ROLES, "note")

# A row's key may carry a variant in brackets: the same URL pattern requested
# with other objects, e.g. ``cases_admin_case[other-township]``.
_VARIANT = re.compile(r"^(?P<base>.+?)\[(?P<variant>[\w-]+)\]$")


@dataclass(frozen=True)
class Row:
    key: str
    method: str
    outcomes: dict[str, str]
    note: str
    line: int

    @property
    def pattern_key(self) -> str:
        match = _VARIANT.match(self.key)
        return match["base"] if match else self.key

    @property
    def variant(self) -> str:
        match = _VARIANT.match(self.key)
        return match["variant"] if match else ""


@dataclass
class Pattern:
    """One URL pattern as the resolver holds it, with the name it is keyed by."""

    key: str
    route: str
    name: str | None
    kwargs: tuple[str, ...]
    positional: int
    lookup: str = field(default="")  # what reverse() takes: "ns:name"


def _cells(line: str) -> list[str]:
    return [
        cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")
    ]


def parse_matrix(text: str) -> tuple[list[Row], list[str]]:
    """The rows of every table whose header is COLUMNS, and the problems found."""
    rows: list[Row] = []
    problems: list[str] = []
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if tuple(c.lower() for c in cells) == COLUMNS:
            in_table = True
            continue
        if not in_table or set("".join(cells)) <= set("-: "):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(
                f"line {number}: {len(cells)} cells, expected {len(COLUMNS)}"
            )
            continue
        key, method, *outcomes, note = cells
        row = Row(key, method, dict(zip(ROLES, outcomes, strict=True)), note, number)
        if not key:
            problems.append(f"line {number}: empty key")
        if method not in METHODS:
            problems.append(f"line {number} {key}: method {method!r} not in {METHODS}")
        for role, outcome in row.outcomes.items():
            if outcome not in OUTCOMES:
                problems.append(
                    f"line {number} {key}: {role} outcome {outcome!r} "
                    f"not one of {OUTCOMES}"
                )
        rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.key in seen:
            problems.append(
                f"line {row.line}: duplicate key {row.key} (first on line "
                f"{seen[row.key]})"
            )
        seen.setdefault(row.key, row.line)
    if not rows:
        problems.append("no table with the columns " + " | ".join(COLUMNS))
    return rows, problems


def read_matrix() -> tuple[list[Row], list[str]]:
    return parse_matrix(MATRIX_PATH.read_text(encoding="utf-8"))


def _walk(resolver, prefix: str, namespace: str | None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            regex = entry.pattern.regex
            named = tuple(regex.groupindex)
            lookup = ""
            if entry.name:
                lookup = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Pattern(
                key=lookup or prefix + str(entry.pattern),
                route=prefix + str(entry.pattern),
                name=entry.name,
                kwargs=named,
                positional=0 if named else regex.groups,
                lookup=lookup,
            )


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, keyed by full name or by route.

    Two patterns sharing a name (Wagtail registers a few, e.g. with and without
    an optional id) are told apart by their parameter names in parentheses.
    """
    patterns = list(_walk(get_resolver(), "", None))
    counts: dict[str, int] = {}
    for pattern in patterns:
        counts[pattern.key] = counts.get(pattern.key, 0) + 1
    for pattern in patterns:
        if counts[pattern.key] > 1:
            pattern.key = f"{pattern.key}({','.join(pattern.kwargs)})"
    return patterns


@functools.cache
def _permission_denied_messages() -> frozenset[str]:
    """Wagtail's "no permission" message in every language the admin speaks."""
    from django.conf import settings
    from django.utils import translation

    text = "Sorry, you do not have permission to access this area."
    found = {text}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(translation.gettext(text)))
    return frozenset(found)


def outcome_of(response) -> str:
    """The table's word for a response; anything else is its status code.

    Wagtail answers a refused admin request with a redirect to the dashboard and
    an error message (wagtail.admin.auth.permission_denied): that is ``deny``,
    recognised by both the target and the message, so an ordinary redirect to
    the dashboard stays ``ok``.
    """
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.messages import get_messages
    from django.shortcuts import resolve_url
    from django.urls import reverse

    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        logins = {reverse("wagtailadmin_login"), resolve_url(settings.LOGIN_URL)}
        if target in logins:
            return "login"
        if target == reverse("wagtailadmin_home"):
            request = getattr(response, "wsgi_request", None)
            said = [str(m) for m in get_messages(request)] if request else []
            denials = _permission_denied_messages()
            # Wagtail renders the message through a template: compare its text.
            if any(text.strip() in denials for text in said):
                return "deny"
        return "ok"
    return {
        401: "login",
        403: "deny",
        404: "404",
        405: "405",
        400: "400",
        422: "400",
    }.get(status, str(status))
