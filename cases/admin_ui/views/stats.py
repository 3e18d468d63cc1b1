"""统计分析 in the admin: the dashboard, its Excel/CSV download and print view.

The views only translate: ``period`` and ``township`` go to ``cases.stats``.
The dashboard shows a malformed period or an unknown township beside its form
(400); every other refusal (StatsError: another township's figures, no
statistics role, or any refusal of the downloads and the print view) is the
admin's one mapping's (portal.admin_input), a page with the message.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View

from cases.selectors import calendar_coverage, provisional_counts
from cases.stats.charts import render
from cases.stats.export import to_csv, to_xlsx
from cases.stats.jobs import DONE, FAILED, job_for, start_workbook, workbook_for
from cases.stats.periods import Period, PeriodError, parse_period
from cases.stats.report import Report, build_report
from cases.stats.scope import (
    AreaError,
    may_see_statistics,
    scope_for,
    township_choices,
)
from cases.stats.shapes import Table
from portal.admin_input import message_page
from portal.admin_pages import AdminPage
from portal.spreadsheets import csv_response, xlsx_response


def report_for(request) -> Report:
    """The report the query string asks for; a StatsError if it cannot be made."""
    # Who may see which area first: a refused user learns nothing of the period.
    scope = scope_for(request.user, request.GET.get("township"))
    period = parse_period(request.GET.get("period"))
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


class StatsDashboardView(AdminPage):
    template_name = "cases/admin/stats/dashboard.html"
    page_title = _("统计分析")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        values = {
            "period": request.GET.get("period", "")[:20],
            "township": request.GET.get("township", "")[:40],
        }
        try:
            report = report_for(request)
        except (PeriodError, AreaError) as error:  # shown beside the form
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
            "calendar_warning": _calendar_warning(user),
        }
        if report is not None:
            query = _query(report)
            context.update(
                sections=present(report),
                xlsx_url=reverse("cases_stats_xlsx") + query,
                job_url=reverse("cases_stats_job_start"),
                csv_url=reverse("cases_stats_csv") + query,
                print_url=reverse("cases_stats_print") + query,
            )
        return self.render_to_response(self.get_context_data(**context), status=status)


def _calendar_warning(user) -> str:
    """暂定期限的提示: open deadlines counted into a year not yet entered."""
    pending = sum(provisional_counts(user).values())
    if not pending:
        return ""
    coverage = calendar_coverage()
    return _("%(warning)s：%(n)s 个未办结期限为暂定，录入后自动重算。") % {
        "warning": coverage.warning or _("部分年度节假日安排尚未录入"),
        "n": pending,
    }


def _period_examples() -> list[Period]:
    this_month = parse_period("")
    month_index = this_month.year * 12 + this_month.number - 2
    last_month = Period("month", month_index // 12, month_index % 12 + 1)
    quarter = (this_month.number - 1) // 3 + 1
    return [this_month, last_month, Period("quarter", this_month.year, quarter)]


class _FileView(View):
    extension = ""

    def get(self, request, *args, **kwargs):
        report = report_for(request)
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
        report = report_for(request)
        context = {
            "report": report,
            "sections": present(report),
            "back_url": reverse("cases_stats") + _query(report),
        }
        return TemplateResponse(request, "cases/admin/stats/print.html", context)


class StatsJobStartView(View):
    """后台生成 Excel: queue the workbook (POST), then show its progress page."""

    def post(self, request, *args, **kwargs):
        if not may_see_statistics(request.user):  # no way back to a dashboard
            return message_page(
                request,
                _("您没有查看统计数据的权限。"),
                title=_("没有权限"),
                status=403,
            )
        job_id = start_workbook(
            request.user, request.POST.get("township"), request.POST.get("period")
        )
        return redirect("cases_stats_job", job_id=job_id)


class StatsJobView(AdminPage):
    """The job's progress bar, refreshed every two seconds until the file is
    ready (no script needed); ``?format=json`` gives the same state as JSON."""

    template_name = "cases/admin/stats/job.html"
    page_title = _("生成统计报表 Excel")
    header_icon = "table"

    def get(self, request, *args, job_id: str, **kwargs):
        state = job_for(request.user, job_id)
        if state is None:
            raise Http404(_("没有这个报表任务，或已过期。"))
        download = reverse("cases_stats_job_download", args=[job_id])
        finished = state["status"] in (DONE, FAILED)
        if request.GET.get("format") == "json":
            return JsonResponse(
                {
                    key: state[key]
                    for key in ("status", "done", "total", "percent", "step", "error")
                }
                | {"download_url": download if state["status"] == DONE else None}
            )
        context = {
            "state": state,
            "finished": finished,
            "download_url": download,
            "back_url": reverse("cases_stats")
            + "?"
            + urlencode(
                {"period": state["period"]}
                | ({"township": state["township"]} if state["township"] else {})
            ),
        }
        return self.render_to_response(self.get_context_data(**context))


class StatsJobDownloadView(View):
    def get(self, request, *args, job_id: str, **kwargs):
        found = workbook_for(request.user, job_id)
        if found is None:
            raise Http404(_("没有这个报表文件，或已过期。"))
        state, content = found
        return xlsx_response(content, filename=state["filename"])
