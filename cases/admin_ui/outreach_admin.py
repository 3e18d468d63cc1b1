"""评价回访, 主动发现线索 and 工作登记簿 in the admin."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import FollowUp, Lead, RegistrationEntry
from cases.selectors import (
    followups_visible_to,
    leads_visible_to,
    registration_entries_visible_to,
)

from . import converters  # noqa: F401 - registers <record_number:…>
from .records import (
    FromCasePermissionHelper,
    RecordAdmin,
    RecordButtonHelper,
    local_day,
    yes_no,
)


class FollowUpButtonHelper(RecordButtonHelper):
    def open_button(self, obj) -> dict:
        return {
            "url": reverse("cases_admin_case", args=[obj.case.number]),
            "label": _("打开案件"),
            "classname": "button button-small button-secondary",
            "title": obj.case.number,
        }


class FollowUpAdmin(RecordAdmin):
    """Recorded from the closed case's page; listed here for supervision."""

    model = FollowUp
    menu_label = _("评价回访")
    menu_icon = "comment"
    menu_order = 230
    permission_helper_class = FromCasePermissionHelper
    button_helper_class = FollowUpButtonHelper
    list_display = ("case", "kind", "satisfaction", "status", "conducted_on")
    list_filter = ("kind", "satisfaction", "status")
    search_fields = ("case__number", "content")
    ordering = ("-conducted_at",)

    selector = followups_visible_to
    conducted_on = local_day("conducted_at", _("时间"))


class LeadAdmin(RecordAdmin):
    model = Lead
    menu_label = _("主动发现线索")
    menu_icon = "search"
    menu_order = 240
    record_url_name = "cases_admin_lead"
    list_display = (
        "number",
        "reported_on",
        "township",
        "village",
        "person_name",
        "source",
        "urgent_flag",
        "status",
        "case",
    )
    list_filter = (
        "status",
        "source",
        "urgent",
        ("township", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("number", "person_name", "content")
    ordering = ("-reported_at",)

    selector = leads_visible_to
    reported_on = local_day("reported_at", _("报告日期"))
    urgent_flag = yes_no("urgent", _("突发紧急困难"))

    def record_views(self):
        from .views import outreach

        return outreach.LeadCreateView, outreach.LeadPageView


class RegistrationEntryAdmin(RecordAdmin):
    model = RegistrationEntry
    menu_label = _("工作登记簿")
    menu_icon = "doc-full"
    menu_order = 250
    record_url_name = "cases_admin_entry"
    list_display = (
        "number",
        "recorded_on",
        "village",
        "visitor_name",
        "kind",
        "status",
    )
    list_filter = ("status", "kind", ("village", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "visitor_name", "content")
    ordering = ("-recorded_at",)

    selector = registration_entries_visible_to
    recorded_on = local_day("recorded_at", _("登记日期"))

    def record_views(self):
        from .views import outreach

        return outreach.EntryCreateView, outreach.EntryPageView
