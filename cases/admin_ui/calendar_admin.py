"""工作日历的维护：节假日调整 (single days), 年度节假日安排 (a whole year)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from cases.models import CalendarDay, HolidayArrangement
from cases.selectors import calendar_coverage

from .records import CheckedHistoryView


class CalendarIndexView(IndexView):
    """The list, with the coverage warning above it while a year is pending."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = calendar_coverage()
        return context


class CalendarAdmin(ModelAdmin):
    """What both calendar lists share: checked history, the coverage warning."""

    history_view_class = CheckedHistoryView
    index_view_class = CalendarIndexView
    index_template_name = "cases/admin/calendar_index.html"


class CalendarDayAdmin(CalendarAdmin):
    model = CalendarDay
    menu_label = _("节假日调整")
    menu_icon = "date"
    menu_order = 310
    list_display = ("date", "kind", "name", "note")
    list_filter = ("kind",)
    search_fields = ("name", "note")
    ordering = ("-date",)


class HolidayArrangementAdmin(CalendarAdmin):
    model = HolidayArrangement
    menu_label = _("年度节假日安排")
    menu_icon = "calendar-check"
    menu_order = 311
    list_display = ("year", "document", "published_on", "note")
    ordering = ("-year",)
