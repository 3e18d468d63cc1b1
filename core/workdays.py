"""The working-day calendar that every deadline is counted on (限时办结).

Official holidays and adjusted working days (调休) come from the maintained
``chinesecalendar`` package; days an administrator enters take precedence.

A year the package does not know yet is *uncovered* until an administrator records
that its arrangement (the State Council's notice) has been entered. In such a year
the statutory holidays still count, computed by rule
(``core.statutory_holidays``); only the 调休 swaps are unknown. A deadline counted
through an uncovered year is therefore provisional (暂定), and says so.

The entered days and recorded arrangements are the case module's records
(``cases.CalendarDay``, ``cases.HolidayArrangement``); the shared base cannot
import them, so the case module hands over its readers with ``use_overrides_from``
when it starts (``CasesConfig.ready``). Portal code (the replacement deadlines of
printed copies) counts on the same calendar by importing this module.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from core.statutory_holidays import statutory_holidays

# A deadline years away is a data error, not a calendar question.
MAX_WORKING_DAYS = 3650

# day -> (is a working day, its name), as an administrator entered it.
Overrides = dict[date, tuple[bool, str]]
_override_source: Callable[[], Overrides] = dict
_arrangement_source: Callable[[], Iterable[int]] = frozenset

# The years whose official arrangement the calendar package carries.
PACKAGE_YEARS = frozenset(
    day.year
    for table in (chinese_calendar.holidays, chinese_calendar.workdays)
    for day in table
)


def use_overrides_from(
    source: Callable[[], Overrides],
    arrangements: Callable[[], Iterable[int]] | None = None,
) -> None:
    """Where administrator-entered days (and the years whose 调休 arrangement has
    been entered in full) come from, read afresh for each calendar."""
    global _override_source, _arrangement_source  # one reader per process
    _override_source = source
    if arrangements is not None:
        _arrangement_source = arrangements


# What every provisional deadline's stored working ends with: the stored working is
# recomputed whenever the calendar changes, so it tells whether a date is final.
PROVISIONAL_MARK = "期限暂定"


def provisional_warning(years: Iterable[int]) -> str:
    """The words a provisional deadline carries, e.g. 2027年节假日安排尚未录入."""
    named = "、".join(f"{year}年" for year in sorted(set(years)))
    return f"{named}节假日安排尚未录入（法定节假日已按规则计入，调休待国务院通知）"


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass
class Calculation:
    """How a date n working days after ``start`` was reached: 期限计算过程。"""

    start: date
    working_days: int
    result: date
    skipped: list[SkippedDay] = field(default_factory=list)
    paused: list[tuple] = field(default_factory=list)
    # Working days each paused span took out of the count, by (start, end).
    paused_working_days: dict[tuple[date, date], int] = field(default_factory=dict)
    # Uncovered years the count ran through: the date may still move (暂定).
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def describe(self) -> str:
        lines = [
            f"起算日 {self.start:%Y-%m-%d}（当日不计），"
            f"计 {self.working_days} 个工作日，期限 {self.result:%Y-%m-%d}。"
        ]
        if self.paused:
            # A pause is (start, end) or (start, end, why): 补正 unless said otherwise.
            by_reason: dict[str, list[str]] = {}
            for span in self.paused:
                a, b, why = (*span, "补正")[:3]
                paused_days = self.paused_working_days.get((a, b), 0)
                by_reason.setdefault(why, []).append(
                    f"{a:%m-%d}至{b:%m-%d}（{paused_days}个工作日）"
                )
            for why, spans in by_reason.items():
                lines.append(f"{why}期间不计入：{'、'.join(spans)}，期限相应顺延。")
        holidays = [s for s in self.skipped if s.reason != "周末"]
        weekends = len(self.skipped) - len(holidays)
        if weekends:
            lines.append(f"跳过周末 {weekends} 天。")
        if holidays:
            days = "、".join(f"{s.day:%m-%d}{s.reason}" for s in holidays)
            lines.append(f"跳过节假日：{days}。")
        if self.provisional_years:
            lines.append(
                f"{provisional_warning(self.provisional_years)}，{PROVISIONAL_MARK}。"
            )
        return "".join(lines)


class WorkingCalendar:
    """Answers ``is this a working day`` with administrator entries loaded once."""

    def __init__(
        self,
        overrides: Overrides | None = None,
        arrangements: Iterable[int] | None = None,
    ):
        self.overrides = overrides if overrides is not None else _override_source()
        recorded = arrangements if arrangements is not None else _arrangement_source()
        self.covered_years = PACKAGE_YEARS | frozenset(recorded)

    def covers(self, year: int) -> bool:
        """Whether the year's 调休 arrangement is known (package or entered)."""
        return year in self.covered_years

    def uncovered_between(self, a: date, b: date) -> tuple[int, ...]:
        """The uncovered years from ``a`` to ``b`` (either order), oldest first."""
        low, high = sorted((a.year, b.year))
        return tuple(y for y in range(low, high + 1) if not self.covers(y))

    def day_kind(self, day: date) -> tuple[bool, str]:
        """(is a working day, why) for one date."""
        if day in self.overrides:
            return self.overrides[day]
        if day.year not in PACKAGE_YEARS:
            statutory = statutory_holidays(day.year).get(day)
            if statutory:
                return False, statutory
            if day.weekday() >= 5:
                return False, "周末"
            return True, "工作日"
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if not on_holiday:
            return True, "调休上班" if day.weekday() >= 5 else "工作日"
        if name:
            return False, _HOLIDAY_NAMES.get(name, name)
        return False, "周末"

    def is_working_day(self, day: date) -> bool:
        return self.day_kind(day)[0]

    def add(
        self,
        start: date,
        n: int,
        *,
        pauses: Iterable[tuple] = (),
    ) -> Calculation:
        """The date ``n`` working days after ``start``; paused spans do not count."""
        if not 0 <= n <= MAX_WORKING_DAYS:
            raise ValueError(f"working days must be 0..{MAX_WORKING_DAYS}, not {n}")
        pause_list = sorted(pauses)
        spans = [(span[0], span[1]) for span in pause_list]
        calc = Calculation(start=start, working_days=n, result=start)
        calc.paused = pause_list
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            span = next(((a, b) for a, b in spans if a <= day <= b), None)
            if span is not None:
                if self.is_working_day(day):
                    calc.paused_working_days[span] = (
                        calc.paused_working_days.get(span, 0) + 1
                    )
                continue
            working, reason = self.day_kind(day)
            if working:
                counted += 1
            else:
                calc.skipped.append(SkippedDay(day, reason))
        calc.result = day
        if n:
            calc.provisional_years = self.uncovered_between(
                start + timedelta(days=1), day
            )
        return calc

    def between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative if b < a)."""
        if b < a:
            return -self.between(b, a)
        return sum(
            1
            for offset in range(1, (b - a).days + 1)
            if self.is_working_day(a + timedelta(days=offset))
        )


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def calculate(start: date, n: int) -> Calculation:
    """The date n working days after ``start``, with how it was reached."""
    return WorkingCalendar().add(start, n)


def add_working_days(start: date, n: int) -> date:
    """The date n working days after ``start`` (the start day itself does not count)."""
    return WorkingCalendar().add(start, n).result


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``."""
    return WorkingCalendar().between(a, b)


def is_working_day(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)
