"""The statistics report carries the register's consistency figures (issue 7)."""

import pytest

from cases.stats.periods import parse_period
from cases.stats.report import build_report
from cases.stats.scope import county_scope
from portal.offline.register import posting_record

from .conftest import republish

pytestmark = pytest.mark.django_db


def _table(report):
    return next(t for t in report.tables() if t.key == "postings")


def test_statistics_report_shows_consistency_per_service_point(county):
    for page in (county.policy, county.complaints):
        posting_record(
            by=county.clerk_1, service_point=county.window_1, page=page, form="wall"
        )
    republish(county.policy, summary="新版")
    report = build_report(county_scope(), parse_period("2026-10"))
    table = _table(report)
    rows = {row[0]: row for row in table.rows}
    assert rows["东岭镇一门受理窗口"][1:] == [3, 1, 1, 1, 33.3, 1, 0]
    assert table.total[1:6] == [7, 1, 1, 5, 14.3]


def test_a_township_report_counts_its_own_service_points_only(county):
    report = build_report(county_scope("nanxi"), parse_period("2026-10"))
    assert [row[0] for row in _table(report).rows] == ["南溪乡一门受理窗口"]
