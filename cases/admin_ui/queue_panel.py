"""我的待办面板：登录后台首页即见各岗位待办件数，点开是按期限排序的列表。"""

from django.utils import timezone

from cases.selectors.queues import queue_counts, queue_roles
from portal.admin_pages import HomePanel


def has_work_queue(user) -> bool:
    """Clerks, reviewers and coordinators: the 我的待办 menu item and panel."""
    return bool(queue_roles(user))


class WorkQueuePanel(HomePanel):
    name = "work_queues"
    order = 40
    template_name = "cases/admin/queue_panel.html"

    def get_context_data(self, parent_context=None):
        return {"counts": queue_counts(self.user, today=timezone.localdate())}

    def is_shown(self) -> bool:
        return has_work_queue(self.user)
