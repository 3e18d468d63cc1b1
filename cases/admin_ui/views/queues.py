"""我的待办 in the admin: the queues of the roles the user holds.

The selector (cases.selectors.queues) decides what waits for whom; the view
only picks the role asked for (``?role=clerk``) and renders.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.selectors.queues import queue_roles, work_queue
from portal.admin_pages import AdminPage


class MyWorkView(AdminPage):
    template_name = "cases/admin/my_work.html"
    page_title = gettext_lazy("我的待办")
    header_icon = "tasks"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        roles = queue_roles(request.user)
        asked = request.GET.get("role", "")[:40]
        chosen = [role for role in roles if role.value == asked] if asked else roles
        error, status = "", 200
        if not roles:
            error, status = _("您的岗位没有待办事项列表。"), 403
        elif asked and not chosen:
            error, status = _("没有这个岗位的待办，或您不在该岗位。"), 400
            chosen = roles
        queues = [work_queue(request.user, role, today=today) for role in chosen]
        context = self.get_context_data(
            queues=queues, roles=roles, asked=asked, error=error, today=today
        )
        return self.render_to_response(context, status=status)
