"""数据库暂时不可用: a clean 503 instead of a 500 while PostgreSQL restarts.

Django calls ``handler500`` inside the ``except`` block of the failed request, so
the exception is still in ``sys.exc_info()``. When it is the database being
unreachable (a restart, a failover, a dropped connection) the answer is 503 with
Retry-After and a Chinese message: JSON under /api/, a standalone HTML page
elsewhere. Nothing here touches the database. The request's own transaction was
rolled back, so nothing was half-saved; the next request reconnects
(``CONN_HEALTH_CHECKS``).
"""

import json
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True when the error, or one it was raised from, is the database going away."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_message() -> str:
    return _(
        "系统暂时无法连接数据库，请稍后再试。"
        "刚才提交的信息如未见保存结果，请稍后查看后再决定是否重新提交。"
    )


def database_unavailable(request) -> HttpResponse:
    """503: JSON for integrators under /api/, a plain page for people."""
    if request.path.startswith("/api/"):
        body = json.dumps(
            {"message": unavailable_message(), "errors": []}, ensure_ascii=False
        )
        response = HttpResponse(
            body, status=503, content_type="application/json; charset=utf-8"
        )
    else:
        html = render_to_string(
            "503.html", {"message": unavailable_message(), "retry": RETRY_AFTER_SECONDS}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: 503 when the database is unavailable, else Django's 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        logger.warning("database unavailable at %s", request.path)
        return database_unavailable(request)
    return defaults.server_error(request, template_name=template_name)
