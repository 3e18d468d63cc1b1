"""核验: what a scanned edition code says about the copy it was printed on."""

import difflib
from dataclasses import dataclass, field

from core.links import public_url
from portal.models import PrintablePage, PrintEdition
from portal.offline.editions import changes_between, current_edition, is_valid_code

MAX_CODE_LENGTH = 64
CONTEXT_CHARS = 40
LINE_CHARS = 160
LINES_PER_SECTION = 6


class State:
    CURRENT = "current"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ChangedLine:
    old: str
    new: str


@dataclass(frozen=True)
class ChangedSection:
    label: str
    kind: str  # "changed", "added" or "removed"
    lines: list[ChangedLine]
    more: int = 0  # changed lines not shown


@dataclass
class EditionStatus:
    edition: PrintEdition
    state: str
    current: PrintEdition | None = None
    page: PrintablePage | None = None
    changes: list[ChangedSection] = field(default_factory=list)

    @property
    def replaced_by_number(self) -> int | None:
        """第M版 that took this copy's place (the current one if the link is lost)."""
        if self.edition.superseded_by_id:
            return self.edition.superseded_by.number
        return self.current.number if self.current else None


def edition_for_code(code: str) -> PrintEdition | None:
    """The edition a code names; any malformed input is simply not found."""
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        return None
    if code.isascii():
        code = code.lower()  # codes are printed in lower case; typed ones may not be
    if not is_valid_code(code):
        return None
    return (
        PrintEdition.objects.select_related("superseded_by", "page")
        .filter(code=code)
        .first()
    )


def edition_status(edition: PrintEdition) -> EditionStatus:
    page = edition.page.specific if edition.page_id else None
    if page is None or not page.live or not isinstance(page, PrintablePage):
        return EditionStatus(edition, State.WITHDRAWN)
    current = current_edition(page)
    if current is None:
        return EditionStatus(edition, State.WITHDRAWN)
    if current.pk == edition.pk:
        return EditionStatus(edition, State.CURRENT, current, page)
    changes = [
        _section(change.label, change.kind, change.old, change.new)
        for change in changes_between(edition, current)
    ]
    return EditionStatus(edition, State.SUPERSEDED, current, page, changes)


def _trim(text: str, limit: int = LINE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _excerpt_pair(old: str, new: str) -> ChangedLine:
    """Two versions of a line, cut to the part that differs and a little context,
    so one changed word in a long paragraph is what the reader sees."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[-1 - suffix] == new[-1 - suffix]
    ):
        suffix += 1
    start = max(prefix - CONTEXT_CHARS, 0)

    def cut(text: str) -> str:
        end = min(len(text) - suffix + CONTEXT_CHARS, len(text))
        piece = _trim(text[start:end], LINE_CHARS * 2)
        return ("…" if start else "") + piece + ("…" if end < len(text) else "")

    return ChangedLine(cut(old), cut(new))


def _section(label: str, kind: str, old: str, new: str) -> ChangedSection:
    """The lines that differ between two versions of a section's text."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines: list[ChangedLine] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(before), len(after))
        lines.extend(_excerpt_pair(a, b) for a, b in zip(before, after, strict=False))
        lines.extend(ChangedLine(_trim(a), "") for a in before[paired:])
        lines.extend(ChangedLine("", _trim(b)) for b in after[paired:])
    shown = lines[:LINES_PER_SECTION]
    return ChangedSection(label, kind, shown, len(lines) - len(shown))


def status_json(status: EditionStatus, request) -> dict:
    edition = status.edition
    page_url = None
    poster_url = None
    if status.page is not None and status.state != State.WITHDRAWN:
        if url := status.page.get_url(request):
            page_url = public_url(url, request)
            poster_url = public_url(status.page.poster_url(request), request)
    return {
        "current": status.state == State.CURRENT,
        "revision": edition.number,
        "current_revision": status.current.number if status.current else None,
        "page_url": page_url,
        "poster_url": poster_url,
        "title": edition.page_title,
        "code": edition.code,
        "published_at": edition.published_at.isoformat(),
        "superseded_at": (
            edition.superseded_at.isoformat() if edition.superseded_at else None
        ),
        "withdrawn": status.state == State.WITHDRAWN,
        "changed_sections": [
            {"label": change.label, "kind": change.kind} for change in status.changes
        ],
    }
