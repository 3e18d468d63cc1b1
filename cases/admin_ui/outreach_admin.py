"""评价回访, 主动发现线索 and 工作登记簿 in the admin."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import FollowUp, Lead, RegistrationEntry
from cases.selectors import (
    followups_visible_to,
    leads_visible_to,
    registration_entries_visible_to,
)

from . import converters  # noqa: F401 - registers <record_number:…>
from .records import FromCasePermissionHelper, RecordAdmin, RecordButtonHelper


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

    def get_queryset(self, request):
        return followups_visible_to(request.user)

    @admin.display(description=_("时间"), ordering="conducted_at")
    def conducted_on(self, obj):
        return f"{timezone.localtime(obj.conducted_at):%Y-%m-%d}"


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
        "urgent",
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

    def get_queryset(self, request):
        return leads_visible_to(request.user)

    @admin.display(description=_("报告日期"), ordering="reported_at")
    def reported_on(self, obj):
        return f"{timezone.localtime(obj.reported_at):%Y-%m-%d}"

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

    def get_queryset(self, request):
        return registration_entries_visible_to(request.user)

    @admin.display(description=_("登记日期"), ordering="recorded_at")
    def recorded_on(self, obj):
        return f"{timezone.localtime(obj.recorded_at):%Y-%m-%d}"

    def record_views(self):
        from .views import outreach

        return outreach.EntryCreateView, outreach.EntryPageView
