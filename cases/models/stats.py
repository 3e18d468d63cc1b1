"""统计用工作日序号表：每个日期一行，记到该日为止累计的工作日数。

Derived from ``core.workdays`` (chinesecalendar plus the administrator's
``CalendarDay`` entries) and rebuilt whenever those entries change, so a
working-day duration is ``ordinal(end) - ordinal(start)`` inside one SQL
aggregate instead of a Python loop over cases. Not under history: it is a cache
of the calendar, which is itself under history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingDayOrdinal(models.Model):
    date = models.DateField(_("日期"), primary_key=True)
    ordinal = models.PositiveIntegerField(_("累计工作日序号"))
    is_working = models.BooleanField(_("工作日"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日序号")
        verbose_name_plural = _("工作日序号")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} #{self.ordinal}"
