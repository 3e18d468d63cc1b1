"""档案目录 and 档案类别 in the admin.

The catalogue lists the entries a person may read (the county all of them, a
township its own), filtered by year, category, township, record kind and
retention; each entry has its page (卷内文件 and a link to the record) and
the same filters export to Excel. Entries are made by the services that close
records, never here. The county keeps the categories.
"""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from cases.access import may
from cases.models import ArchiveCategory, ArchiveEntry
from cases.selectors.archive import ARCHIVE_FILTERS, PERMANENT
from cases.selectors.archive import archive_entries_visible_to as visible
from portal.models import Township

from . import converters  # noqa: F401 - registers <archive_number:…>
from .ledger_filters import CodedFilter, LedgerFilter
from .records import CheckedHistoryView, RecordAdmin, RecordButtonHelper, local_day


class CataloguePermissionHelper(PermissionHelper):
    """Read only, for whom the policy lets read the catalogue."""

    def user_can_list(self, user):
        return may(user, "archive.catalogue")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class YearFilter(LedgerFilter):
    title = _("归档年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = visible(request.user).order_by("-year").values_list("year", flat=True)
        return [(str(y), str(y)) for y in dict.fromkeys(years)]


class CategoryFilter(CodedFilter):
    title = _("档案类别")
    parameter_name = "category"
    coded = ArchiveCategory


class TownshipFilter(LedgerFilter):
    title = _("乡镇")
    parameter_name = "township"

    def lookups(self, request, model_admin):
        ids = visible(request.user).values("township_id")
        return list(Township.objects.filter(pk__in=ids).values_list("code", "name"))


class KindFilter(LedgerFilter):
    title = _("记录类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return ArchiveEntry.Kind.choices


class RetentionFilter(LedgerFilter):
    title = _("保管期限")
    parameter_name = "retention"

    def lookups(self, request, model_admin):
        from cases.models.archive import retention_label

        years = (
            visible(request.user)
            .order_by("retention_years")
            .values_list("retention_years", flat=True)
        )
        return [
            (PERMANENT if y is None else str(y), retention_label(y))
            for y in dict.fromkeys(years)
        ]


class EntryButtonHelper(RecordButtonHelper):
    open_title = _("打开档案 %s")


class ArchiveEntryAdmin(RecordAdmin):
    model = ArchiveEntry
    menu_label = _("档案目录")
    menu_icon = "folder-open-inverse"
    menu_order = 280
    record_url_name = "cases_admin_archive_entry"
    permission_helper_class = CataloguePermissionHelper
    button_helper_class = EntryButtonHelper
    index_template_name = "cases/admin/archive_index.html"
    list_display = (
        "number",
        "category",
        "kind",
        "record_number",
        "title",
        "township",
        "closed_on",
        "retention",
        "filed_on",
    )
    list_filter = (
        YearFilter,
        CategoryFilter,
        TownshipFilter,
        KindFilter,
        RetentionFilter,
    )
    ledger_filters = ARCHIVE_FILTERS
    search_fields = ("number", "record_number", "title")
    ordering = ("-year", "category__code", "-serial")
    selector = visible
    closed_on = local_day("closed_at", _("办结日期"))
    filed_on = local_day("filed_at", _("归档日期"))

    @admin.display(description=_("保管期限"), ordering="retention_years")
    def retention(self, obj):
        return obj.retention_display

    def get_admin_urls_for_registration(self):
        from .views import archive

        index = super().get_admin_urls_for_registration()[0]
        return (
            index,
            path(
                "cases/archiveentry/export/",
                archive.CatalogueExportView.as_view(model_admin=self),
                name="cases_admin_archive_export",
            ),
            path(
                "cases/archiveentry/<archive_number:archive_number>/",
                archive.EntryPageView.as_view(model_admin=self),
                name=self.record_url_name,
            ),
        )


class CategoryPermissionHelper(PermissionHelper):
    """The catalogue's readers see the categories; the county keeps them."""

    def user_can_list(self, user):
        return may(user, "archive.catalogue") or may(user, "archive.category_manage")

    def user_can_inspect_obj(self, user, obj):
        return False  # no inspect view: the list shows every field

    def user_can_create(self, user):
        return may(user, "archive.category_manage")

    def user_can_edit_obj(self, user, obj):
        return may(user, "archive.category_manage")

    def user_can_delete_obj(self, user, obj):
        return False


class ArchiveCategoryAdmin(ModelAdmin):
    model = ArchiveCategory
    menu_label = _("档案类别")
    menu_icon = "folder-inverse"
    menu_order = 281
    permission_helper_class = CategoryPermissionHelper
    history_view_class = CheckedHistoryView
    list_display = ("code", "name", "retention", "description")
    ordering = ("code",)
    form_fields_exclude = ()

    def __init__(self, *args, **kwargs):
        from .views.archive import CategoryCreateView, CategoryEditView

        self.create_view_class = CategoryCreateView
        self.edit_view_class = CategoryEditView
        super().__init__(*args, **kwargs)

    @admin.display(description=_("保管期限"), ordering="retention_years")
    def retention(self, obj):
        return obj.retention_display
