"""救助案件 in the Wagtail admin through wagtail-modeladmin: the list and its URLs."""

from django.contrib import admin
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from cases.models import RULE_PERIODS, Case, Pause
from cases.selectors import cases_overdue, cases_visible_to
from portal.people import staff_people

from . import urls
from .case_permissions import CasePermissionHelper
from .records import RecordButtonHelper


class CaseButtonHelper(RecordButtonHelper):
    open_title = _("打开案件 %s")

    def add_button(self, classnames_add=None, classnames_exclude=None):
        button = super().add_button(classnames_add, classnames_exclude)
        button.update(label=_("受理登记"), title=_("登记一件新的申请"))
        return button


class OverdueFilter(admin.SimpleListFilter):
    title = _("期限")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", _("已超期")), ("no", _("未超期")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return cases_overdue(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=cases_overdue(queryset).values("pk"))
        return queryset


class HandlerFilter(admin.SimpleListFilter):
    """经办人 by name, post and township: the people handling the cases one sees."""

    title = _("经办人")
    parameter_name = "handler"

    def lookups(self, request, model_admin):
        handling = (
            model_admin.get_queryset(request)
            .exclude(handler=None)
            .values_list("handler__username", flat=True)
            .distinct()
        )
        return [(p.username, p.label) for p in staff_people(handling)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(handler__username=self.value())
        return queryset


# Shown in the list and written to its export, after the case number.
_COLUMNS = (
    "applicant_name",
    "applicant_id_number",
    "assistance_type",
    "township",
    "channel",
    "status",
    "received_at",
    "next_due",
)


class CaseAdmin(ModelAdmin):
    model = Case
    menu_label = _("救助案件")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    permission_helper_class = CasePermissionHelper
    button_helper_class = CaseButtonHelper
    record_url_name = "cases_admin_case"
    list_display = ("case_number", *_COLUMNS)
    list_filter = (
        "status",
        "assistance_type",
        ("township", admin.RelatedOnlyFieldListFilter),
        "channel",
        OverdueFilter,
        HandlerFilter,
    )
    # The export names the case by its plain number (the list links it).
    list_export = ("number", *_COLUMNS)
    export_filename = "cases"
    search_fields = ("number", "applicant__name")
    ordering = ("-received_at",)
    list_per_page = 50

    def get_queryset(self, request):
        """Only what this user may see; the next open deadline the office must
        meet rides along (a 公示 ends by itself, see ``RULE_PERIODS``)."""
        open_pause = Pause.objects.filter(case=OuterRef("pk"), ended_on__isnull=True)
        running = Q(deadlines__completed_at__isnull=True) & ~Q(
            deadlines__stage__in=RULE_PERIODS
        )
        return cases_visible_to(request.user).annotate(
            next_due_on=Min("deadlines__due_on", filter=running),
            is_paused=Exists(open_pause),
        )

    @admin.display(description=_("案件编号"), ordering="number")
    def case_number(self, obj):
        # The first column is wrapped in a link to the case page by modeladmin.
        return obj.number

    @admin.display(description=_("申请人"), ordering="applicant__name")
    def applicant_name(self, obj):
        return obj.applicant.name

    @admin.display(description=_("身份证号码"))
    def applicant_id_number(self, obj):
        return obj.applicant.masked_id_number

    @admin.display(description=_("最近期限"), ordering="next_due_on")
    def next_due(self, obj):
        due = getattr(obj, "next_due_on", None)
        if due is None:
            return ""
        if getattr(obj, "is_paused", False):
            return format_html("{}（{}）", due, _("补正中，暂停计时"))
        if due < timezone.localdate():
            return format_html("<strong>{} {}</strong>", due, _("已超期"))
        return str(due)

    def get_admin_urls_for_registration(self):
        index = super().get_admin_urls_for_registration()[0]
        return (index, *urls.case_urls(self))
