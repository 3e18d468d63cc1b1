"""cases 0016: 审批确认 becomes the county's stage; nothing is lost.

The data is made as the code before it left it: a case of a type with no
乡镇审核 stage, submitted for review, waited at 审核 with no clock; stored stage
limits had no 审批确认 when the guide set none; the county's reviewers were the
group 审核人. The migration's functions run on that data directly (the services
that make it need today's columns). SQLite and PostgreSQL alike.
"""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from cases.models import Case, StageDeadline
from cases.services.history import save_with_reason
from core.roles import GROUP_NAMES, Role
from tests.factories.cases import accepted_case
from tests.factories.clock import on_day
from tests.factories.directory import TownshipFactory, UserFactory
from tests.factories.staff import clerk

MIGRATION = importlib.import_module(
    "cases.migrations.0016_deciding_status_county_reviewer"
)
REASON = "数据迁移：审批确认改为县级环节（待审批确认，开始计时）"

pytestmark = pytest.mark.django_db


def left_at_review_by_the_old_code(case: Case, by, *, review_days: int | None) -> Case:
    """提交审核 as it was: 调查核实 closed, 审核 timed only if the guide had it."""
    investigate = case.deadlines.get(stage="investigate")
    investigate.completed_at = case.received_at
    save_with_reason(investigate, by=by, reason="环节办结")
    limits = {k: v for k, v in case.stage_limits.items() if k != "decide"}
    if review_days:
        limits["review"] = review_days
    case.status, case.stage_limits = "reviewing", limits
    save_with_reason(case, by=by, reason="提交审核")
    return Case.objects.get(pk=case.pk)


def test_cases_waiting_for_a_decision_without_a_clock_get_one():
    east = TownshipFactory(code="east", name="东岭镇")
    worker = clerk(east)
    with on_day(date(2026, 9, 25)):
        untimed = left_at_review_by_the_old_code(
            accepted_case(worker, east), worker, review_days=None
        )
        reviewed = left_at_review_by_the_old_code(
            accepted_case(worker, east), worker, review_days=5
        )
    version = untimed.version

    with on_day(date(2026, 10, 12)):
        MIGRATION.time_the_decision(apps, None)

    untimed.refresh_from_db()
    assert untimed.status == Case.Status.DECIDING
    assert untimed.version == version + 1
    assert untimed.stage_limits["decide"] == MIGRATION.DEFAULT_DECISION_DAYS
    decide = untimed.deadlines.get(stage="decide")
    # Counted from the day it was submitted (调查核实 ended 2026-09-25), through
    # National Day: 9-28, 9-29, 9-30, 10-8, 10-9, 10-10 (调休), 10-12 … 10-15.
    assert decide.starts_on == date(2026, 9, 25)
    assert decide.due_on == date(2026, 10, 15)
    assert "工作日" in decide.calculation
    assert decide.completed_at is None
    created = StageDeadline.history.get(id=decide.pk)
    assert (created.history_type, created.history_change_reason) == ("+", REASON)
    changed = untimed.history.first()
    assert (changed.history_change_reason, changed.status) == (REASON, "deciding")
    assert changed.history_user is None

    # A case of a type with 乡镇审核 stays at 审核; its limits gain 审批确认 only.
    reviewed.refresh_from_db()
    assert reviewed.status == Case.Status.REVIEWING
    assert reviewed.stage_limits["review"] == 5
    assert reviewed.stage_limits["decide"] == MIGRATION.DEFAULT_DECISION_DAYS
    assert not reviewed.deadlines.filter(stage="decide").exists()

    out = io.StringIO()
    call_command("verify_history", stdout=out)
    assert "哈希链完整" in out.getvalue()

    MIGRATION.untime_the_decision(apps, None)
    assert Case.objects.get(pk=untimed.pk).status == Case.Status.REVIEWING


def test_the_county_reviewers_group_is_renamed_with_its_members():
    Group.objects.filter(name=GROUP_NAMES[Role.REVIEWER]).delete()
    old = Group.objects.create(name="审核人")
    member = UserFactory(username="county-reviewer")
    member.groups.add(old)

    MIGRATION.rename_group(apps, None)

    renamed = Group.objects.get(pk=old.pk)
    assert renamed.name == "县级审批人" == GROUP_NAMES[Role.REVIEWER]
    assert list(renamed.user_set.all()) == [member]
    assert not Group.objects.filter(name="审核人").exists()

    MIGRATION.rename_group_back(apps, None)
    assert Group.objects.get(pk=old.pk).name == "审核人"


def test_both_groups_present_are_merged_losing_no_member():
    old = Group.objects.create(name="审核人")
    new, _ = Group.objects.get_or_create(name="县级审批人")
    first, second = UserFactory(), UserFactory()
    first.groups.add(old)
    second.groups.add(new)

    MIGRATION.rename_group(apps, None)

    assert set(Group.objects.get(pk=new.pk).user_set.all()) == {first, second}
    assert not Group.objects.filter(name="审核人").exists()


def test_every_role_has_its_group_after_migrate():
    """portal.permissions.setup_groups_after_migrate: the test database was
    migrated, so the new role's group is there with its permissions."""
    group = Group.objects.get(name=GROUP_NAMES[Role.TOWNSHIP_REVIEWER])
    assert group.permissions.filter(codename="change_case").exists()
