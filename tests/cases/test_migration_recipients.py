"""cases 0018: every approved case not exited becomes a recipient; nothing lost.

The data is made as the code before it left it: approvals that registered no
recipient (the approve step's effect switched off). The migration's function
runs on that data directly. SQLite and PostgreSQL alike.
"""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from cases.history import verify_model
from cases.models import Case, Recipient
from cases.services import case_exit
from tests.factories.clock import on_day
from tests.factories.pages import build_site, make_guide
from tests.factories.records import archived_case, decided_case

MIGRATION = importlib.import_module("cases.migrations.0018_recipients")

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_code(monkeypatch):
    """The approve step as it was: no recipient registered."""
    monkeypatch.setattr(
        "cases.services.steps.recipient_register", lambda **kwargs: None
    )


def test_approved_cases_become_recipients_and_nothing_is_lost(people, old_code):
    tree = build_site()
    guide = make_guide(tree, title="特困人员供养办事指南", review_cycle_months=6)
    with on_day(date(2026, 11, 10)):
        replied = decided_case(people.clerk, people.reviewer, people.east, "approved")
        waiting = decided_case(
            people.west_clerk, people.reviewer, people.west, "approved", reply=False
        )
        exited = decided_case(people.clerk, people.reviewer, people.east, "approved")
        denied = decided_case(people.clerk, people.reviewer, people.east, "denied")
        archived = archived_case(
            people.clerk,
            people.reviewer,
            people.east,
            assistance_type=guide.assistance_type,
            materials=["居民身份证", "户口簿"],
        )
        old = decided_case(people.clerk, people.reviewer, people.east, "approved")
    with on_day(date(2026, 11, 20)):
        case_exit(
            by=people.clerk, case=exited, exited_on=date(2026, 11, 20), reason="death"
        )
    # Approved before amounts were recorded (cases 0008).
    Case.objects.filter(pk=old.pk).update(monthly_amount=None, starts_month=None)
    assert not Recipient.objects.exists()
    before = {c.pk: (c.status, c.version) for c in Case.objects.all()}

    MIGRATION.register_recipients(apps, None)

    made = {r.case_id: r for r in Recipient.objects.all()}
    assert set(made) == {replied.pk, waiting.pk, archived.pk, old.pk}
    assert exited.pk not in made and denied.pk not in made
    first = made[replied.pk]
    assert (first.monthly_amount, first.starts_month) == (
        Decimal("580.50"),
        date(2026, 12, 1),
    )
    assert (first.review_cycle_months, first.next_review_on) == (12, date(2027, 12, 1))
    assert first.status == Recipient.Status.ACTIVE
    assert first.registered_at == replied.decided_at
    # The type's published guide sets the cycle.
    assert made[archived.pk].review_cycle_months == 6
    assert made[archived.pk].next_review_on == add(made[archived.pk].starts_month, 6)
    # No amount recorded: kept empty, started the month of the decision.
    assert made[old.pk].monthly_amount is None
    assert made[old.pk].starts_month == date(2026, 11, 1)
    # Cases untouched; each new record with its chained history row.
    assert {c.pk: (c.status, c.version) for c in Case.objects.all()} == before
    for recipient in made.values():
        [row] = recipient.history.all()
        assert (row.history_type, row.history_change_reason) == ("+", MIGRATION.REASON)
        assert row.history_user is None
    assert verify_model(Recipient.history.model)[1] == []

    # Run again: nothing more.
    MIGRATION.register_recipients(apps, None)
    assert Recipient.objects.count() == 4
    assert Recipient.history.count() == 4


def add(day, months):
    return MIGRATION.add_months(day, months)
