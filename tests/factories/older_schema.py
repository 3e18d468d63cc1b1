"""Running today's services on a database migrated back to an older schema.

The migration tests make their data the way the code of the time did, with the
real services. Later columns and tables do not exist yet, so the reads that use
them are put back as they were.
"""

from django.utils import timezone

from cases.models.filing import ReadOnlyOnceFiled
from cases.selectors import progress
from cases.services import (
    complaints,
    deadlines,
    leads,
    referrals,
    registration_book,
    steps,
    workflow,
)
from core import workdays


def _pauses_of_the_time(case, *, today=None):
    # Before cases 0013 every pause was a 补正 and had no kind column.
    today = today or timezone.localdate()
    paused = case.pauses.only("started_on", "ended_on")
    return [(p.started_on, p.ended_on or today) for p in paused]


def use_the_code_of_the_time(monkeypatch) -> None:
    # No recorded holiday arrangements before cases 0011.
    monkeypatch.setattr(workdays, "_arrangement_source", frozenset)
    monkeypatch.setattr(deadlines, "case_pauses", _pauses_of_the_time)
    # The progress check of the time read the case and its applicant only.
    monkeypatch.setattr(
        progress,
        "with_progress_records",
        lambda cases: cases.select_related("applicant"),
    )
    # No archive catalogue before cases 0019: nothing is filed, so nothing is
    # read only for being filed.
    monkeypatch.setattr(ReadOnlyOnceFiled, "archive_number", lambda self: None)
    for service in (workflow, complaints, leads, referrals, registration_book):
        monkeypatch.setattr(service, "archive_file", lambda **kwargs: None)
    # No 在册对象 before cases 0018: 审批同意 registered no recipient.
    monkeypatch.setattr(steps, "recipient_register", lambda **kwargs: None)


def without_later_columns(monkeypatch, model, *names: str) -> None:
    """Columns a later migration adds are left out of the model's reads and
    writes, as the code of the time had no such field (its default applies)."""
    opts = model._meta
    for attr in ("concrete_fields", "local_concrete_fields"):
        kept = tuple(f for f in getattr(opts, attr) if f.name not in names)
        monkeypatch.setitem(opts.__dict__, attr, kept)


def use_the_directory_of_the_time(monkeypatch) -> None:
    """Before portal 0008: no township head, no named substitute at a window."""
    from portal.models import ServicePoint, Township

    without_later_columns(monkeypatch, Township, "head")
    without_later_columns(monkeypatch, ServicePoint, "substitute")
    # Before portal 0009: one review cycle for every guide, not set per guide.
    from portal.models import ServiceGuidePage

    without_later_columns(
        monkeypatch,
        ServiceGuidePage,
        "review_cycle_months",
        "varying_income_review_months",
    )
