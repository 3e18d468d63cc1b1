"""提交内容有误: a malformed request to the admin gets a message, not a 500.

Wagtail's admin views trust what their own pages send. A request that did not
come from those pages (an empty POST, a field of the wrong kind, a form posted
twice, a bookmarked link with a stale ``next``) makes some of them fail with a
server error. This middleware answers those with a Chinese message instead:

- a ``next`` that is not a path on this site is dropped before the view sees it
  (Wagtail hands it to ``redirect()``, which takes a bare word for a URL name);
- an error raised while a form reads the submission, a field the view expected
  and did not get, text where JSON or an id was expected, or (in a POST) an id
  that names no record: 400 and a page saying the submission could not be read;
- a delete refused by the database because other records still point to the
  object (``on_delete=PROTECT``): back to the page, with what refers to it;
- a refusal of the rules (core.errors.RefusedRequest: the case services, the
  archive search, the statistics) that no form showed beside its field: the
  admin's one mapping of them. A page asked for answers with the message and
  the refusal's status (403, 503 …); a form sent goes back to the page it came
  from, with the message on top.

Only these are caught; any other error is still a 500 and logged as one. Each
is raised while the request is read or before the delete starts (Django's
collector refuses before deleting anything), so nothing is half-saved.
"""

import json
import logging

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config.text_input import AS_TYPED
from core.errors import RefusedRequest
from core.text import refused_character

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"
# Where in the stack an error says "the submission was not what this view
# expected": (end of the module path, function).
_READING_FRAMES = {
    ("django/forms/forms.py", "full_clean"),
    ("django/forms/formsets.py", "full_clean"),
    ("django/db/models/fields/__init__.py", "get_prep_value"),
}


def _frames(exc: BaseException):
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        yield code.co_filename.replace("\\", "/"), code.co_name
        tb = tb.tb_next


def is_unreadable_submission(request, exc: BaseException) -> bool:
    """Whether the error comes from reading what the request sent."""
    if isinstance(exc, MultiValueDictKeyError | json.JSONDecodeError):
        return True
    # A GET's missing object is Wagtail's 404; a POST's is a posted id.
    if request.method == "POST" and isinstance(exc, ObjectDoesNotExist):
        return True
    return any(
        path.endswith(module) and name == function
        for path, name in _frames(exc)
        for module, function in _READING_FRAMES
    )


def is_local_path(value: str) -> bool:
    return (
        value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    )


def _without_foreign_next(data):
    if "next" not in data or all(is_local_path(v) for v in data.getlist("next")):
        return data
    cleaned = data.copy()
    cleaned.pop("next")
    return cleaned


def _back_url(request) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return referer
    return reverse("wagtailadmin_home")


def message_page(request, message, *, title, status: int) -> TemplateResponse:
    """An admin page saying ``message``, with a way back."""
    response = TemplateResponse(
        request,
        "portal/admin/bad_input.html",
        {"page_title": title, "message": message, "back_url": _back_url(request)},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response.render()


def unreadable_submission_response(request, message=None) -> TemplateResponse:
    return message_page(
        request,
        message
        or _(
            "提交的内容不完整或格式不对，系统无法处理这次提交。"
            "请返回上一页，刷新后重新填写再提交。"
        ),
        title=_("提交的内容有误"),
        status=400,
    )


def refused_response(request, exc: RefusedRequest):
    if request.method == "POST":
        messages.error(request, exc.message)
        return redirect(_back_url(request))
    titles = {403: _("没有权限"), 503: _("服务暂时不可用")}
    return message_page(
        request,
        exc.message,
        title=titles.get(exc.status, _("无法办理")),
        status=exc.status,
    )


# Wagtail's areas that build plain Django forms, which accept control
# characters. Everything else in the admin checks text field by field: page
# and snippet editors, documents, images and settings (WagtailAdminModelForm,
# with the validator portal/apps.py adds), our models' clean(), and the case
# module's forms (cases/forms.py), whose messages name the field.
_PLAIN_FORM_AREAS = tuple(
    f"{ADMIN_PREFIX}{area}/"
    for area in (
        "account",
        "collections",
        "users",
        "groups",
        "sites",
        "redirects",
        "workflows",
        "locales",
        "searchpicks",
    )
)


def _refused_in_unchecked_form(request):
    """The message for a control character (core.text) posted to a Wagtail
    form that would store it, or None."""
    if not request.path_info.startswith(_PLAIN_FORM_AREAS):
        return None
    for name, values in request.POST.lists():
        if AS_TYPED.search(name):
            continue
        for value in values:
            problem = refused_character(value)
            if problem is not None:
                return _("提交的内容") + str(problem.message)
    return None


def _referring_kinds(exc: ProtectedError | RestrictedError) -> str:
    objects = getattr(exc, "protected_objects", None) or getattr(
        exc, "restricted_objects", ()
    )
    kinds = sorted({str(capfirst(obj._meta.verbose_name)) for obj in objects})
    return "、".join(kinds)


def still_referred_to_response(request, exc) -> object:
    messages.error(
        request,
        _("不能删除：仍有其他记录引用它（%(kinds)s）。请先处理这些记录再删除。")
        % {"kinds": _referring_kinds(exc)},
    )
    return redirect(request.get_full_path())


class AdminBadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(ADMIN_PREFIX):
            request.GET = _without_foreign_next(request.GET)
            if request.method == "POST":
                request.POST = _without_foreign_next(request.POST)
                refused = _refused_in_unchecked_form(request)
                if refused is not None:
                    return unreadable_submission_response(request, refused)
        return None

    def process_exception(self, request, exception):
        if not request.path_info.startswith(ADMIN_PREFIX):
            return None
        if isinstance(exception, RefusedRequest):
            logger.info("refused at %s: %s", request.path, exception.message)
            return refused_response(request, exception)
        # Back to the page the delete was posted from: a GET there is the
        # confirmation (a GET that failed so would only fail again).
        if request.method == "POST" and isinstance(
            exception, ProtectedError | RestrictedError
        ):
            logger.info("delete refused at %s: %s", request.path, exception)
            return still_referred_to_response(request, exception)
        if is_unreadable_submission(request, exception):
            logger.warning(
                "unreadable %s to %s", request.method, request.path, exc_info=exception
            )
            return unreadable_submission_response(request)
        return None
