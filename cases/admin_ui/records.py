"""What the record lists of the case module share: permissions, the open button,
and the overdue column (the ledgers' list filters are in ledger_filters.py).

Records are changed only through their page's actions (services), never through
a generic edit form, and never deleted.
"""

from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView

from . import converters  # noqa: F401 - registers <record_number:…>
from .case_permissions import RecordPermissionHelper


def local_day(field: str, description):
    """A list column: the local day of the record's ``field`` (a date and time),
    sorted by it."""

    @admin.display(description=description, ordering=field)
    def column(self, obj) -> str:
        return f"{timezone.localtime(getattr(obj, field)):%Y-%m-%d}"

    return column


def yes_no(field: str, description):
    """A list column: 是 or 否 for the record's boolean ``field``, sorted by it.

    The listing's own boolean column is an icon whose alternative text, read out,
    is "True" or "False"."""

    @admin.display(description=description, ordering=field)
    def column(self, obj) -> str:
        return _("是") if getattr(obj, field) else _("否")

    return column


class FromCasePermissionHelper(RecordPermissionHelper):
    """Records made from the case page only (referrals, follow-ups): no add button."""

    def user_can_create(self, user):
        return False


class RecordButtonHelper(ButtonHelper):
    """One 打开 button a row, to the record's own page (``record_url_name``)."""

    open_title = _("打开 %s")

    def open_button(self, obj) -> dict:
        url_name = self.view.model_admin.record_url_name
        return {
            "url": reverse(url_name, args=[obj.number]),
            "label": _("打开"),
            "classname": "button button-small button-secondary",
            "title": self.open_title % obj.number,
        }

    def get_buttons_for_obj(self, obj, **kwargs):
        if not self.permission_helper.user_can_inspect_obj(self.request.user, obj):
            return []
        return [self.open_button(obj)]

    def get_primary_button(self, obj):
        return self.open_button(obj)


class CheckedHistoryView(HistoryView):
    """wagtail-modeladmin's history view asks no permission and loads any row.

    Only who may list the records sees a record's history, and a record outside
    the user's scope (another township's follow-up) is not found, as on its list.
    """

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    def get(self, request, *args, **kwargs):
        visible = self.model_admin.get_queryset(request)
        if not visible.filter(pk=self.instance.pk).exists():
            raise Http404
        return super().get(request, *args, **kwargs)


class RecordAdmin(ModelAdmin):
    permission_helper_class = RecordPermissionHelper
    history_view_class = CheckedHistoryView
    button_helper_class = RecordButtonHelper
    record_url_name = ""
    list_per_page = 50
    selector = None  # the records a user may see: complaints_visible_to, …

    def get_queryset(self, request):
        return type(self).selector(request.user)

    def record_views(self) -> tuple | None:
        """(the 登记 view or None, the record's page view), imported when the
        URLs are built since the views import the admin; None: modeladmin's own
        views."""
        return None

    def get_admin_urls_for_registration(self):
        """The list, then cases/<model>/create/ (when there is a 登记 view) and
        cases/<model>/<number>/ (the record's page, ``record_url_name``)."""
        views = self.record_views()
        if views is None:
            return super().get_admin_urls_for_registration()
        create, page = views
        index = super().get_admin_urls_for_registration()[0]
        prefix = f"cases/{self.opts.model_name}"
        urls = [index]
        if create is not None:
            urls.append(
                path(
                    f"{prefix}/create/",
                    create.as_view(model_admin=self),
                    name=self.url_helper.get_action_url_name("create"),
                )
            )
        urls.append(
            path(
                f"{prefix}/<record_number:number>/",
                page.as_view(model_admin=self),
                name=self.record_url_name,
            )
        )
        return tuple(urls)

    @admin.display(description=_("逾期"))
    def overdue_flag(self, obj) -> str:
        if obj.is_overdue():
            return format_html('<strong class="case-overdue">{}</strong>', _("已逾期"))
        return ""
