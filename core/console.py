"""控制台日志的中文：`make run` 的窗口里运维人员看到的各行日志。

Django 的自动重载、django-tasks 的后台任务进程和 Django 的请求日志用英文写出
固定的几句话（“Watching for file changes with StatReloader”“Starting worker
worker_id=… queues=…”“Not Found: /路径”）。``ChineseConsoleFormatter`` 在输出时
按记录的模板（logger 名与未填参数的消息）换成中文，不改动记录本身，也不改动
这些库；不认识的记录原样输出。

访问日志（``"GET / HTTP/1.1" 200 1234``）是通用的日志格式，原样保留。
"""

import copy
import logging
from collections.abc import Callable
from http import HTTPStatus

from django.utils.translation import gettext_lazy

_SIGNALS = {
    "Interrupt": gettext_lazy("中断"),
    "Terminated": gettext_lazy("终止"),
    "Quit": gettext_lazy("退出"),
    "Hangup": gettext_lazy("挂断"),
}
_QUEUES = {"default": gettext_lazy("默认"), "*": gettext_lazy("全部")}
_TASK_STATES = {
    "READY": gettext_lazy("待运行"),
    "RUNNING": gettext_lazy("运行中"),
    "SUCCESSFUL": gettext_lazy("已完成"),
    "SUCCEEDED": gettext_lazy("已完成"),
    "FAILED": gettext_lazy("失败"),
}
# Reason phrases Django's request log names (django.utils.log.log_response).
_REASONS = {
    HTTPStatus.BAD_REQUEST.phrase: gettext_lazy("请求有误"),
    HTTPStatus.UNAUTHORIZED.phrase: gettext_lazy("未登录"),
    HTTPStatus.FORBIDDEN.phrase: gettext_lazy("无权访问"),
    HTTPStatus.NOT_FOUND.phrase: gettext_lazy("页面不存在"),
    HTTPStatus.METHOD_NOT_ALLOWED.phrase: gettext_lazy("不支持的请求方法"),
    HTTPStatus.GONE.phrase: gettext_lazy("已删除"),
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE.phrase: gettext_lazy("请求内容过大"),
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE.phrase: gettext_lazy("不支持的内容类型"),
    HTTPStatus.UNPROCESSABLE_ENTITY.phrase: gettext_lazy("内容无法处理"),
    HTTPStatus.TOO_MANY_REQUESTS.phrase: gettext_lazy("请求过于频繁"),
    HTTPStatus.INTERNAL_SERVER_ERROR.phrase: gettext_lazy("服务器内部错误"),
    HTTPStatus.SERVICE_UNAVAILABLE.phrase: gettext_lazy("服务暂不可用"),
}


def _named(table: dict) -> Callable[[object], str]:
    return lambda value: str(table.get(str(value), value))


def _queues(value: object) -> str:
    return "、".join(str(_QUEUES.get(name, name)) for name in str(value).split(","))


def _code(value: object) -> str:
    return f"`{value}`"


def _same(value: object) -> object:
    return value


# (logger, English template) -> (Chinese template, one converter per argument).
_TEMPLATES: dict[tuple[str, str], tuple[str, tuple]] = {
    ("django.utils.autoreload", "Watching for file changes with %s"): (
        gettext_lazy("正在监视代码文件，改动后自动重新加载"),
        (None,),
    ),
    ("django.utils.autoreload", "%s changed, reloading."): (
        gettext_lazy("%s 已改动，正在重新加载。"),
        (_same,),
    ),
    ("django_tasks_db", "Starting worker worker_id=%s queues=%s"): (
        gettext_lazy("后台任务进程已启动（编号 %s，队列：%s）"),
        (_same, _queues),
    ),
    (
        "django_tasks_db",
        "Received %s - shutting down gracefully... (press Ctrl+C again to force)",
    ): (
        gettext_lazy("收到%s信号，做完当前任务后停止（再按一次 Ctrl+C 立即停止）"),
        (_named(_SIGNALS),),
    ),
    ("django_tasks_db", "Received %s - terminating current task."): (
        gettext_lazy("收到%s信号，立即终止当前任务。"),
        (_named(_SIGNALS),),
    ),
    (
        "django_tasks_db",
        "No more tasks to run for worker_id=%s - exiting gracefully.",
    ): (
        gettext_lazy("没有待办的任务，后台任务进程 %s 退出。"),
        (_same,),
    ),
    ("django_tasks_db", "Run maximum tasks (%d) on worker=%s - exiting gracefully."): (
        gettext_lazy("已运行 %s 个任务，达到上限，后台任务进程 %s 退出。"),
        (_same, _same),
    ),
    ("django_tasks_db", "Task id=%s failed unexpectedly"): (
        gettext_lazy("任务 %s 意外失败"),
        (_same,),
    ),
    (
        "django_tasks_db",
        "Warning: --reload and --batch cannot be specified together. "
        "Disabling autoreload.",
    ): (
        gettext_lazy("注意：--reload 与 --batch 不能同时使用，已关闭自动重新加载。"),
        (),
    ),
    ("django_tasks", "Task id=%s path=%s state=%s"): (
        gettext_lazy("任务 %s（%s）：%s"),
        (_same, _code, _named(_TASK_STATES)),
    ),
    ("django.tasks", "Task id=%s path=%s state=%s"): (
        gettext_lazy("任务 %s（%s）：%s"),
        (_same, _code, _named(_TASK_STATES)),
    ),
    ("django.request", "%s: %s"): (
        gettext_lazy("%s：%s"),
        (_named(_REASONS), _same),
    ),
}


def chinese_record(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of the record with the Chinese template, or the record itself."""
    found = _TEMPLATES.get((record.name, str(record.msg)))
    if found is None:
        return record
    template, converters = found
    args = record.args if isinstance(record.args, tuple) else ()
    kept = tuple(
        convert(value)
        for convert, value in zip(converters, args, strict=False)
        if convert is not None
    )
    chinese = copy.copy(record)
    chinese.msg, chinese.args = str(template), kept
    return chinese


class ChineseConsoleFormatter(logging.Formatter):
    """控制台日志的格式器：认识的英文日志换成中文（settings.LOGGING 使用）。"""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(chinese_record(record))
