"""工作日历的人工维护部分：日历包尚未覆盖的年份，或需要更正的日子。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.workdays import Overrides


class CalendarDay(TrackedModel):
    """One day an administrator declares a holiday or a working day.

    An entry here wins over the maintained calendar package, so an office can add
    next year's holidays (and 调休 working weekends) as soon as the State Council
    publishes them, before the package catches up.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("名称"), max_length=60, help_text=_("例如：元旦、春节调休")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    @classmethod
    def as_overrides(cls) -> Overrides:
        """Every entry as the working calendar reads it (``core.workdays``)."""
        return {
            entry.date: (entry.kind == cls.Kind.WORKDAY, entry.name)
            for entry in cls.objects.all()
        }
