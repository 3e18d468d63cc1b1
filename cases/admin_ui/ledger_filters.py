"""List filters of the referral and complaint ledgers (and the archive catalogue).

Each narrows rows through the same function as the printed ledger and its
export: the admin names its table of them (``ledger_filters = REFERRAL_FILTERS``,
``COMPLAINT_FILTERS`` of cases/selectors/ledger.py), so the list, the book and
the spreadsheet cannot disagree, and one filter class serves every ledger.
"""

from collections.abc import Callable
from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Complaint
from portal.models import Department, Township


class LedgerFilter(admin.SimpleListFilter):
    """One ledger parameter (``parameter_name``), narrowed by the function of
    that name in its admin's ``ledger_filters``."""

    def __init__(self, request, params, model, model_admin):
        self.narrowing: dict[str, Callable] = model_admin.ledger_filters
        super().__init__(request, params, model, model_admin)

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return self.narrowing[self.parameter_name](queryset, value)


class CodedFilter(LedgerFilter):
    """A choice among the entries of a directory kept by code (``coded``)."""

    coded: type

    def lookups(self, request, model_admin):
        return list(self.coded.objects.values_list("code", "name"))


class DepartmentFilter(CodedFilter):
    title = _("承办部门")
    parameter_name = "department"
    coded = Department


class TownshipFilter(CodedFilter):
    title = _("乡镇")
    parameter_name = "township"
    coded = Township


class OverdueFilter(LedgerFilter):
    title = _("反馈期限")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已逾期")), ("no", _("未逾期"))]


class StatusFilter(LedgerFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return model_admin.model.Status.choices


class PeriodFilter(LedgerFilter):
    """本月、上月、本年、上年; other spans go in the address: 2026-01-01~2026-03-31.
    Titled by the admin's ``period_title`` (转办时间, 收到时间)."""

    parameter_name = "period"

    def __init__(self, request, params, model, model_admin):
        self.title = model_admin.period_title
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        last_month = today.replace(day=1) - timedelta(days=1)
        return [
            (f"{today:%Y-%m}", _("本月")),
            (f"{last_month:%Y-%m}", _("上月")),
            (f"{today.year}", _("本年")),
            (f"{today.year - 1}", _("上年")),
        ]


class ChannelFilter(LedgerFilter):
    """投诉举报's 来源渠道."""

    title = _("来源渠道")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return Complaint.Channel.choices
