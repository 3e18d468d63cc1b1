"""我的待办面板：登录后台首页即见各岗位待办件数，点开是按期限排序的列表。"""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from cases.selectors.queues import queue_counts, queue_roles


def has_work_queue(user) -> bool:
    """Clerks, reviewers and coordinators: the 我的待办 menu item and panel."""
    return bool(queue_roles(user))


class WorkQueuePanel(Component):
    name = "work_queues"
    order = 40
    template_name = "cases/admin/queue_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"counts": queue_counts(self.user, today=timezone.localdate())}

    def render_html(self, parent_context=None):
        if not has_work_queue(self.user):
            return ""
        return super().render_html(parent_context)
