"""Cases made through the services on given days, for hand-counted figures."""

from datetime import date, datetime

import pytest

from cases.models import StageDeadline
from cases.services import case_transition
from cases.stats.periods import parse_period
from tests.factories.cases import approval_terms, received_case
from tests.factories.clock import SHANGHAI, on_day

TODAY = date(2026, 11, 24)


@pytest.fixture
def today():
    """Reports are made as of 2026-11-24, after every fixture's dates."""
    return TODAY


def period(code: str):
    return parse_period(code, today=TODAY)


def receive(clerk_user, township, day: date, *, hour: int = 10, **kwargs):
    with on_day(day, hour):
        return received_case(clerk_user, township, **kwargs)


def step(user, case, action: str, day: date, *, note: str = "", hour: int = 11):
    with on_day(day, hour):
        terms = approval_terms() if action == "approve" else {}
        return case_transition(by=user, case=case, action=action, note=note, **terms)


def complete_stage(case, stage: str, day: date, *, hour: int = 15) -> None:
    """Mark a stage done on ``day`` (the figures read only the stored instant)."""
    StageDeadline.objects.filter(case=case, stage=stage).update(
        completed_at=datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    )
