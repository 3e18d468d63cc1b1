"""我的待办 in the admin: the queues of the roles the user holds.

The selector (cases.selectors.queues) decides what waits for whom; the view
only picks the role asked for (``?role=clerk``) and renders.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import may
from cases.selectors.queues import queue_roles, work_queue
from cases.services import action_states
from portal.admin_pages import AdminPage
from portal.models import AssistanceType, ServiceGuidePage


def offer_one_click_steps(user, queues) -> None:
    """Give each case waiting for its next step the steps that need neither a
    reason nor an amount and can be taken now (报送审批, 归档 …): the queue
    offers them as buttons."""
    waiting = [i.record for q in queues for i in q.items if i.at_step]
    # The guards read each case's notices and materials: fetched once for all.
    prefetch_related_objects(waiting, "notices", "materials")
    for queue in queues:
        for item in queue.items:
            item.steps = (
                [
                    state.transition
                    for state in action_states(user, item.record)
                    if state.available
                    and not (
                        state.transition.needs_note or state.transition.needs_terms
                    )
                ]
                if item.at_step
                else []
            )


def intake_types(user) -> list:
    """The items one may register here: those with a published guide."""
    if not (may(user, "case.intake") and user.has_perm("cases.add_case")):
        return []
    return list(
        AssistanceType.objects.filter(
            pk__in=ServiceGuidePage.objects.live().values("assistance_type")
        ).order_by("pk")
    )


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
        offer_one_click_steps(request.user, queues)
        context = self.get_context_data(
            queues=queues,
            roles=roles,
            asked=asked,
            error=error,
            today=today,
            # 受理登记 one click away, straight to the chosen item's form.
            intake_types=intake_types(request.user),
        )
        return self.render_to_response(context, status=status)
