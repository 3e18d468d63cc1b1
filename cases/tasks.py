"""Background work of the case module, through Django's task framework."""

from django_tasks import task

from core.tasks import retried


@task()
def recompute_open_deadlines(reason: str, attempt: int = 1) -> dict[str, int]:
    """节假日调整后重算所有未办结的期限（案件环节、转办、投诉）；失败则稍后重试。"""
    from .services import open_deadlines_recompute

    with retried(recompute_open_deadlines, attempt, reason):
        return open_deadlines_recompute(reason=reason)
