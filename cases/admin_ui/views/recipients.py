"""在册对象 and 定期复核 lists, and the monthly 发放花名册 (XLSX).

Each starts from the access policy (``recipient.view``): a township clerk sees
the township's recipients, the county all; editors none (403).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.access import may
from cases.roster import roster_xlsx
from cases.selectors import recipients_visible_to, reviews_due
from cases.selectors.recipients import REVIEW_NOTICE_DAYS, with_last_review
from cases.selectors.roster import payment_roster
from portal.admin_pages import AdminPage
from portal.spreadsheets import xlsx_response

from ..forms.recipients import DueFilterForm, RecipientFilterForm, RosterForm

PAGE_SIZE = 50


def may_see_recipients(user) -> bool:
    return may(user, "recipient.view")


class _RecipientPage(AdminPage):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_recipients(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def narrowed(recipients, form):
        data = form.cleaned_data if form.is_valid() else {}
        if data.get("township"):
            recipients = recipients.filter(case__township=data["township"])
        if data.get("assistance_type"):
            recipients = recipients.filter(
                case__assistance_type=data["assistance_type"]
            )
        if data.get("status"):
            recipients = recipients.filter(status=data["status"])
        return recipients

    def page_of(self, recipients):
        return Paginator(recipients, PAGE_SIZE).get_page(self.request.GET.get("p"))


class RecipientListView(_RecipientPage):
    """在册对象：状态、现发放金额、下次复核日期；发放花名册由此导出。"""

    template_name = "cases/admin/recipients.html"
    page_title = gettext_lazy("在册对象")

    def get(self, request, *args, **kwargs):
        form = RecipientFilterForm(request.GET or None)
        recipients = self.narrowed(
            with_last_review(recipients_visible_to(request.user)), form
        ).order_by("case__township__code", "case__number")
        status = 200 if form.is_bound is False or form.is_valid() else 400
        context = self.get_context_data(
            form=form,
            page=self.page_of(recipients),
            roster_form=RosterForm(initial={"month": f"{timezone.localdate():%Y-%m}"}),
            today=timezone.localdate(),
        )
        return self.render_to_response(context, status=status)


class DueReviewListView(_RecipientPage):
    """定期复核：今后N天内到期和已逾期的，按应复核日期排序。"""

    template_name = "cases/admin/reviews_due.html"
    page_title = gettext_lazy("定期复核")

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = DueFilterForm(request.GET or None)
        valid = not form.is_bound or form.is_valid()
        data = form.cleaned_data if form.is_bound and valid else {}
        within = data.get("within_days")
        due = reviews_due(
            request.user,
            today=today,
            within_days=REVIEW_NOTICE_DAYS if within is None else within,
        )
        due = self.narrowed(due, form)
        if data.get("overdue"):
            due = due.filter(next_review_on__lt=today)
        context = self.get_context_data(form=form, page=self.page_of(due), today=today)
        return self.render_to_response(context, status=200 if valid else 400)


class RosterExportView(_RecipientPage):
    """发放花名册：某月每位在册对象的救助金（含补发），可按乡镇。"""

    template_name = "cases/admin/recipients.html"
    page_title = gettext_lazy("在册对象")

    def get(self, request, *args, **kwargs):
        form = RosterForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(
                form=RecipientFilterForm(),
                page=self.page_of(recipients_visible_to(request.user).none()),
                roster_form=form,
                today=timezone.localdate(),
            )
            return self.render_to_response(context, status=400)
        text = form.cleaned_data["month"]
        month = date(int(text[:4]), int(text[5:7]), 1)
        township = form.cleaned_data["township"]
        rows = payment_roster(request.user, month, township=township)
        content = roster_xlsx(rows, month=text, township=township)
        suffix = f"-{township.code}" if township is not None else ""
        return xlsx_response(content, filename=f"roster-{text}{suffix}.xlsx")


__all__ = [
    "DueReviewListView",
    "RecipientListView",
    "RosterExportView",
    "may_see_recipients",
]
