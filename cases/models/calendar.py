"""工作日历的人工维护部分：日历包尚未覆盖的年份，或需要更正的日子。"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.statutory_holidays import statutory_holidays
from core.workdays import PACKAGE_YEARS, Overrides


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

    def clean(self):
        super().clean()
        if self.date is None or self.kind != self.Kind.WORKDAY:
            return
        statutory = statutory_holidays(self.date.year).get(self.date)
        if statutory:
            # The law fixes the statutory days; 调休 only moves the days around them.
            raise ValidationError(
                {
                    "kind": _("%(day)s是法定节假日（%(name)s），不能设为调休上班日。")
                    % {"day": f"{self.date:%Y-%m-%d}", "name": statutory}
                }
            )

    @classmethod
    def as_overrides(cls) -> Overrides:
        """Every entry as the working calendar reads it (``core.workdays``)."""
        return {
            entry.date: (entry.kind == cls.Kind.WORKDAY, entry.name)
            for entry in cls.objects.all()
        }


class HolidayArrangement(TrackedModel):
    """A year whose 调休 arrangement (the State Council's notice) has been entered.

    Until a year is covered by the calendar package or recorded here, deadlines
    running into it are provisional (暂定): the statutory holidays are counted by
    rule, but the swapped working weekends and bridging rest days are not known.
    Recording the year, after entering its days as ``CalendarDay`` entries, makes
    its deadlines final and recomputes every open one.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    document = models.CharField(
        _("通知文号"),
        max_length=100,
        help_text=_("国务院办公厅关于该年度部分节假日安排的通知"),
    )
    published_on = models.DateField(_("发布日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")

    def __str__(self) -> str:
        return f"{self.year}年 {self.document}"

    def clean(self):
        super().clean()
        if self.year is None:
            return
        if self.year in PACKAGE_YEARS:
            raise ValidationError(
                {
                    "year": _("%(year)s年的节假日安排已由日历数据提供，无需录入。")
                    % {"year": self.year}
                }
            )
        if not CalendarDay.objects.filter(date__year=self.year).exists():
            raise ValidationError(
                {
                    "year": _(
                        "请先在“节假日调整”中录入%(year)s年的放假和调休日期，再确认该年度安排已录入。"
                    )
                    % {"year": self.year}
                }
            )

    @classmethod
    def recorded_years(cls) -> frozenset[int]:
        """The years the working calendar treats as covered (``core.workdays``)."""
        return frozenset(cls.objects.values_list("year", flat=True))
