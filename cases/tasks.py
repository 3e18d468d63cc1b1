"""Background work of the case module, through Django's task framework."""

from django_tasks import task


@task()
def recompute_open_deadlines(reason: str) -> int:
    """节假日调整后重算所有未办结案件的期限。"""
    from .services import deadlines_recompute_open_cases

    return deadlines_recompute_open_cases(reason=reason)
