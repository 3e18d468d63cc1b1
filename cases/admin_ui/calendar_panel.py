"""日历覆盖提醒：a year whose 调休 arrangement is not entered yet, on the admin home
page of those who keep the calendar, from 1 November of the year before."""

from django.urls import reverse

from cases.selectors import calendar_coverage, provisional_counts
from portal.admin_pages import HomePanel


class CalendarCoveragePanel(HomePanel):
    name = "calendar_coverage"
    order = 40
    template_name = "cases/admin/calendar_panel.html"

    coverage = None  # read once, when the panel is drawn

    def get_context_data(self, parent_context=None):
        return {
            "coverage": self.coverage,
            "counts": provisional_counts(self.user),
            "calendar_url": reverse("cases_calendarday_modeladmin_index"),
            "arrangement_url": reverse("cases_holidayarrangement_modeladmin_index"),
        }

    def is_shown(self) -> bool:
        if not self.user.has_perm("cases.add_calendarday"):
            return False
        self.coverage = calendar_coverage()
        return self.coverage.remind_administrators
