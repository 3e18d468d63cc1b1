"""统计期：月度（2026-10）或季度（2026-Q3），按北京时间的自然日划分。"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import PeriodError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
MIN_YEAR = 2000
MAX_YEAR = 2100
TREND_MONTHS = 12


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter: ``first`` and ``last`` day both included."""

    kind: str  # "month" or "quarter"
    year: int
    number: int  # month 1..12 or quarter 1..4

    @property
    def first(self) -> date:
        month = self.number if self.kind == "month" else 3 * self.number - 2
        return date(self.year, month, 1)

    @property
    def last(self) -> date:
        months = 1 if self.kind == "month" else 3
        return _add_months(self.first, months) - timedelta(days=1)

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)s年%(month)s月") % {
                "year": self.year,
                "month": self.number,
            }
        return _("%(year)s年第%(q)s季度") % {"year": self.year, "q": self.number}

    @property
    def starts(self) -> datetime:
        """Local midnight at the start: bounds on the stored instant use indexes."""
        return _midnight(self.first)

    @property
    def ends(self) -> datetime:
        """Local midnight after the last day (exclusive bound)."""
        return _midnight(self.last + timedelta(days=1))

    def months(self) -> list[date]:
        """First days of the months inside the period."""
        count = 1 if self.kind == "month" else 3
        return [_add_months(self.first, i) for i in range(count)]

    def trend_months(self, count: int = TREND_MONTHS) -> list[date]:
        """The ``count`` months ending with the period's last month."""
        last = date(self.last.year, self.last.month, 1)
        return [_add_months(last, -i) for i in range(count - 1, -1, -1)]

    def is_future(self, today: date | None = None) -> bool:
        return self.first > (today or timezone.localdate())


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period(value: str | None, *, today: date | None = None) -> Period:
    """``2026-10`` or ``2026-Q3``; empty means the current month."""
    text = (value or "").strip()
    if not text:
        today = today or timezone.localdate()
        return Period("month", today.year, today.month)
    if match := _MONTH.match(text):
        period = Period("month", int(match[1]), int(match[2]))
        if not 1 <= period.number <= 12:
            raise PeriodError(_("统计期“%s”的月份应为 01 至 12。") % text)
    elif match := _QUARTER.match(text):
        period = Period("quarter", int(match[1]), int(match[2]))
    else:
        raise PeriodError(
            _("统计期“%s”格式不对：月度写作 2026-10，季度写作 2026-Q3。") % text[:20]
        )
    if not MIN_YEAR <= period.year <= MAX_YEAR:
        raise PeriodError(
            _("统计期的年份应在 %(min)s 至 %(max)s 之间。")
            % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    if period.is_future(today):
        raise PeriodError(_("统计期%s尚未开始，没有数据。") % period.label)
    return period
