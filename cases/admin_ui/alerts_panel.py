"""期限提醒面板：A岗、B岗登录后台首页即看到临期、超期案件，以及其他待办提醒
（窗口无人在岗、紧急线索、帮办代办申请）。"""

from django.utils import timezone

from cases.models import Alert, DeadlineAlert
from cases.selectors import alerts_open_for, cases_visible_to
from portal.admin_pages import HomePanel

MAX_SHOWN = 20


class DeadlineAlertsPanel(HomePanel):
    name = "deadline_alerts"
    order = 50
    template_name = "cases/admin/alerts_panel.html"

    def get_context_data(self, parent_context=None):
        # Only alerts on open deadlines of cases the user may still see.
        alerts = (
            DeadlineAlert.objects.filter(
                recipient=self.user,
                deadline__completed_at__isnull=True,
                deadline__case__in=cases_visible_to(self.user),
            )
            .select_related("deadline__case__applicant")
            .order_by("deadline__due_on")
        )
        others = alerts_open_for(self.user, today=timezone.localdate())
        return {
            "alerts": alerts[:MAX_SHOWN],
            "total": alerts.count(),
            "others": others[:MAX_SHOWN],
            "others_total": others.count(),
        }

    def is_shown(self) -> bool:
        return (
            DeadlineAlert.objects.filter(recipient=self.user).exists()
            or Alert.objects.filter(recipient=self.user).exists()
        )
