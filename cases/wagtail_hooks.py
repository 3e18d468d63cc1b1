"""The case module in the Wagtail admin (wagtail-modeladmin)."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cases.selectors.queues import QUEUES
from core.roles import roles_of
from portal.admin_pages import register_menu_items
from portal.page_slots import COMPLAINT_FORM

from .admin_ui.alerts_panel import DeadlineAlertsPanel
from .admin_ui.archive_admin import ArchiveCategoryAdmin, ArchiveEntryAdmin
from .admin_ui.calendar_admin import CalendarDayAdmin, HolidayArrangementAdmin
from .admin_ui.calendar_panel import CalendarCoveragePanel
from .admin_ui.case_admin import CaseAdmin
from .admin_ui.complaint_admin import ComplaintAdmin
from .admin_ui.consultation_admin import (
    ConsultationAdmin,
    ConsultationCreateMenuItem,
    ConsultationPermissionHelper,
)
from .admin_ui.outreach_admin import FollowUpAdmin, LeadAdmin, RegistrationEntryAdmin
from .admin_ui.queue_panel import WorkQueuePanel, has_work_queue
from .admin_ui.referral_admin import ReferralAdmin
from .admin_ui.supervision_panel import SupervisionPanel
from .admin_ui.views.recipients import may_see_recipients
from .public.forms import complaint_form_html
from .stats.scope import may_see_statistics

modeladmin_register(CaseAdmin)
modeladmin_register(ReferralAdmin)
modeladmin_register(ComplaintAdmin)
modeladmin_register(FollowUpAdmin)
modeladmin_register(LeadAdmin)
modeladmin_register(ConsultationAdmin)
modeladmin_register(RegistrationEntryAdmin)
modeladmin_register(CalendarDayAdmin)
modeladmin_register(HolidayArrangementAdmin)
modeladmin_register(ArchiveEntryAdmin)
modeladmin_register(ArchiveCategoryAdmin)


@hooks.register("construct_homepage_panels")
def add_deadline_alerts(request, panels):
    panels.insert(0, CalendarCoveragePanel(request.user))
    panels.insert(1, WorkQueuePanel(request.user))
    panels.insert(2, DeadlineAlertsPanel(request.user))
    panels.insert(3, SupervisionPanel(request.user))


@hooks.register("staff_landing_url")
def my_work_is_the_landing(user):
    """办案岗位登录后首先看到自己的待办 (portal.accounts.landing). A
    superuser holds every role in the policy but works no queue by post."""
    if roles_of(user) & set(QUEUES):
        return reverse("cases_my_work")
    return None


@hooks.register("register_admin_urls")
def register_statistics_urls():
    from .admin_ui import stats_urls

    return [path("", include(stats_urls))]


# Statistics: county staff, township clerks and village coordinators; not editors.
# fmt: off
register_menu_items("register_admin_menu_item", [
    # label, URL name, shown to,
    #     name, icon, order
    (_("我的待办"), "cases_my_work", has_work_queue,
        "my-work", "tasks", 190),
    (_("在册对象"), "cases_recipients", may_see_recipients,
        "case-recipients", "group", 205),
    (_("定期复核"), "cases_reviews_due", may_see_recipients,
        "case-reviews-due", "date", 206),
    (_("统计分析"), "cases_stats", may_see_statistics,
        "case-statistics", "table", 260),
])
# fmt: on


@hooks.register("register_admin_menu_item")
def register_consultation_create_menu_item():
    from cases.models import Consultation

    return ConsultationCreateMenuItem(
        _("登记咨询（首问负责）"),
        reverse_lazy("cases_consultation_modeladmin_create"),
        name="consultation-create",
        icon_name="plus",
        order=246,
        permission_helper=ConsultationPermissionHelper(Consultation),
    )


# The complaint-channel page (portal) shows the online complaint form here.
hooks.register(COMPLAINT_FORM, complaint_form_html)
