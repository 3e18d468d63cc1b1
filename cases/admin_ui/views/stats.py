"""统计分析 in the admin: the dashboard, its Excel/CSV download and print view.

The views only translate: ``period`` and ``township`` go to ``cases.stats``,
whose errors become a 400 page with the message (a malformed period or unknown
township) or a 403 page (another township's figures, or no statistics role).
"""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cases.stats.charts import render
from cases.stats.export import to_csv, to_xlsx
from cases.stats.periods import Period, PeriodError, parse_period
from cases.stats.report import Report, build_report
from cases.stats.scope import (
    AreaDenied,
    AreaError,
    may_see_statistics,
    scope_for,
    township_choices,
)
from cases.stats.shapes import Table
from portal.spreadsheets import csv_response, xlsx_response


class ReportError(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def report_for(request) -> Report:
    """The report the query string asks for, or a ReportError to show."""
    try:
        period = parse_period(request.GET.get("period"))
        scope = scope_for(request.user, request.GET.get("township"))
    except (PeriodError, AreaError) as error:
        raise ReportError(error.message, 400) from error
    except AreaDenied as error:
        raise ReportError(error.message, 403) from error
    return build_report(scope, period)


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def present_table(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "rows": [[_cell(v) for v in row] for row in table.rows],
        "total": [_cell(v) for v in table.total] if table.total else None,
        "note": table.note,
    }


def present(report: Report) -> list[dict]:
    """Sections with each chart's SVG and each table's display cells."""
    sections = []
    for section in report.sections:
        charts = [
            {"title": c.title, "svg": render(c, f"chart-{section.key}-{i}")}
            for i, c in enumerate(section.charts)
        ]
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "note": section.note,
                "charts": charts,
                "tables": [present_table(t) for t in section.tables],
            }
        )
    return sections


def _query(report: Report) -> str:
    params = {"period": report.period.code}
    if report.scope.code and report.scope.county_wide:
        params["township"] = report.scope.code
    return "?" + urlencode(params)


class StatsDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/stats/dashboard.html"
    page_title = _("统计分析")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        if not may_see_statistics(request.user):
            return denied(request, _("您没有查看统计数据的权限。"))
        values = {
            "period": request.GET.get("period", "")[:20],
            "township": request.GET.get("township", "")[:40],
        }
        try:
            report = report_for(request)
        except ReportError as error:
            if error.status == 403:
                return denied(request, error.message)
            return self.page(values, error=error.message, status=400)
        values["period"] = report.period.code
        return self.page(values, report=report)

    def page(self, values: dict, *, report=None, error="", status=200):
        user = self.request.user
        townships = township_choices(user)
        context = {
            "values": values,
            "townships": townships,
            "may_choose_township": len(townships) > 1,
            "error": error,
            "report": report,
            "period_examples": _period_examples(),
        }
        if report is not None:
            query = _query(report)
            context.update(
                sections=present(report),
                xlsx_url=reverse("cases_stats_xlsx") + query,
                csv_url=reverse("cases_stats_csv") + query,
                print_url=reverse("cases_stats_print") + query,
            )
        return self.render_to_response(self.get_context_data(**context), status=status)


def _period_examples() -> list[Period]:
    this_month = parse_period("")
    month_index = this_month.year * 12 + this_month.number - 2
    last_month = Period("month", month_index // 12, month_index % 12 + 1)
    quarter = (this_month.number - 1) // 3 + 1
    return [this_month, last_month, Period("quarter", this_month.year, quarter)]


def denied(request, message) -> TemplateResponse:
    return TemplateResponse(
        request,
        "cases/admin/stats/denied.html",
        {"message": message, "page_title": _("统计分析")},
        status=403,
    )


class _FileView(View):
    extension = ""

    def get(self, request, *args, **kwargs):
        try:
            report = report_for(request)
        except ReportError as error:
            if error.status == 403:
                return denied(request, error.message)
            return TemplateResponse(
                request,
                "cases/admin/stats/error.html",
                {"message": error.message, "back_url": reverse("cases_stats")},
                status=400,
            )
        return self.respond(report)

    def filename(self, report: Report) -> str:
        area = report.scope.code or "county"
        return f"stats-{area}-{report.period.code}.{self.extension}"

    def respond(self, report: Report) -> HttpResponse:
        raise NotImplementedError


class StatsExcelView(_FileView):
    extension = "xlsx"

    def respond(self, report: Report) -> HttpResponse:
        return xlsx_response(to_xlsx(report), filename=self.filename(report))


class StatsCsvView(_FileView):
    extension = "csv"

    def respond(self, report: Report) -> HttpResponse:
        return csv_response(to_csv(report).encode(), filename=self.filename(report))


class StatsPrintView(View):
    """The report on A4 paper: charts, each above its table, without the admin."""

    def get(self, request, *args, **kwargs):
        try:
            report = report_for(request)
        except ReportError as error:
            if error.status == 403:
                return denied(request, error.message)
            return TemplateResponse(
                request,
                "cases/admin/stats/error.html",
                {"message": error.message, "back_url": reverse("cases_stats")},
                status=400,
            )
        context = {
            "report": report,
            "sections": present(report),
            "back_url": reverse("cases_stats") + _query(report),
        }
        return TemplateResponse(request, "cases/admin/stats/print.html", context)
