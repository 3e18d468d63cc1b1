"""督办面板：逾期未反馈的转办与投诉、评价回访满意度，登录后台首页即见。

Overdue referrals and complaints are computed from the records each time, not
stored as DeadlineAlert rows: those belong to a case's stage deadline and go to
its A and B handlers, while a referral is chased by the window that sent it and
a complaint by its handler, both seen here through the user's own scope.
"""

from django.utils import timezone

from cases.access import may
from cases.selectors import (
    complaints_overdue,
    complaints_visible_to,
    referrals_overdue,
    referrals_visible_to,
    supervision_figures,
)
from portal.admin_pages import HomePanel

MAX_SHOWN = 10


class SupervisionPanel(HomePanel):
    name = "supervision"
    order = 60
    template_name = "cases/admin/supervision_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        referrals = referrals_overdue(referrals_visible_to(self.user), today=today)
        complaints = complaints_overdue(complaints_visible_to(self.user), today=today)
        return {
            "figures": supervision_figures(self.user, today=today),
            "referrals": referrals.order_by("feedback_due")[:MAX_SHOWN],
            "complaints": complaints.order_by("response_due")[:MAX_SHOWN],
        }

    def is_shown(self) -> bool:
        return may(self.user, "case.view")
