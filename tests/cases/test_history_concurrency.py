"""The history chain under real concurrency, and every save atomic with its history.

These run with real transactions (``transaction=True``): inside the usual
test-wide transaction a lock or a partial commit cannot show.
"""

import datetime
import os
import threading

import pytest
from django.db import connection

from cases.history import verify_all
from cases.models import CalendarDay, Case
from cases.services import case_transition
from cases.services.history import save_with_reason
from tests.factories import TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

# serialized_rollback: the flush after a transactional test must keep the rows
# the migrations made (site tree, calendar) for the tests that follow.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the race needs PostgreSQL",
)
# bench/history_chain.py runs the full size (8 workers × 50 intakes).
WORKERS = 8
INTAKES = int(os.environ.get("HISTORY_RACE_INTAKES", "5"))


@on_postgresql
@transactional
def test_concurrent_saves_never_chain_to_the_same_row():
    """8 workers, each its own connection: intake, accept, start_investigation."""
    towns = [TownshipFactory() for _ in range(WORKERS)]
    clerks = [clerk(town) for town in towns]
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait()
            for _ in range(INTAKES):
                case = received_case(clerks[index], towns[index])
                case = case_transition(by=clerks[index], case=case, action="accept")
                case_transition(
                    by=clerks[index], case=case, action="start_investigation"
                )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert Case.objects.filter(status=Case.Status.INVESTIGATING).count() == (
        WORKERS * INTAKES
    )
    total, breaks = verify_all()
    assert [b.describe() for b in breaks] == []
    assert total > WORKERS * INTAKES * 5


@pytest.fixture
def history_write_fails(monkeypatch):
    from cases.history import chain

    def refuse(*args, **kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr(chain, "chain_rows", refuse)


@transactional
def test_a_record_is_not_saved_when_its_history_row_fails(history_write_fails):
    with pytest.raises(RuntimeError):
        CalendarDay.objects.create(
            date=datetime.date(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
        )
    assert not CalendarDay.objects.exists()


@transactional
def test_an_edit_is_not_saved_when_its_history_row_fails(monkeypatch):
    town = TownshipFactory()
    case = received_case(clerk(town), town)
    from cases.history import chain

    monkeypatch.setattr(
        chain, "chain_rows", lambda *a, **k: (_ for _ in ()).throw(RuntimeError())
    )
    case.description = "改过的事由"
    with pytest.raises(RuntimeError):
        save_with_reason(case, by=case.received_by, reason="更正")
    assert Case.objects.get(pk=case.pk).description != "改过的事由"
    assert verify_all()[1] == []


@transactional
def test_calendar_days_are_created_edited_and_deleted_in_the_admin(
    client, django_user_model
):
    """节假日调整 through its admin screens, outside any test transaction."""
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    base = "/admin/cases/calendarday/"
    created = client.post(
        f"{base}create/",
        {"date": "2031-01-01", "kind": "holiday", "name": "元旦", "note": ""},
    )
    assert created.status_code == 302, created.content[:500]
    day = CalendarDay.objects.get(date=datetime.date(2031, 1, 1))
    edited = client.post(
        f"{base}edit/{day.pk}/",
        {"date": "2031-01-01", "kind": "holiday", "name": "元旦节", "note": "更正"},
    )
    assert edited.status_code == 302
    assert client.post(f"{base}delete/{day.pk}/").status_code == 302
    assert not CalendarDay.objects.exists()
    versions = list(
        CalendarDay.history.filter(id=day.pk)
        .order_by("history_id")
        .values_list("history_type", "name")
    )
    assert versions == [("+", "元旦"), ("~", "元旦节"), ("-", "元旦节")]
    assert verify_all()[1] == []
