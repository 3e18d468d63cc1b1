"""cases 0012: open deadlines stored before uncovered years counted their statutory
holidays are counted again, with a history row each; nothing else is touched.

The old dates are made the way the code before the rule made them: the real
services with the statutory rule taken out (Monday to Friday in 2027). The
migration's function then runs on them. It is called directly rather than by
migrating back and forth, because the services that make the data need the later
columns (cases 0013 onwards). Runs on SQLite and on PostgreSQL alike (set
DATABASE_URL for the latter).
"""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from cases.models import Complaint, Referral, StageDeadline
from core import workdays
from tests.factories.cases import accepted_case
from tests.factories.clock import on_day
from tests.factories.directory import DepartmentFactory, TownshipFactory
from tests.factories.records import referral, staff_complaint
from tests.factories.staff import clerk

MIGRATION = importlib.import_module(
    "cases.migrations.0012_recompute_uncovered_year_deadlines"
)
REASON = "数据迁移：未覆盖年度按法定节假日规则重算期限（期限暂定）"

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_the_rule(monkeypatch):
    # The old calendar: no statutory holidays in a year the package lacks, and no
    # HolidayArrangement table to read yet.
    monkeypatch.setattr(workdays, "statutory_holidays", lambda year: {})
    monkeypatch.setattr(workdays, "_arrangement_source", frozenset)
    monkeypatch.setattr(
        workdays.WorkingCalendar, "uncovered_between", lambda self, a, b: ()
    )
    yield monkeypatch
    monkeypatch.undo()


def test_open_deadlines_in_uncovered_years_are_recounted_with_history(
    before_the_rule,
):
    east = TownshipFactory(code="east", name="东岭镇")
    worker = clerk(east)
    with on_day(date(2026, 12, 31)):
        case = accepted_case(worker, east)
        sent = referral(worker, case, department=DepartmentFactory())
        complaint = staff_complaint(worker, case=case)
    with on_day(date(2026, 11, 2)):
        early = accepted_case(worker, east)  # due in 2026: covered, untouched
    open_deadline = case.deadlines.get(completed_at__isnull=True)
    closed = case.deadlines.get(completed_at__isnull=False)
    assert open_deadline.due_on.year == 2027
    assert "暂定" not in open_deadline.calculation
    old_due = open_deadline.due_on
    early_versions = StageDeadline.history.filter(case_id=early.pk).count()
    before_the_rule.undo()

    MIGRATION.recompute(apps, None)

    recounted = StageDeadline.objects.get(pk=open_deadline.pk)
    assert recounted.due_on > old_due  # 2027-01-01 no longer counts
    assert "01-01元旦" in recounted.calculation
    assert recounted.calculation.endswith("期限暂定。")
    rows = StageDeadline.history.filter(history_change_reason=REASON)
    assert [(r.id, r.history_type, r.due_on) for r in rows] == [
        (recounted.pk, "~", recounted.due_on)
    ]
    assert rows.get().history_user is None
    assert StageDeadline.history.filter(id=recounted.pk, due_on=old_due).exists()
    assert StageDeadline.history.filter(case_id=early.pk).count() == early_versions
    assert not StageDeadline.history.filter(
        id=closed.pk, history_change_reason=REASON
    ).exists()
    assert "暂定" in Referral.objects.get(pk=sent.pk).due_calculation
    assert Referral.history.filter(history_change_reason=REASON).count() == 1
    assert Complaint.objects.get(pk=complaint.pk).response_due > complaint.response_due
    assert Complaint.history.filter(history_change_reason=REASON).count() == 1

    out = io.StringIO()
    call_command("verify_history", stdout=out)
    assert "哈希链完整" in out.getvalue()
