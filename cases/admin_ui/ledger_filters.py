"""List filters of the referral and complaint ledgers.

Each narrows rows through the same function as the printed ledger and its
export (``REFERRAL_FILTERS``, ``COMPLAINT_FILTERS`` of cases/selectors/ledger.py),
so the list, the book and the spreadsheet cannot disagree.
"""

from collections.abc import Callable
from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Complaint, Referral
from cases.selectors.ledger import COMPLAINT_FILTERS, REFERRAL_FILTERS
from portal.models import Department, Township


class LedgerFilter(admin.SimpleListFilter):
    """One ledger parameter (``parameter_name``), narrowed by ``narrowing``."""

    narrowing: dict[str, Callable] = {}

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return self.narrowing[self.parameter_name](queryset, value)


class DepartmentFilter(LedgerFilter):
    title = _("承办部门")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return list(Department.objects.values_list("code", "name"))


class TownshipFilter(LedgerFilter):
    title = _("乡镇")
    parameter_name = "township"

    def lookups(self, request, model_admin):
        return list(Township.objects.values_list("code", "name"))


class OverdueFilter(LedgerFilter):
    title = _("反馈期限")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已逾期")), ("no", _("未逾期"))]


class StatusFilter(LedgerFilter):
    title = _("状态")
    parameter_name = "status"
    statuses: type = Referral.Status

    def lookups(self, request, model_admin):
        return self.statuses.choices


class PeriodFilter(LedgerFilter):
    """本月、上月、本年、上年; other spans go in the address: 2026-01-01~2026-03-31."""

    parameter_name = "period"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        last_month = today.replace(day=1) - timedelta(days=1)
        return [
            (f"{today:%Y-%m}", _("本月")),
            (f"{last_month:%Y-%m}", _("上月")),
            (f"{today.year}", _("本年")),
            (f"{today.year - 1}", _("上年")),
        ]


# 分办转办台账
class ReferralDepartmentFilter(DepartmentFilter):
    narrowing = REFERRAL_FILTERS


class ReferralStatusFilter(StatusFilter):
    narrowing = REFERRAL_FILTERS


class ReferralOverdueFilter(OverdueFilter):
    narrowing = REFERRAL_FILTERS


class ReferralTownshipFilter(TownshipFilter):
    narrowing = REFERRAL_FILTERS


class ReferralPeriodFilter(PeriodFilter):
    title = _("转办时间")
    narrowing = REFERRAL_FILTERS


# 投诉举报
class ComplaintChannelFilter(LedgerFilter):
    title = _("来源渠道")
    parameter_name = "channel"
    narrowing = COMPLAINT_FILTERS

    def lookups(self, request, model_admin):
        return Complaint.Channel.choices


class ComplaintStatusFilter(StatusFilter):
    statuses = Complaint.Status
    narrowing = COMPLAINT_FILTERS


class ComplaintOverdueFilter(OverdueFilter):
    narrowing = COMPLAINT_FILTERS


class ComplaintTownshipFilter(TownshipFilter):
    narrowing = COMPLAINT_FILTERS


class ComplaintPeriodFilter(PeriodFilter):
    title = _("收到时间")
    narrowing = COMPLAINT_FILTERS
