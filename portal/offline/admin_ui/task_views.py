"""换版任务: the list, and each task's page where its service point confirms it."""

from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Posting, ReplacementTask

from ..access import points_acted_for, points_seen_by
from ..editions import changes_between
from ..errors import NotYourServicePoint, OfflineSyncError
from ..selectors import tasks_visible_to
from ..tasks import task_confirm
from .forms import ConfirmForm
from .views import RegisterView

STATUS_FILTERS = {
    "open": gettext_lazy("待办"),
    "overdue": gettext_lazy("已逾期"),
    "done": gettext_lazy("已完成"),
    "all": gettext_lazy("全部"),
}
PER_PAGE = 100


class TaskListView(RegisterView):
    template_name = "portal/offline/task_list.html"
    page_title = gettext_lazy("换版任务")

    def get(self, request, *args, **kwargs):
        tasks = tasks_visible_to(request.user)
        status = request.GET.get("status", "open")
        point_code = request.GET.get("point", "")
        errors = {}
        today = timezone.localdate()
        if status not in STATUS_FILTERS:
            errors["status"] = _("状态只能是待办、已逾期、已完成或全部。")
            status = "open"
        if status == "open":
            tasks = tasks.filter(status=ReplacementTask.Status.OPEN)
        elif status == "overdue":
            tasks = tasks.filter(status=ReplacementTask.Status.OPEN, due_on__lt=today)
        elif status == "done":
            tasks = tasks.filter(status=ReplacementTask.Status.DONE)
        points = points_seen_by(request.user)
        if point_code:
            if not points.filter(code=point_code[:40]).exists():
                errors["point"] = _("没有这个服务网点，或不在您的范围内。")
            else:
                tasks = tasks.filter(service_point__code=point_code)
        ordering = ("-closed_at",) if status == "done" else ("due_on", "pk")
        context = self.get_context_data(
            tasks=tasks.order_by(*ordering)[:PER_PAGE],
            total=tasks.count(),
            per_page=PER_PAGE,
            statuses=STATUS_FILTERS.items(),
            points=points.order_by("level", "sort_order", "code").values_list(
                "code", "name"
            ),
            values={"status": status, "point": point_code},
            errors=errors,
            today=today,
        )
        return self.render_to_response(context, status=400 if errors else 200)


class TaskView(RegisterView):
    template_name = "portal/offline/task.html"

    def setup_task(self, pk):
        self.task = get_object_or_404(tasks_visible_to(self.request.user), pk=pk)
        self.acts = (
            self.task.status == ReplacementTask.Status.OPEN
            and points_acted_for(self.request.user)
            .filter(pk=self.task.service_point_id)
            .exists()
        )

    def stale_forms(self) -> list[str]:
        return list(
            Posting.objects.filter(
                service_point_id=self.task.service_point_id,
                page_id=self.task.page_id,
                removed_on__isnull=True,
            ).values_list("form", flat=True)
        )

    def get(self, request, pk, *args, **kwargs):
        self.setup_task(pk)
        form = ConfirmForm(task=self.task, initial={"forms_posted": self.stale_forms()})
        return self.show(form if self.acts else None)

    def post(self, request, pk, *args, **kwargs):
        self.setup_task(pk)
        form = ConfirmForm(request.POST, task=self.task)
        if form.is_valid():
            try:
                task_confirm(
                    by=request.user,
                    task=self.task,
                    forms=form.cleaned_data.get("forms_posted"),
                    done_on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["note"],
                )
            except NotYourServicePoint as error:
                return self.denied(error.message)
            except OfflineSyncError as error:
                field = error.field if error.field in form.fields else None
                if error.field == "forms":
                    field = "forms_posted"
                form.add_error(field, error.message)
            else:
                return redirect("offline_task", pk=self.task.pk)
        self.task.refresh_from_db()
        return self.show(form, status=400)

    def show(self, form, status=200):
        task = self.task
        changes = []
        if task.target_edition is not None:
            changes = changes_between(task.stale_edition, task.target_edition)
        page = task.page.specific if task.page_id else None
        context = self.get_context_data(
            task=task,
            point=task.service_point,
            page=page if page is not None and page.live else None,
            changes=changes,
            form=form,
            new_postings=task.new_postings.select_related("edition"),
            today=timezone.localdate(),
        )
        return self.render_to_response(context, status=status)

    def get_page_title(self):
        return _("换版任务：%(title)s") % {"title": self.task.page_title}
