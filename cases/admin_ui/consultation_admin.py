"""咨询登记 (首问负责) in the admin: the list, one record's page, the create form,
and a menu item that opens the create form directly (a window logs a question
while the person is still there)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from cases.access import may
from cases.models import Consultation
from cases.selectors import consultations_visible_to
from portal.models import ServicePoint

from . import converters  # noqa: F401 - registers <record_number:…>
from .case_permissions import RecordPermissionHelper
from .records import RecordAdmin, local_day, yes_no


class ConsultationPermissionHelper(RecordPermissionHelper):
    def user_can_list(self, user):
        return may(user, "consultation.view") and super().user_can_list(user)

    def user_can_create(self, user):
        return may(user, "consultation.record") and super().user_can_create(user)


class ConsultationAdmin(RecordAdmin):
    model = Consultation
    menu_label = _("咨询登记")
    menu_icon = "help"
    menu_order = 245
    permission_helper_class = ConsultationPermissionHelper
    record_url_name = "cases_admin_consultation"
    list_display = (
        "number",
        "consulted_on",
        "window",
        "channel",
        "person_name",
        "subject",
        "responder",
        "notified",
        "case",
    )
    list_filter = (
        "channel",
        "one_time_notice",
        ("township", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("number", "person_name", "topic", "answer")
    ordering = ("-consulted_at",)

    selector = consultations_visible_to
    consulted_on = local_day("consulted_at", _("咨询日期"))
    notified = yes_no("one_time_notice", _("已一次性告知"))

    @admin.display(description=_("服务窗口"))
    def window(self, obj):
        return obj.window_label

    @admin.display(description=_("咨询事项"))
    def subject(self, obj):
        return obj.subject

    @admin.display(description=_("首问负责人"), ordering="first_responder")
    def responder(self, obj):
        return ServicePoint.staff_display_name(obj.first_responder)

    def record_views(self):
        from .views import consultations

        return consultations.ConsultationCreateView, consultations.ConsultationPageView


class ConsultationCreateMenuItem(MenuItem):
    """登记咨询: one click from the menu to the form, for those who may record."""

    def __init__(self, *args, permission_helper, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_helper = permission_helper

    def is_shown(self, request):
        return self.permission_helper.user_can_create(request.user)
