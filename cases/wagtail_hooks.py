"""The case module in the Wagtail admin (wagtail-modeladmin)."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cases.selectors.queues import QUEUES
from core.roles import roles_of
from portal.admin_pages import RuleMenuItem
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


@hooks.register("register_admin_menu_item")
def register_my_work_menu_item():
    return RuleMenuItem(
        _("我的待办"),
        reverse_lazy("cases_my_work"),
        shown_to=has_work_queue,
        name="my-work",
        icon_name="tasks",
        order=190,
    )


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


@hooks.register("register_admin_menu_item")
def register_recipients_menu_item():
    from .admin_ui.views.recipients import may_see_recipients

    return RuleMenuItem(
        _("在册对象"),
        reverse_lazy("cases_recipients"),
        shown_to=may_see_recipients,
        name="case-recipients",
        icon_name="group",
        order=205,
    )


@hooks.register("register_admin_menu_item")
def register_due_reviews_menu_item():
    from .admin_ui.views.recipients import may_see_recipients

    return RuleMenuItem(
        _("定期复核"),
        reverse_lazy("cases_reviews_due"),
        shown_to=may_see_recipients,
        name="case-reviews-due",
        icon_name="date",
        order=206,
    )


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    # County staff, township clerks and village coordinators; not editors.
    return RuleMenuItem(
        _("统计分析"),
        reverse_lazy("cases_stats"),
        shown_to=may_see_statistics,
        name="case-statistics",
        icon_name="table",
        order=260,
    )


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
