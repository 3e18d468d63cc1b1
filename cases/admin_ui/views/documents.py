"""Printable notices (A4 HTML): what the paper said, from the frozen content."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from cases.models import Notice

from .pages import CaseMixin

TEMPLATES = {
    Notice.Kind.RECEIPT: "cases/documents/receipt.html",
    Notice.Kind.ONE_TIME: "cases/documents/one_time_notice.html",
    Notice.Kind.REFERRAL: "cases/documents/referral_notice.html",
}
GENERIC_TEMPLATE = "cases/documents/notice.html"


class NoticePrintView(CaseMixin, TemplateView):
    def dispatch(self, request, *args, notice_number: str, **kwargs):
        self.notice_number = notice_number
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [TEMPLATES.get(self.notice.kind, GENERIC_TEMPLATE)]

    def get(self, request, *args, **kwargs):
        self.notice = get_object_or_404(
            self.case.notices.select_related("issued_by"), number=self.notice_number
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        content = self.notice.content
        context.update(
            case=self.case,
            notice=self.notice,
            content=content,
            office=content.get("office") or {"name": self.case.township.name},
            total_pages=sum(
                int(item.get("pages") or 0) for item in content.get("materials", [])
            ),
        )
        return context
