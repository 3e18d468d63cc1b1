"""后台任务: the background jobs (django-tasks' database queue), read-only, in
the Wagtail admin, for administrators.

Queued, running, failed and finished jobs, newest first, with a status filter;
a retry is a row of its own with its try number (core.tasks). Superusers see
them, and anyone given the "view" permission on task results; nobody may add,
change or delete one here (the worker writes them; prune_db_task_results
removes old ones).
"""

import json

import django_filters
from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

STATUS_LABELS = {
    "READY": _("排队中"),
    "RUNNING": _("运行中"),
    "SUCCESSFUL": _("成功"),
    "FAILED": _("失败"),
}
# Jobs a person would recognise: ours and those Wagtail queues; any other is
# named 其他后台任务 (its function's path is on its page).
JOB_LABELS = {
    "search.tasks.apply_index_outbox": _("更新档案检索索引"),
    "cases.tasks.recompute_open_deadlines": _("节假日调整后重算期限"),
    "cases.stats.jobs.make_workbook": _("生成统计报表 Excel"),
    "wagtail.tasks.update_reference_index_task": _("更新内容引用索引"),
    "wagtail.tasks.delete_file_from_storage_task": _("删除不再使用的文件"),
    "wagtail.images.tasks.set_image_focal_point_task": _("识别图片焦点"),
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task": _(
        "清除前端缓存"
    ),
    "modelsearch.tasks.insert_or_update_object_task": _("更新站内搜索索引"),
}
NOTHING = "—"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View only, for superusers and holders of the model's "view" permission."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def job_label(result: DBTaskResult) -> str:
    # From the stored path alone: loading the task could fail for an old row.
    return str(JOB_LABELS.get(result.task_path, _("其他后台任务")))


def job_page(result: DBTaskResult) -> str:
    return reverse("background_jobs:inspect", args=(quote(result.pk),))


def status_label(result: DBTaskResult) -> str:
    return str(STATUS_LABELS.get(result.status, result.status))


def attempt(result: DBTaskResult) -> int:
    """The try number a retry carries (core.tasks.retried); 1 for the first."""
    kwargs = (result.args_kwargs or {}).get("kwargs") or {}
    return kwargs.get("attempt", 1)


def worker(result: DBTaskResult) -> str:
    return ", ".join(result.worker_ids or [])


# The inspect page's labels (django-tasks-db's own are English only).
FIELD_LABELS = {
    "task_path": _("任务"),
    "status": _("状态"),
    "args_kwargs": _("参数"),
    "enqueued_at": _("登记时间"),
    "run_after": _("计划运行时间"),
    "started_at": _("开始时间"),
    "finished_at": _("结束时间"),
    "worker_ids": _("工作进程"),
    "return_value": _("结果"),
    "exception_class_path": _("错误类型"),
    "traceback": _("错误详情"),
}


def _code(value) -> str:
    """What the worker stored (a path, arguments, a result) as code, not text."""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return format_html("<code>{}</code>", value)


class JobInspectView(InspectView):
    """One job's page: named as in the list, stored values shown as code."""

    def get_page_subtitle(self):
        return job_label(self.object)

    def get_field_label(self, field_name, field):
        return FIELD_LABELS.get(field_name) or super().get_field_label(
            field_name, field
        )

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return NOTHING if value in (None, "", [], {}) else value

    def get_status_display_value(self):
        return status_label(self.object)

    def get_task_path_display_value(self):
        return format_html(
            "{} {}", job_label(self.object), _code(self.object.task_path)
        )

    def get_args_kwargs_display_value(self):
        stored = self.object.args_kwargs or {}
        if not stored.get("args") and not stored.get("kwargs"):
            return _("无")
        return _code(stored)

    def get_worker_ids_display_value(self):
        return worker(self.object) or NOTHING

    def get_return_value_display_value(self):
        value = self.object.return_value
        return NOTHING if value is None else _code(value)

    def get_exception_class_path_display_value(self):
        value = self.object.exception_class_path
        return _code(value) if value else NOTHING

    def get_traceback_display_value(self):
        value = self.object.traceback
        return format_html("<pre>{}</pre>", value) if value else NOTHING


class JobFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=list(STATUS_LABELS.items())
    )

    class Meta:
        model = DBTaskResult
        fields = ["status"]


class JobViewSet(ModelViewSet):
    model = DBTaskResult
    name = "background_jobs"
    url_prefix = "jobs"
    icon = "tasks"
    menu_label = _("后台任务")
    add_to_settings_menu = True
    menu_order = 900
    # The worker saves these rows constantly: Wagtail's reference index must not
    # queue a job for each save.
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = JobInspectView
    filterset_class = JobFilterSet
    list_per_page = 50
    ordering = ["-enqueued_at"]
    list_display = [
        TitleColumn("job", label=_("任务"), accessor=job_label, get_url=job_page),
        Column("status", label=_("状态"), accessor=status_label),
        Column("attempt", label=_("第几次"), accessor=attempt),
        DateColumn("enqueued_at", label=_("登记时间")),
        DateColumn("started_at", label=_("开始时间")),
        DateColumn("finished_at", label=_("结束时间")),
        Column("worker", label=_("工作进程"), accessor=worker),
    ]
    inspect_view_fields = [
        "task_path",
        "status",
        "args_kwargs",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "worker_ids",
        "return_value",
        "exception_class_path",
        "traceback",
    ]

    @property
    def permission_policy(self):
        return POLICY

    def get_urlpatterns(self):
        """The list and each job's page; no form changes a job."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


POLICY = ReadOnlyPolicy(DBTaskResult)
register_permission_policy(DBTaskResult, POLICY)


@hooks.register("register_admin_viewset")
def register_jobs_viewset():
    return JobViewSet()
