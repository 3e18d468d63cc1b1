"""JSON API under /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json.

Handlers stay thin: they parse, call a service or selector, and shape the answer.
Every error is JSON with a message a person can act on.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from portal.models import AssistanceType, Department, Township

from .channels import Channel

api = NinjaAPI(
    title="社会救助一门受理 API",
    version="1",
    description=_("省级平台、政务服务 App 与网站推送申请、查询进度所用的接口。"),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
            "message": err.get("msg", ""),
        }
        for err in exc.errors
    ]
    return api.create_response(
        request,
        {"message": _("请求内容有误，请按提示修改后重试。"), "errors": errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return api.create_response(
        request,
        {"message": _("需要有效的访问令牌（Authorization: Bearer …）。")},
        status=401,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"message": _("未找到所请求的记录。")}, status=404
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


class CodeName(Schema):
    code: str
    name: str


class TownshipOut(CodeName):
    villages: list[CodeName]


class ReferenceOut(Schema):
    townships: list[TownshipOut]
    assistance_types: list[CodeName]
    channels: list[CodeName]
    departments: list[CodeName]


@api.get("/reference", response=ReferenceOut, tags=["reference"])
def reference(request):
    """代码表：乡镇及其村、救助事项、受理渠道、协同部门。"""
    townships = Township.objects.prefetch_related("villages")
    return {
        "townships": [
            {
                "code": t.code,
                "name": t.name,
                "villages": [
                    {"code": v.code, "name": v.name} for v in t.villages.all()
                ],
            }
            for t in townships
        ],
        "assistance_types": [
            {"code": a.code, "name": a.name} for a in AssistanceType.objects.all()
        ],
        "channels": [{"code": c.value, "name": str(c.label)} for c in Channel],
        "departments": [
            {"code": d.code, "name": d.name} for d in Department.objects.all()
        ],
    }


def unknown_endpoint(request, *args, **kwargs):
    """Any other path under /api/ answers in JSON too, never with an HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        {"message": _("没有这个接口：%(path)s") % {"path": request.path}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
