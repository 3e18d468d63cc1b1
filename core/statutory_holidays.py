"""法定节假日 by rule, for any year (全国年节及纪念日放假办法).

The law fixes the statutory days: 元旦, 春节 (from 除夕, four days since 2025),
清明, 劳动节 (two days since 2025), 端午, 中秋 and 国庆 (three days). Most of them
follow the lunar calendar, so they are computed, here with the maintained
``holidays`` package. What the law does not fix is the yearly 调休 arrangement
(which weekend days are worked, which bridging weekdays are rested): that comes
from the State Council's notice, through the calendar package once it catches up
or through what an administrator enters.
"""

from datetime import date
from functools import lru_cache

import holidays

# The package's Chinese names, shortened to what a deadline's explanation shows.
_NAMES = {"农历除夕": "除夕"}
# Entries the package carries for years whose notice it already knows: those are
# the 调休 arrangement, not the statutory days.
_ARRANGEMENT_MARKS = ("休息日", "调休")


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """Every statutory holiday of ``year``, by date, with its Chinese name."""
    found = holidays.China(years=year, observed=False, language="zh_CN")
    return {
        day: _NAMES.get(name, name)
        for day, name in sorted(found.items())
        if not any(mark in name for mark in _ARRANGEMENT_MARKS)
    }
