"""The search page (/admin/archive/) and its CSV and Excel exports.

The views only translate: request parameters go to search.service, which
validates, scopes and logs; its errors become a 400 with the message next to
the field, a 403 page, or a 503 that says casework is not affected.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.cjk import MAX_QUERY_CHARS
from portal.admin_pages import AdminPage
from portal.people import staff_people
from portal.spreadsheets import csv_response, xlsx_response

from .. import exports, vocabulary
from ..query import QueryError
from ..service import (
    EXPORT_LIMIT,
    SearchDenied,
    archive_export_hits,
    archive_search,
    may_search,
    scope_for,
)
from . import presenting


class ArchiveSearchView(AdminPage):
    template_name = "search/admin/search.html"
    page_title = _("档案检索")
    header_icon = "search"

    def get(self, request, *args, **kwargs):
        # Refusals other than a parameter of the form (SearchDenied,
        # BackendUnavailable) are the admin's one mapping's (portal.admin_input).
        if not may_search(request.user):
            raise SearchDenied
        values = presenting.current(request.GET)
        # Opening the page is not a search: nothing runs or is logged until the
        # form is sent (an empty query then lists everything within scope).
        if not any(name in request.GET for name in (*presenting.KNOWN, "page")):
            return self.page(values)
        try:
            query, results = archive_search(by=request.user, params=request.GET)
        except QueryError as error:  # shown beside the field it names
            return self.page(values, error=error, status=400)
        return self.page(values, query=query, results=results)

    def page(
        self,
        values,
        *,
        query=None,
        results=None,
        error=None,
        status=200,
    ):
        scope = scope_for(self.request.user)
        labels = vocabulary.labels(values.get("kind", ""))
        form_labels = {**labels, "township": presenting.township_options(scope)}
        fields = presenting.form_fields(values, form_labels, error)
        field_names = {"q", *(f["name"] for f in fields)}
        context = {
            "action": reverse("archive_search"),
            "fields": fields,
            "people": staff_people(),
            "q": values.get("q", ""),
            "q_max": MAX_QUERY_CHARS,
            "q_error": error.message if error and error.field == "q" else "",
            # A problem with a parameter that has no field (page, size) shows on top.
            "error": error.message if error and error.field not in field_names else "",
            "has_error": error is not None,
            "searched": results is not None,
        }
        if results is not None:
            users = vocabulary.users(presenting.usernames(results.hits, values))
            context.update(
                total=results.total,
                rows=presenting.hit_rows(results.hits, labels, users),
                facets=presenting.facet_groups(results.facets, values, labels),
                chips=presenting.active_filters(values, labels, users),
                pages=presenting.pages(values, query, results.total),
                export_csv=reverse("archive_search_csv")
                + presenting.link(values, page=1),
                export_xlsx=reverse("archive_search_xlsx")
                + presenting.link(values, page=1),
                export_limited=results.total > EXPORT_LIMIT,
                export_limit=EXPORT_LIMIT,
            )
        return self.render_to_response(self.get_context_data(**context), status=status)


class ExportView(ArchiveSearchView):
    """Every hit of the search (up to EXPORT_LIMIT) as a file; logged as an export."""

    extension = ""

    def respond(self, table: list[list], filename: str) -> HttpResponse:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if not may_search(request.user):
            raise SearchDenied
        values = presenting.current(request.GET)
        try:
            _query, _total, hits = archive_export_hits(
                by=request.user, params=request.GET
            )
            # Written whole before answering, so a failure is a 503, not a cut file.
            table = exports.rows(hits)
        except QueryError as error:
            return self.page(values, error=error, status=400)
        return self.respond(table, exports.filename(self.extension))


class CsvExportView(ExportView):
    extension = "csv"

    def respond(self, table, filename):
        return csv_response(exports.to_csv(table), filename=filename)


class ExcelExportView(ExportView):
    extension = "xlsx"

    def respond(self, table, filename):
        return xlsx_response(exports.to_xlsx(table), filename=filename)
