"""Migration 0006: chains written with unkeyed SHA-256 are checked, then re-sealed.

The rows' content must come through unchanged, and a chain that was already
broken must stop the upgrade instead of being sealed over.
"""

import datetime

import pytest

from cases.history import verify_all
from cases.history.digest import GENESIS, legacy_digest
from tests.factories.migration_states import apps_at, latest_targets, migrate

BEFORE = [("cases", "0005_idempotency_scopes")]
AFTER = [("cases", "0006_history_keys")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    migrate(targets)
    return apps_at(targets)


@pytest.fixture
def old_chain(migration_states):
    """Three calendar versions as the previous release wrote them."""
    migration_states.migrate_back_to(BEFORE, key=__name__)
    old = apps_at(BEFORE)
    day_model = old.get_model("cases", "CalendarDay")
    history = old.get_model("cases", "HistoricalCalendarDay")
    day = day_model.objects.create(
        date=datetime.date(2031, 1, 1), kind="holiday", name="元旦节"
    )
    prev = GENESIS
    for kind, name in (("+", "元旦"), ("~", "元旦假"), ("~", "元旦节")):
        row = history(
            id=day.pk,
            date=day.date,
            kind="holiday",
            name=name,
            note="",
            history_date=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
            history_type=kind,
            history_change_reason="",
        )
        row.prev_hash = prev
        row.row_hash = legacy_digest(row, prev)
        prev = row.row_hash
        row.save()
    yield history
    migration_states.back_to_latest()


def test_upgrade_reseals_old_chains_and_keeps_their_content(old_chain):
    names_before = list(old_chain.objects.order_by("history_id").values_list("name"))
    new = _migrate(AFTER)
    history = new.get_model("cases", "HistoricalCalendarDay")
    rows = list(history.objects.order_by("history_id"))
    assert [(r.name,) for r in rows] == names_before
    assert {r.key_id for r in rows} == {"test"}
    head = new.get_model("cases", "HistoryChainHead").objects.get(
        pk="cases.HistoricalCalendarDay"
    )
    assert (head.length, head.last_digest) == (3, rows[-1].row_hash)
    migrate(latest_targets())
    assert verify_all()[1] == []


def test_upgrade_stops_on_a_chain_that_was_already_broken(old_chain):
    first = old_chain.objects.order_by("history_id").first()
    old_chain.objects.filter(pk=first.pk).update(name="被改过")
    with pytest.raises(RuntimeError, match="HistoricalCalendarDay history_id="):
        _migrate(AFTER)
