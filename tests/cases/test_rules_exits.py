"""救助对象退出（停保）：只对审批同意的救助对象，每案一次，日期在审批之后、今天之前。"""

from datetime import date

import pytest
from django.utils import timezone

from cases.history import verify_model
from cases.models import RecipientExit
from cases.services import CaseError, CasePermissionDenied, case_exit, case_transition
from cases.timeline import case_timeline
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import archived_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(people):
    """审批同意于2026-10-09，回复并归档。"""
    with on_day(date(2026, 10, 9)):
        return archived_case(people.clerk, people.reviewer, people.east)


def _exit(people, case, day=date(2026, 11, 2), **kwargs):
    kwargs.setdefault("reason", RecipientExit.Reason.OVER_STANDARD)
    with on_day(date(2026, 11, 24)):
        return case_exit(by=people.clerk, case=case, exited_on=day, **kwargs)


def test_only_an_approved_recipient_can_exit(people):
    case = received_case(people.clerk, people.east)
    with pytest.raises(CaseError) as excinfo:
        _exit(people, case)
    assert "审批同意" in excinfo.value.message
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=people.clerk, case=case, action=action)
    case = case_transition(by=people.reviewer, case=case, action="deny", note="超标")
    with pytest.raises(CaseError):
        _exit(people, case)
    assert not RecipientExit.objects.exists()


def test_an_archived_recipient_exits_and_the_case_stays_unchanged(people):
    # On the real clock: the hash chain is checked against the stored instants.
    recipient = archived_case(people.clerk, people.reviewer, people.east)
    versions = recipient.history.count()
    record = case_exit(
        by=people.clerk,
        case=recipient,
        exited_on=timezone.localdate(),
        reason=RecipientExit.Reason.DEATH,
    )
    assert record.recorded_by == people.clerk
    assert recipient.history.count() == versions
    [row] = record.history.all()
    assert row.history_change_reason == "救助对象退出：死亡"
    assert row.history_user == people.clerk
    assert verify_model(RecipientExit.history.model)[1] == []
    assert any(e.record == "救助对象退出" for e in case_timeline(recipient))


def test_a_recipient_exits_only_once(people, recipient):
    _exit(people, recipient)
    with pytest.raises(CaseError) as excinfo:
        _exit(people, recipient, reason=RecipientExit.Reason.MOVED_AWAY)
    assert "重复" in excinfo.value.message
    assert RecipientExit.objects.count() == 1


def test_exit_cannot_be_dated_before_the_decision_or_in_the_future(people, recipient):
    for day in (date(2026, 10, 8), date(2026, 11, 25)):
        with pytest.raises(CaseError) as excinfo:
            _exit(people, recipient, day=day)
        assert excinfo.value.field == "exited_on"
    assert not RecipientExit.objects.exists()
    assert _exit(people, recipient, day=date(2026, 10, 9)).exited_on.day == 9


def test_other_reason_needs_a_note(people, recipient):
    with pytest.raises(CaseError) as excinfo:
        _exit(people, recipient, reason=RecipientExit.Reason.OTHER)
    assert excinfo.value.field == "note"
    record = _exit(
        people, recipient, reason=RecipientExit.Reason.OTHER, note="入住特困供养机构"
    )
    assert record.note == "入住特困供养机构"


def test_a_clerk_cannot_record_an_exit_in_another_township(people, recipient):
    for user in (people.west_clerk, people.auditor, people.coordinator):
        with pytest.raises(CasePermissionDenied), on_day(date(2026, 11, 24)):
            case_exit(
                by=user,
                case=recipient,
                exited_on=date(2026, 11, 2),
                reason=RecipientExit.Reason.DEATH,
            )
    assert not RecipientExit.objects.exists()
    with on_day(date(2026, 11, 24)):
        case_exit(
            by=people.reviewer,
            case=recipient,
            exited_on=date(2026, 11, 2),
            reason=RecipientExit.Reason.DEATH,
        )


def test_history_chain_holds_for_a_record_saved_in_beijing_time(people, recipient):
    """The chain hashes the instant, not the zone: the database gives it back in
    UTC, so a value saved as +08:00 must still verify."""
    with on_day(date(2026, 11, 24)):
        _exit(people, recipient)
    assert verify_model(RecipientExit.history.model)[1] == []
