"""后台生成统计报表 Excel：排队、计算各部分时报告进度、完成后供本人下载。

The dashboard's Excel download answers while the browser waits. For a large
county, or a quarter, the admin can instead queue the workbook as a background
job (django-tasks, run by ``manage.py db_worker``) and watch a progress bar: the
job's state — who asked, for which area and period, how many of the report's
steps are done, and at the end the file — is kept in the ``shared`` cache (the
database), so any worker of any app server can show it and serve the file.

Only the person who asked sees the job or gets the file; the area is worked out
again from that person's role when the job runs, exactly as the dashboard
does, so a role taken away meanwhile ends the job with the refusal.
"""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.utils.translation import gettext as _
from django_tasks import task

from .errors import AreaDenied, StatsError
from .export import to_xlsx
from .periods import parse_period
from .progress import Steps
from .report import build_report, step_count
from .scope import may_see_statistics, scope_for

logger = logging.getLogger(__name__)

# How long a finished job and its file stay downloadable.
KEEP_SECONDS = 2 * 3600
_PREFIX = "stats-workbook:"

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def _cache():
    return caches["shared"]


def _state_key(job_id: str) -> str:
    return f"{_PREFIX}{job_id}"


def _file_key(job_id: str) -> str:
    return f"{_PREFIX}{job_id}:file"


def _save(job_id: str, state: dict) -> None:
    _cache().set(_state_key(job_id), state, timeout=KEEP_SECONDS)


def start_workbook(user, township: str | None, period: str | None) -> str:
    """Queue the workbook of the area and period ``user`` asks for; the job's id.

    Refused at once (StatsError) for what the dashboard would refuse: no
    statistics role, another township, a malformed or future period.
    """
    scope = scope_for(user, township)
    chosen = parse_period(period)
    job_id = uuid.uuid4().hex
    area = scope.code or "county"
    _save(
        job_id,
        {
            "user": user.pk,
            "township": scope.code if scope.county_wide else "",
            "period": chosen.code,
            "title": "",
            "status": QUEUED,
            "done": 0,
            "total": step_count() + 1,  # and writing the file
            "step": "",
            "percent": 0,
            "error": "",
            "filename": f"stats-{area}-{chosen.code}.xlsx",
        },
    )
    make_workbook.enqueue(job_id)
    return job_id


def job_for(user, job_id: str) -> dict | None:
    """The job's state, if it is ``user``'s (None for anyone else's, or expired).

    Someone without a statistics role is refused (AreaDenied) before the job is
    looked for, as on the dashboard."""
    if not may_see_statistics(user):
        raise AreaDenied(_("您没有查看统计数据的权限。"))
    if not isinstance(job_id, str) or len(job_id) != 32:
        return None
    state = _cache().get(_state_key(job_id))
    if state is None or state.get("user") != user.pk:
        return None
    return state


def workbook_for(user, job_id: str) -> tuple[dict, bytes] | None:
    """The finished job's state and file, for the person who asked; else None."""
    state = job_for(user, job_id)
    if state is None or state["status"] != DONE:
        return None
    content = _cache().get(_file_key(job_id))
    if content is None:
        return None
    return state, content


def run_workbook(job_id: str) -> str:
    """Make the workbook, saving the progress after every step; the status."""
    state = _cache().get(_state_key(job_id))
    if state is None:
        return "expired"
    steps = Steps(state["total"])

    def progress(title: str) -> None:
        steps.advance(title)
        state.update(
            status=RUNNING, done=steps.done, step=str(title), percent=steps.percent
        )
        _save(job_id, state)

    try:
        user = get_user_model().objects.get(pk=state["user"], is_active=True)
        scope = scope_for(user, state["township"])
        report = build_report(scope, parse_period(state["period"]), progress=progress)
        progress(_("写入 Excel"))
        content = to_xlsx(report)
    except get_user_model().DoesNotExist:
        state.update(status=FAILED, error=_("账号已停用。"))
    except StatsError as error:
        state.update(status=FAILED, error=error.message)
    except Exception:
        logger.exception("stats workbook %s failed", job_id)
        state.update(status=FAILED, error=_("生成失败，请稍后重试。"))
    else:
        _cache().set(_file_key(job_id), content, timeout=KEEP_SECONDS)
        state.update(status=DONE, percent=100, step="", title=report.title)
    _save(job_id, state)
    return state["status"]


@task()
def make_workbook(job_id: str) -> str:
    """后台生成统计报表 Excel（进度见统计分析页）。"""
    return run_workbook(job_id)
