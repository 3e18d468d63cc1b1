"""The NinjaAPI object and the one place errors become JSON answers."""

import functools
import logging
import math

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from psycopg import InterfaceError as PsycopgInterfaceError
from psycopg import OperationalError as PsycopgOperationalError

from cases.ratelimit import ProgressLocked
from core.errors import RefusedRequest
from portal.errors import RETRY_AFTER_SECONDS, unavailable_message

from . import contract
from .errors import InvalidInput, error_body, refusal_status, validation_errors
from .media import JSONBodyParser, unsupported_media_type

PsycopgLost = PsycopgOperationalError | PsycopgInterfaceError

# Django's request logger, so a bug here reaches the same handlers as any 500.
logger = logging.getLogger("django.request")


class ChineseJSONRenderer(JSONRenderer):
    """Chinese text as itself, not as \\u escapes: readable in logs and curl."""

    json_dumps_params = {"ensure_ascii": False}


class CaseAPI(NinjaAPI):
    """Answers a wrong HTTP method with JSON too, like every other error; its
    document states what every operation shares (cases.api.contract)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        return contract.complete(document)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = _json_405(pattern.callback)
        return patterns, app_name, namespace


def _json_405(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get(
            "Content-Type", ""
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                error_body(
                    _("该接口不支持 %(method)s 请求，可用：%(allowed)s。")
                    % {"method": request.method, "allowed": allowed}
                ),
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Allow"] = allowed
        return response

    return wrapper


api = CaseAPI(
    title="社会救助一门受理 API",
    version="1",
    description=_(
        "省级平台、政务服务 App 与网站推送申请、查询进度所用的接口。"
        "除公开接口外，请求须带 Authorization: Bearer <令牌>"
        "（令牌由管理员用 manage.py issue_token 签发）。"
        "出错时返回 JSON：message 为可读说明，errors 逐项指出字段。"
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=ChineseJSONRenderer(),
    parser=JSONBodyParser(),
)


def _answer(request, status: int, message: str, errors=()):
    return api.create_response(request, error_body(message, errors), status=status)


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    return _answer(
        request,
        422,
        _("请求内容有误，请按提示修改后重试。"),
        validation_errors(exc.errors),
    )


@api.exception_handler(InvalidInput)
def invalid_input(request, exc: InvalidInput):
    return _answer(request, 422, _("请求内容有误，请按提示修改后重试。"), exc.errors)


@api.exception_handler(RefusedRequest)
def refused(request, exc: RefusedRequest):
    """Every refusal of a service, the archive search or the statistics."""
    errors = [(exc.field, exc.message)] if exc.field else []
    return _answer(request, refusal_status(exc), exc.message, errors)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return _answer(
        request, 401, _("需要有效的访问令牌（Authorization: Bearer <令牌>）。")
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return _answer(request, 404, _("未找到所请求的记录。"))


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    # django-ninja sets Retry-After again from the throttle's wait() after this;
    # set here too, so a throttle without a wait() still says when (the
    # document promises the header on every 429).
    response = _answer(request, 429, _("请求过于频繁，请稍后再试。"))
    response["Retry-After"] = str(max(1, math.ceil(exc.wait or 60)))
    return response


@api.exception_handler(ProgressLocked)
def progress_locked(request, exc: ProgressLocked):
    response = _answer(request, 429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    wrong_type = unsupported_media_type(exc)
    if wrong_type is not None:
        return _answer(
            request,
            415,
            _(
                "请求体须为 JSON，请设置 Content-Type: application/json"
                "（现为“%(type)s”）。"
            )
            % {"type": wrong_type.content_type[:100] or _("未设置")},
        )
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _answer(
            request,
            400,
            _("请求体不是有效的 JSON（请检查引号、逗号和括号，编码须为 UTF-8）。"),
        )
    return _answer(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return _answer(request, 413, _("请求体过大。"))


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, exc):
    """数据库重启或断开: 503 and Retry-After; the transaction was rolled back."""
    logger.warning("database unavailable at %s: %s", request.path, exc)
    response = _answer(request, 503, unavailable_message())
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_error_within(exc: BaseException) -> BaseException | None:
    """A lost database connection behind another error, or None.

    Building an answer reads the database lazily; when the connection drops
    then, pydantic hands the failure on wrapped in its own ValidationError. A
    resolver's exception reaches it as ``ctx["error"]`` (a value_error) or, for
    an attribute read that raised (get_attribute_error), only as the text
    ``"OperationalError: …"``.
    """
    seen = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OperationalError | InterfaceError | PsycopgLost):
            return current
        pending += [current.__cause__, current.__context__]
        errors = getattr(current, "errors", None)
        if callable(errors):
            try:
                details = errors()
            except Exception:  # noqa: BLE001 - only pydantic's list is read
                details = []
            for detail in details if isinstance(details, list) else []:
                wrapped = (detail.get("ctx") or {}).get("error")
                if isinstance(wrapped, BaseException):
                    pending.append(wrapped)
                elif _names_a_lost_connection(wrapped):
                    return current
    return None


# Django's names for a database gone away; pydantic keeps only the text
# "<class name>: <message>" of an exception raised while reading an attribute.
_LOST_NAMES = ("OperationalError:", "InterfaceError:")


def _names_a_lost_connection(text) -> bool:
    return isinstance(text, str) and text.startswith(_LOST_NAMES)


@api.exception_handler(Exception)
def unexpected(request, exc):
    """A bug: logged with its traceback; the caller still gets JSON."""
    lost = _database_error_within(exc)
    if lost is not None:
        return database_unavailable(request, lost)
    logger.exception("API error at %s", request.path)
    return _answer(request, 500, _("服务器内部错误，已记录，请稍后重试或联系管理员。"))


def unknown_endpoint(request, *args, **kwargs):
    """Any other path under /api/ answers in JSON too, never with an HTML page."""
    return JsonResponse(
        error_body(_("没有这个接口：%(path)s") % {"path": request.path}),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
