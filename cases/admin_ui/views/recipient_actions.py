"""在册对象 on the case page: 定期复核, 待遇调整 and 收入变动家庭, each one service."""

from django.utils.translation import gettext as _

from cases.services import (
    benefit_change_record,
    recipient_set_income_varies,
    review_record,
)
from cases.services.enrolment import locked_recipient

from ..forms.recipients import BenefitChangeForm, IncomeVariesForm, ReviewForm
from .actions import CaseActionView


class ReviewView(CaseActionView):
    form_key = "review_form"
    permission = "cases.add_recipientreview"

    def make_form(self, data):
        return ReviewForm(data, prefix="review")

    def perform(self, form) -> str:
        review = review_record(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已登记定期复核：%(outcome)s；下次复核日期 %(next)s。") % {
            "outcome": review.get_outcome_display(),
            "next": f"{review.recipient.next_review_on:%Y-%m-%d}",
        }


class BenefitChangeView(CaseActionView):
    form_key = "benefit_form"
    permission = "cases.add_benefitchange"

    def make_form(self, data):
        return BenefitChangeForm(data, prefix="benefit")

    def perform(self, form) -> str:
        change = benefit_change_record(
            by=self.request.user, case=self.case, **form.cleaned_data
        )
        return _("已登记待遇调整：%(kind)s，自%(month)s起。") % {
            "kind": change.get_kind_display(),
            "month": f"{change.effective_month:%Y-%m}",
        }


class IncomeVariesView(CaseActionView):
    form_key = "income_form"
    permission = "cases.change_recipient"

    def make_form(self, data):
        return IncomeVariesForm(data, prefix="income")

    def perform(self, form) -> str:
        recipient = locked_recipient(
            by=self.request.user, case=self.case, action="recipient.review"
        )
        recipient = recipient_set_income_varies(
            by=self.request.user,
            recipient=recipient,
            income_varies=form.cleaned_data["income_varies"],
        )
        return _("复核周期为每%(n)s个月，下次复核日期 %(next)s。") % {
            "n": recipient.review_cycle_months,
            "next": f"{recipient.next_review_on:%Y-%m-%d}",
        }
