"""访问记录 in the admin: filters, pages of 50, CSV export. Read only."""

from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin_pages import AdminPage
from portal.spreadsheets import csv_response

from ..access_log import (
    AccessLogFilter,
    csv_rows,
    events_matching,
    export_filename,
    may_read_access_log,
    person,
)
from .security import denied

PER_PAGE = 50
FILTERS = ("q", "kind", "date_from", "date_to", "ip")


class AccessLogView(AdminPage):
    template_name = "portal/accounts/access_log.html"
    page_title = gettext_lazy("访问记录")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_access_log(request.user):
            return denied(request, _("只有审计人员可以查看访问记录。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = AccessLogFilter(request.GET)
        keep = urlencode(
            [(k, request.GET[k][:150]) for k in FILTERS if request.GET.get(k)]
        )
        if not form.is_valid():
            return self.show(form, keep, events=[], status=400)
        rows = events_matching(form.cleaned_data)
        raw_page = request.GET.get("page") or "1"
        number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 0
        total = rows.count()
        pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
        if not 1 <= number <= pages:
            return self.show(
                form,
                keep,
                events=[],
                status=400,
                page_error=_("没有这一页：共 %(pages)d 页。") % {"pages": pages},
            )
        start = (number - 1) * PER_PAGE
        events = list(rows[start : start + PER_PAGE])
        return self.show(
            form, keep, events=events, total=total, number=number, pages=pages
        )

    def show(self, form, keep, *, events, status=200, **extra):
        extra.setdefault("total", None)
        context = self.get_context_data(
            form=form,
            keep=keep,
            entries=[{"event": e, "person": person(e)} for e in events],
            **extra,
        )
        return self.render_to_response(context, status=status)


class AccessLogExportView(AccessLogView):
    def get(self, request, *args, **kwargs):
        form = AccessLogFilter(request.GET)
        if not form.is_valid():
            keep = urlencode(
                [(k, request.GET[k][:150]) for k in FILTERS if request.GET.get(k)]
            )
            return self.show(form, keep, events=[], status=400)
        rows = events_matching(form.cleaned_data).iterator(chunk_size=2000)
        return csv_response(csv_rows(rows), filename=export_filename())
