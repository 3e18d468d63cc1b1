"""An archive entry's page, the catalogue's Excel export, and the category forms."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail_modeladmin.views import CreateView, EditView

from cases.models import ArchiveEntry
from cases.selectors.archive import archive_catalogue, archive_entries_visible_to
from cases.services import CaseError
from cases.services.archive_categories import archive_category_save
from portal.models import ServicePoint
from portal.spreadsheets import table_xlsx, xlsx_response

from .records import RecordMixin

# Each kind of record's own page in the admin, by its number.
RECORD_PAGES = {
    ArchiveEntry.Kind.CASE: "cases_admin_case",
    ArchiveEntry.Kind.COMPLAINT: "cases_admin_complaint",
    ArchiveEntry.Kind.LEAD: "cases_admin_lead",
    ArchiveEntry.Kind.REFERRAL: "cases_admin_referral",
    ArchiveEntry.Kind.REGISTRATION: "cases_admin_entry",
    # A payment change is shown on its case's page; its number is the case's.
    ArchiveEntry.Kind.BENEFIT_CHANGE: "cases_admin_case",
}


def record_url(entry: ArchiveEntry) -> str:
    try:
        return reverse(RECORD_PAGES[entry.kind], args=[entry.record_number])
    except NoReverseMatch:
        return ""


class EntryPageView(RecordMixin, TemplateView):
    """One entry: where it is filed, until when, and what it holds (卷内文件)."""

    template_name = "cases/admin/archive_entry.html"

    def dispatch(self, request, *args, archive_number: str, **kwargs):
        if not self.model_admin.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        self.entry = get_object_or_404(
            archive_entries_visible_to(request.user), number=archive_number
        )
        return super().dispatch(request, *args, **kwargs)

    def crumb(self) -> str:
        return self.entry.number

    def get_page_subtitle(self):
        return self.entry.number

    def facts(self) -> list[dict]:
        e = self.entry
        return [
            {"label": _("档案号"), "text": e.number},
            {"label": _("档案类别"), "text": str(e.category)},
            {"label": _("记录类型"), "text": e.get_kind_display()},
            {"label": _("记录编号"), "text": e.record_number, "url": record_url(e)},
            {"label": _("题名"), "text": e.title},
            {"label": _("乡镇"), "text": e.township.name if e.township else _("县级")},
            {"label": _("归档年度"), "text": str(e.year)},
            {"label": _("保管期限"), "text": e.retention_display},
            {
                "label": _("办结时间"),
                "text": f"{timezone.localtime(e.closed_at):%Y-%m-%d %H:%M}",
            },
            {
                "label": _("归档"),
                "text": f"{timezone.localtime(e.filed_at):%Y-%m-%d %H:%M} "
                + (ServicePoint.staff_display_name(e.filed_by) if e.filed_by else ""),
            },
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = [
            {
                "title": item.get("title", ""),
                "reference": item.get("number")
                or item.get("material")
                or item.get("sha256", "")[:16],
                "date": item.get("date", ""),
            }
            for item in self.entry.contents or []
            if isinstance(item, dict)
        ]
        context.update(entry=self.entry, facts=self.facts(), items=items)
        return context


CATALOGUE_HEADERS = (
    gettext_lazy("序号"),
    gettext_lazy("档案号"),
    gettext_lazy("档案类别"),
    gettext_lazy("记录类型"),
    gettext_lazy("记录编号"),
    gettext_lazy("题名"),
    gettext_lazy("乡镇"),
    gettext_lazy("办结日期"),
    gettext_lazy("归档日期"),
    gettext_lazy("保管期限"),
    gettext_lazy("卷内文件数"),
)


def catalogue_rows(entries) -> list[list]:
    return [
        [
            index,
            e.number,
            e.category.name,
            e.get_kind_display(),
            e.record_number,
            e.title,
            e.township.name if e.township else _("县级"),
            timezone.localdate(e.closed_at),
            timezone.localdate(e.filed_at),
            e.retention_display,
            len(e.contents or []),
        ]
        for index, e in enumerate(entries, start=1)
    ]


class CatalogueExportView(View):
    """档案目录 as a spreadsheet: the rows the list shows, by the same filters."""

    model_admin = None

    def get(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        rows = catalogue_rows(archive_catalogue(request.user, request.GET).iterator())
        title = _("档案目录")
        content = table_xlsx(
            CATALOGUE_HEADERS,
            rows,
            sheet=title,
            title=title,
            widths=[8, 18, 14, 12, 16, 36, 12, 12, 12, 10, 10],
            wrap=True,
        )
        filename = f"archive-catalogue-{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response(content, filename=filename)


class CategoryFormMixin:
    """The form's values go through the service, which saves with a reason."""

    def form_valid(self, form):
        try:
            self.instance = archive_category_save(
                by=self.request.user, category=form.instance
            )
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())


class CategoryCreateView(CategoryFormMixin, CreateView):
    pass


class CategoryEditView(CategoryFormMixin, EditView):
    pass
