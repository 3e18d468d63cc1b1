"""统计期：2026-10、2026-Q3；格式不对、不存在的月份或尚未开始的统计期都说明原因。"""

from datetime import date

import pytest

from cases.stats.periods import PeriodError, parse_period

TODAY = date(2026, 11, 24)


def test_month_period_covers_the_whole_month():
    period = parse_period("2026-02", today=TODAY)
    assert (period.first, period.last) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period.code == "2026-02"
    assert period.label == "2026年2月"


def test_quarter_period_covers_three_months():
    period = parse_period("2026-q3", today=TODAY)
    assert (period.first, period.last) == (date(2026, 7, 1), date(2026, 9, 30))
    assert period.code == "2026-Q3"
    assert [m.month for m in period.months()] == [7, 8, 9]


def test_period_bounds_are_beijing_midnight():
    period = parse_period("2026-10", today=TODAY)
    assert period.starts.isoformat() == "2026-10-01T00:00:00+08:00"
    assert period.ends.isoformat() == "2026-11-01T00:00:00+08:00"


def test_empty_period_is_the_current_month():
    assert parse_period("", today=TODAY).code == "2026-11"


def test_trend_is_the_twelve_months_ending_with_the_period():
    months = parse_period("2026-Q1", today=TODAY).trend_months()
    assert (months[0], months[-1], len(months)) == (
        date(2025, 4, 1),
        date(2026, 3, 1),
        12,
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-13", "01 至 12"),
        ("2026-00", "01 至 12"),
        ("2026-Q5", "格式不对"),
        ("26-10", "格式不对"),
        ("2026/10", "格式不对"),
        ("<script>", "格式不对"),
        ("1999-12", "年份"),
        ("2027-01", "尚未开始"),
    ],
)
def test_malformed_period_is_refused_with_the_reason(value, words):
    with pytest.raises(PeriodError) as excinfo:
        parse_period(value, today=TODAY)
    assert words in excinfo.value.message
