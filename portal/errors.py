"""数据库暂时不可用, 存储空间已满: clean answers instead of a 500.

Django calls ``handler500`` inside the ``except`` block of the failed request, so
the exception is still in ``sys.exc_info()``. When it is the database being
unreachable (a restart, a failover, a dropped connection) the answer is 503 with
Retry-After and a Chinese message: JSON under /api/, a standalone HTML page
elsewhere. Nothing here touches the database. The request's own transaction was
rolled back, so nothing was half-saved; the next request reconnects
(``CONN_HEALTH_CHECKS``).

A full media disk (ENOSPC, a quota) while an upload is written answers 507 with
a Chinese message: the upload's transaction was rolled back and the storage
(portal/storage.py) removed the part it had written.
"""

import json
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .storage import is_storage_full

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _chain(exc: BaseException | None):
    """The error and those it was raised from."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        yield exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True when the error, or one it was raised from, is the database going away."""
    return any(isinstance(e, DATABASE_UNAVAILABLE) for e in _chain(exc))


def unavailable_message() -> str:
    return _(
        "系统暂时无法连接数据库，请稍后再试。"
        "刚才提交的信息如未见保存结果，请稍后查看后再决定是否重新提交。"
    )


def storage_full_message() -> str:
    return _(
        "服务器存储空间已满，上传的文件没有保存，已有的文件不受影响。"
        "请联系系统管理员清理空间后重新上传。"
    )


def _answer(request, status: int, message: str) -> HttpResponse:
    """JSON for integrators under /api/, a plain page (no database) for people."""
    if request.path.startswith("/api/"):
        body = json.dumps({"message": message, "errors": []}, ensure_ascii=False)
        response = HttpResponse(
            body, status=status, content_type="application/json; charset=utf-8"
        )
    else:
        html = render_to_string(
            "503.html",
            {"code": status, "message": message, "retry": RETRY_AFTER_SECONDS},
        )
        response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request) -> HttpResponse:
    response = _answer(request, 503, unavailable_message())
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name="500.html"):
    """handler500: 503 (database away), 507 (disk full), else Django's 500 page."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        logger.warning("database unavailable at %s", request.path)
        return database_unavailable(request)
    if any(is_storage_full(e) for e in _chain(error)):
        logger.error("media storage full at %s", request.path)
        return _answer(request, 507, storage_full_message())
    return defaults.server_error(request, template_name=template_name)
