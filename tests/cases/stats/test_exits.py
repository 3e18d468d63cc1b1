"""新增与退出救助对象, hand-counted: exits count by their 退出日期, by assistance
type and township, within the area the user may see."""

from datetime import date

import pytest

from cases.models import RecipientExit
from cases.services import case_exit
from cases.stats import figures
from cases.stats.report import build_report
from cases.stats.scope import county_scope, scope_for
from tests.factories.clock import on_day
from tests.factories.directory import AssistanceTypeFactory

from .conftest import TODAY, period, receive, step

pytestmark = pytest.mark.django_db


def _counts(rows):
    return {row.label: row.values for row in rows}


def _recipient(people, clerk, township, kind, approved_on: date):
    case = receive(clerk, township, approved_on, hour=9, assistance_type=kind)
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = step(clerk, case, action, approved_on, hour=10)
    return step(people.reviewer, case, "approve", approved_on, note="同意")


def _exit(clerk, case, day: date, reason=RecipientExit.Reason.DEATH):
    with on_day(TODAY):
        return case_exit(by=clerk, case=case, exited_on=day, reason=reason)


@pytest.fixture
def movements(people):
    """东岭镇: 低保 approved 9-29 exits 10-31, approved 10-09 exits 11-01;
    临时救助 approved 10-10 exits 10-15, approved 10-20 stays.
    西河乡: 低保 approved 10-12 exits 10-20."""
    dibao = AssistanceTypeFactory(code="dibao", name="最低生活保障", sort_order=1)
    linshi = AssistanceTypeFactory(code="linshi", name="临时救助", sort_order=2)
    east, west = people.east, people.west
    _exit(
        people.clerk,
        _recipient(people, people.clerk, east, dibao, date(2026, 9, 29)),
        date(2026, 10, 31),
    )
    _exit(
        people.clerk,
        _recipient(people, people.clerk, east, dibao, date(2026, 10, 9)),
        date(2026, 11, 1),
        RecipientExit.Reason.REVIEW_INELIGIBLE,
    )
    _exit(
        people.clerk,
        _recipient(people, people.clerk, east, linshi, date(2026, 10, 10)),
        date(2026, 10, 15),
        RecipientExit.Reason.OWN_REQUEST,
    )
    _recipient(people, people.clerk, east, linshi, date(2026, 10, 20))
    _exit(
        people.west_clerk,
        _recipient(people, people.west_clerk, west, dibao, date(2026, 10, 12)),
        date(2026, 10, 20),
        RecipientExit.Reason.MOVED_AWAY,
    )


def test_exits_count_in_the_month_of_their_exit_date_by_assistance_type(
    people, movements
):
    county = county_scope()
    # (新增, 退出)
    assert _counts(figures.recipients_by_type(county, period("2026-10"))) == {
        "最低生活保障": (2, 2),
        "临时救助": (2, 1),
    }
    assert _counts(figures.recipients_by_type(county, period("2026-11"))) == {
        "最低生活保障": (0, 1),
    }
    assert _counts(figures.recipients_by_township(county, period("2026-10"))) == {
        "东岭镇": (3, 2),
        "西河乡": (1, 1),
    }
    assert _counts(figures.recipients_by_type(county, period("2026-Q4"))) == {
        "最低生活保障": (2, 3),
        "临时救助": (2, 1),
    }


def test_a_township_clerk_sees_only_that_townships_exits(people, movements):
    east = scope_for(people.clerk)
    assert _counts(figures.recipients_by_type(east, period("2026-10"))) == {
        "最低生活保障": (1, 1),
        "临时救助": (2, 1),
    }
    west = scope_for(people.west_clerk)
    assert _counts(figures.recipients_by_type(west, period("2026-10"))) == {
        "最低生活保障": (1, 1),
    }
    assert _counts(figures.recipients_by_type(west, period("2026-11"))) == {}


def test_report_puts_exits_beside_new_recipients_and_in_the_headline(people, movements):
    report = build_report(county_scope(), period("2026-10"))
    headline = {figure.label: figure.value for figure in report.headline}
    assert headline["审批同意（新增救助对象）"] == "4"
    assert headline["退出救助对象"] == "3"
    tables = {table.key: table for table in report.tables()}
    assert tables["recipients_type"].total == ["合计", 4, 3, 1]
    assert tables["recipients_township"].rows == [
        ["东岭镇", 3, 2, 1],
        ["西河乡", 1, 1, 0],
    ]
    east = build_report(scope_for(people.clerk), period("2026-10"))
    assert "recipients_township" not in {t.key for t in east.tables()}
    assert {f.label: f.value for f in east.headline}["退出救助对象"] == "2"
