"""Helpers for the print, poster and verification tests."""

import os

import pytest
from django.utils import timezone

from portal.models import PolicyPage, PrintEdition


def current_of(page) -> PrintEdition:
    return PrintEdition.objects.get(page=page, superseded_at__isnull=True)


def publish_body(page, body_text: str):
    """Publish a new revision of a policy with another body."""
    page = PolicyPage.objects.get(pk=page.pk)
    page.body = [("paragraph", f"<p>{body_text}</p>")]
    page.save_revision().publish()
    return PolicyPage.objects.get(pk=page.pk)


def local_date(moment) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def require_pdf_renderer():
    """PDF tests skip without WeasyPrint/pango or a CJK font, except in CI."""
    from portal.printing.pdf import unavailable_reason

    reason = unavailable_reason()
    if reason is not None and not os.environ.get("CI"):
        pytest.skip(f"poster PDFs cannot be made here: {reason}")
