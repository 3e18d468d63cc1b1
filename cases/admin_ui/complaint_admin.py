"""投诉举报 in the admin: the list, staff entry, and each complaint's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import Complaint
from cases.selectors import complaints_visible_to
from cases.selectors.ledger import COMPLAINT_FILTERS

from . import converters  # noqa: F401 - registers <record_number:…>
from .ledger_filters import (
    ChannelFilter,
    OverdueFilter,
    PeriodFilter,
    StatusFilter,
    TownshipFilter,
)
from .records import RecordAdmin, RecordButtonHelper, local_day


class ComplaintButtonHelper(RecordButtonHelper):
    def add_button(self, classnames_add=None, classnames_exclude=None):
        button = super().add_button(classnames_add, classnames_exclude)
        button.update(
            label=_("登记投诉"), title=_("登记电话、12349热线、来信或来访投诉")
        )
        return button


class ComplaintAdmin(RecordAdmin):
    model = Complaint
    menu_label = _("投诉举报")
    menu_icon = "warning"
    menu_order = 220
    record_url_name = "cases_admin_complaint"
    button_helper_class = ComplaintButtonHelper
    list_display = (
        "number",
        "received_on",
        "channel",
        "complainant",
        "township",
        "status",
        "response_due",
        "overdue_flag",
    )
    list_filter = (
        ChannelFilter,
        StatusFilter,
        OverdueFilter,
        TownshipFilter,
        PeriodFilter,
    )
    ledger_filters = COMPLAINT_FILTERS
    period_title = _("收到时间")
    search_fields = ("number", "case__number", "content", "name")
    ordering = ("-received_at",)

    selector = complaints_visible_to
    received_on = local_day("received_at", _("收到日期"))

    @admin.display(description=_("投诉人"))
    def complainant(self, obj):
        return obj.name or _("（匿名）")

    def record_views(self):
        from .views import complaints

        return complaints.ComplaintCreateView, complaints.ComplaintPageView
