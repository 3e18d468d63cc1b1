"""The case module in the Wagtail admin (wagtail-modeladmin)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .admin_ui.alerts_panel import DeadlineAlertsPanel
from .admin_ui.case_admin import CaseAdmin
from .admin_ui.complaint_admin import ComplaintAdmin
from .admin_ui.outreach_admin import FollowUpAdmin, LeadAdmin, RegistrationEntryAdmin
from .admin_ui.referral_admin import ReferralAdmin
from .admin_ui.supervision_panel import SupervisionPanel
from .models import CalendarDay


class CalendarDayAdmin(ModelAdmin):
    model = CalendarDay
    menu_label = _("节假日调整")
    menu_icon = "date"
    menu_order = 310
    list_display = ("date", "kind", "name", "note")
    list_filter = ("kind",)
    search_fields = ("name", "note")
    ordering = ("-date",)


modeladmin_register(CaseAdmin)
modeladmin_register(ReferralAdmin)
modeladmin_register(ComplaintAdmin)
modeladmin_register(FollowUpAdmin)
modeladmin_register(LeadAdmin)
modeladmin_register(RegistrationEntryAdmin)
modeladmin_register(CalendarDayAdmin)


@hooks.register("construct_homepage_panels")
def add_deadline_alerts(request, panels):
    panels.insert(0, DeadlineAlertsPanel(request.user))
    panels.insert(1, SupervisionPanel(request.user))
