"""分办转办台账 in the admin: the ledger list, each referral's page, the printed
ledger book and its Excel export, all from the same filters."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cases.models import Referral
from cases.selectors import referrals_visible_to
from cases.selectors.ledger import REFERRAL_FILTERS

from . import converters  # noqa: F401 - registers <record_number:…>
from .ledger_filters import (
    DepartmentFilter,
    OverdueFilter,
    PeriodFilter,
    StatusFilter,
    TownshipFilter,
)
from .records import FromCasePermissionHelper, RecordAdmin, local_day


class ReferralAdmin(RecordAdmin):
    model = Referral
    menu_label = _("分办转办台账")
    menu_icon = "resubmit"
    menu_order = 210
    record_url_name = "cases_admin_referral"
    permission_helper_class = FromCasePermissionHelper
    index_template_name = "cases/admin/referral_index.html"
    list_display = (
        "number",
        "referred_on",
        "case_number",
        "township_name",
        "department",
        "need_label",
        "feedback_due",
        "status",
        "overdue_flag",
    )
    list_filter = (
        DepartmentFilter,
        StatusFilter,
        OverdueFilter,
        TownshipFilter,
        PeriodFilter,
    )
    ledger_filters = REFERRAL_FILTERS
    period_title = _("转办时间")
    search_fields = ("number", "case__number", "reason", "need")
    ordering = ("-referred_at",)

    selector = referrals_visible_to
    referred_on = local_day("referred_at", _("转办日期"))

    @admin.display(description=_("案件编号"), ordering="case__number")
    def case_number(self, obj):
        return obj.case.number

    @admin.display(description=_("乡镇"))
    def township_name(self, obj):
        return obj.case.township.name

    @admin.display(description=_("转办事项"))
    def need_label(self, obj):
        return _("整案转办") if obj.whole_case else obj.need

    def record_views(self):
        from .views import referrals

        return None, referrals.ReferralPageView

    def get_admin_urls_for_registration(self):
        """The ledger's print and export pages come before the record's page."""
        from .views import referrals

        index, *pages = super().get_admin_urls_for_registration()
        return (
            index,
            path(
                "cases/referral/ledger/print/",
                referrals.LedgerPrintView.as_view(model_admin=self),
                name="cases_admin_referral_ledger_print",
            ),
            path(
                "cases/referral/ledger/export/",
                referrals.LedgerExportView.as_view(model_admin=self),
                name="cases_admin_referral_ledger_export",
            ),
            *pages,
        )
