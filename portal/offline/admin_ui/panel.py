"""换版提醒 on the admin home page: the open tasks of the points one acts for."""

from django.utils import timezone

from portal.admin_pages import HomePanel
from portal.models import ReplacementTask

from ..access import points_acted_for

MAX_SHOWN = 10


class ReplacementTasksPanel(HomePanel):
    name = "replacement_tasks"
    order = 70
    template_name = "portal/offline/tasks_panel.html"

    def tasks(self):
        return ReplacementTask.objects.filter(
            status=ReplacementTask.Status.OPEN,
            service_point__in=points_acted_for(self.user),
        ).select_related("service_point")

    def get_context_data(self, parent_context=None):
        tasks = self.tasks()
        today = timezone.localdate()
        return {
            "tasks": tasks.order_by("due_on", "pk")[:MAX_SHOWN],
            "total": tasks.count(),
            "overdue": tasks.filter(due_on__lt=today).count(),
            "today": today,
        }

    def is_shown(self) -> bool:
        return self.tasks().exists()
