"""Running today's services on a database migrated back to an older schema.

The migration tests make their data the way the code of the time did, with the
real services. Later columns and tables do not exist yet, so the reads that use
them are put back as they were.
"""

from django.utils import timezone

from cases.services import deadlines
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
