"""版次: each publication with new printable text is the page's next edition.

Called from Wagtail's publish and unpublish signals (``receivers``), inside the
publishing transaction, so an edition and the replacement tasks it causes are
saved together with the publication or not at all.
"""

import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, Revision

from portal.models import PrintablePage, PrintEdition

# Crockford-like alphabet without 0/1/i/l/o, which are misread from paper.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not PrintEdition.objects.filter(code=code).exists():
            return code


def is_valid_code(code: str) -> bool:
    # fullmatch: with match, "$" would also accept a code followed by a newline.
    return isinstance(code, str) and bool(CODE_PATTERN.fullmatch(code))


def _current_for_update(page: Page) -> PrintEdition | None:
    return (
        PrintEdition.objects.select_for_update()
        .filter(page=page, superseded_at__isnull=True)
        .first()
    )


@transaction.atomic
def edition_record_publication(
    page: PrintablePage, revision: Revision | None
) -> tuple[PrintEdition, PrintEdition | None]:
    """Record a publication; returns (the current edition, the one it replaced).

    The replaced edition is None when the printable text did not change: the
    current edition then simply points at the newer revision.
    """
    from .tasks import tasks_open_for_new_edition

    sections = page.printable_sections()
    fingerprint = page.fingerprint_of(sections)
    current = _current_for_update(page)
    now = timezone.now()
    if current is not None and current.fingerprint == fingerprint:
        current.revision = revision
        current.page_title = page.title
        current.save(update_fields=["revision", "page_title"])
        return current, None
    last_number = (
        PrintEdition.objects.filter(page=page).aggregate(n=Max("number"))["n"] or 0
    )
    if current is not None:
        # The one-current constraint needs the old edition closed first.
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    edition = PrintEdition.objects.create(
        page=page,
        page_title=page.title,
        revision=revision,
        number=last_number + 1,
        code=new_code(),
        fingerprint=fingerprint,
        sections=sections,
        published_at=now,
        published_by=revision.user if revision is not None else None,
    )
    if current is not None:
        current.superseded_by = edition
        current.save(update_fields=["superseded_by"])
    tasks_open_for_new_edition(page, edition)
    return edition, current


@transaction.atomic
def edition_withdraw(page: Page) -> PrintEdition | None:
    """The page left the site: its current edition is no longer current, and
    every copy still displayed must be taken down."""
    from .tasks import tasks_open_for_withdrawal

    current = _current_for_update(page)
    if current is None:
        return None
    current.superseded_at = timezone.now()
    current.withdrawn = True
    current.save(update_fields=["superseded_at", "withdrawn"])
    tasks_open_for_withdrawal(page, current)
    return current


def current_edition(page: PrintablePage) -> PrintEdition | None:
    """The live page's current edition, recorded now if it was published before
    editions were kept (or by a path that sent no signal)."""
    edition = PrintEdition.objects.filter(page=page, superseded_at__isnull=True).first()
    if edition is not None or not page.live:
        return edition
    edition, _replaced = edition_record_publication(page, page.live_revision)
    return edition


@dataclass(frozen=True)
class SectionChange:
    label: str
    kind: str  # "changed", "added" or "removed"
    old: str
    new: str


def changes_between(old: PrintEdition, new: PrintEdition) -> list[SectionChange]:
    """What a reader of the old copy needs to know about the new one, by section."""
    before = dict(old.sections)
    after = dict(new.sections)
    changes = []
    for label, text in new.sections:
        if label not in before:
            changes.append(SectionChange(label, "added", "", text))
        elif before[label] != text:
            changes.append(SectionChange(label, "changed", before[label], text))
    changes.extend(
        SectionChange(label, "removed", text, "")
        for label, text in old.sections
        if label not in after
    )
    return changes
