"""Background work of the case module, through Django's task framework."""

from django_tasks import task

from core.tasks import retried


@task()
def recompute_open_deadlines(reason: str, attempt: int = 1) -> int:
    """节假日调整后重算所有未办结案件的期限；失败则稍后重试。"""
    from .services import deadlines_recompute_open_cases

    with retried(recompute_open_deadlines, attempt, reason):
        return deadlines_recompute_open_cases(reason=reason)
