"""Errors as integrators read them: ``{"message", "errors": [{"field", "message"}]}``.

Pydantic reports problems in English with its own type codes; each is said
again here in Chinese, naming the field the way the request body spells it
(``applicant.id_number``, ``materials.0.pages``).
"""

from django.utils.translation import gettext as _

from core.limits import too_long

# Which part of the request a location starts with; the body's second element
# is the handler's parameter name, which the integrator never sees.
_SOURCES = {"body": 2, "query": 1, "path": 1, "header": 1}


class InvalidInput(Exception):
    """Input the API could not turn into a request for a service (HTTP 422)."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        super().__init__(errors)
        self.errors = errors


def refusal_status(error) -> int:
    """The HTTP status of a refusal (core.errors.RefusedRequest).

    A rule refusing what the request says (a wrong check digit, a reason left
    out, a month out of range: CaseError's own 400) is a validation error like
    pydantic's, 422. 400 stays for a body that cannot be read at all. 403, 404
    and 409 are the error classes' own. The admin re-renders its forms with
    the class's status and is not concerned.
    """
    return 422 if error.status == 400 else error.status


def error_body(message: str, errors=()) -> dict:
    return {
        "message": message,
        "errors": [{"field": field, "message": text} for field, text in errors],
    }


def _field(loc) -> str | None:
    loc = list(loc or [])
    skip = _SOURCES.get(str(loc[0]), 0) if loc else 0
    name = ".".join(str(part) for part in loc[skip:])
    return name or None


def _message(error: dict, field: str | None) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden" and field == "received_at":
        return _("接收时间以服务器收到申请的时间为准，不能由接口指定（严禁事后补录）。")
    if kind == "missing" and field is None:
        return _("请求体不能为空，应为一个 JSON 对象。")
    if kind in {"model_type", "dict_type", "model_attributes_type"} and field is None:
        return _("请求体应为一个 JSON 对象。")
    simple = {
        "missing": _("缺少此项。"),
        "string_type": _("应为文本。"),
        "string_too_short": _("不能为空。"),
        "string_pattern_mismatch": _("格式不正确。"),
        "int_type": _("应为整数。"),
        "int_parsing": _("应为整数。"),
        "int_from_float": _("应为整数。"),
        "bool_type": _("应为 true 或 false。"),
        "bool_parsing": _("应为 true 或 false。"),
        "list_type": _("应为数组。"),
        "model_type": _("应为 JSON 对象。"),
        "dict_type": _("应为 JSON 对象。"),
        "model_attributes_type": _("应为 JSON 对象。"),
        "extra_forbidden": _("不接受此字段，请对照接口文档。"),
        "json_invalid": _("不是有效的 JSON。"),
    }
    if kind == "text_control_chars":
        return _("含有不可见的控制字符（%(code)s），请删除后重试。") % {
            "code": ctx.get("code", "")
        }
    if kind in simple:
        return simple[kind]
    if kind == "string_too_long":
        return too_long(ctx.get("max_length"), ctx.get("length", 0))
    if kind == "too_long":
        return _("项数过多，最多%(n)s项。") % {"n": ctx.get("max_length")}
    if kind == "too_short":
        return _("至少需要%(n)s项。") % {"n": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("不能小于%(n)s。") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("不能大于%(n)s。") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind == "literal_error":
        # ctx reads "'accept', 'reject' or 'archive'"; list the choices plainly.
        expected = str(ctx.get("expected", "")).replace("' or '", "', '")
        choices = "、".join(part.strip(" '") for part in expected.split(","))
        return _("应为以下之一：%(choices)s。") % {"choices": choices}
    return _("格式不正确。")


def validation_errors(errors: list[dict]) -> list[tuple[str | None, str]]:
    """Pydantic's error list as (field, Chinese message) pairs."""
    result = []
    for error in errors:
        field = _field(error.get("loc"))
        result.append((field, _message(error, field)))
    return result
