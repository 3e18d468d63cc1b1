"""Every request's text cleaned before any view reads it (``core.text``).

Query strings, form fields and JSON bodies reach the views of the site, the
admin and the API already in NFC and without invisible characters, so forms,
services, searches and duplicate checks all see the same text that is stored.
Control characters are left in place: the field that holds one refuses it with
a message naming the field (forms and the admin) or with a 422 naming it (API),
which this middleware cannot do as well.

Passwords and one-time codes pass untouched: they are compared as typed.
A body that cannot be read (too large, malformed) is left for the view, which
answers it as it always did.
"""

import json
import re

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict, RawPostDataException
from django.http.multipartparser import MultiPartParserError

from core.text import clean_data, quiet_clean

AS_TYPED = re.compile(r"pass(word)?|pwd|otp|token|csrf", re.IGNORECASE)
_JSON_TYPES = ("application/json", "application/problem+json")


def _clean_value(value):
    """A field's text cleaned; a field holding JSON (Wagtail's rich text and
    block editors post their content so, where an invisible character may be
    written as an escape) cleaned inside."""
    if not isinstance(value, str):
        return value
    if value[:1] in "[{":
        try:
            data = json.loads(value)
            cleaned = clean_data(data)
        except (ValueError, RecursionError):
            return quiet_clean(value)
        if cleaned == data:
            return value
        return json.dumps(cleaned, ensure_ascii=False)
    return quiet_clean(value)


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A cleaned copy of ``data``, or None when nothing would change."""
    changes = {
        key: [_clean_value(v) for v in values]
        for key, values in data.lists()
        if not AS_TYPED.search(key)
    }
    if all(changes[key] == data.getlist(key) for key in changes):
        return None
    copy = data.copy()
    for key, values in changes.items():
        copy.setlist(key, values)
    copy._mutable = False
    return copy


def _clean_json_body(request) -> None:
    try:
        data = json.loads(request.body)
        cleaned = clean_data(data)
    except (RequestDataTooBig, RawPostDataException, ValueError, RecursionError):
        # Too large, malformed or nested past reading: the API's own parser
        # answers it as before.
        return
    if cleaned != data:
        request._body = json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


class TextInputMiddleware:
    """In process_view, so that it runs after CsrfViewMiddleware has read the
    form (a body read twice would fail) and only for requests a view answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.GET:
            request.GET = _cleaned(request.GET) or request.GET
        content_type = request.content_type or ""
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            if content_type in _JSON_TYPES:
                _clean_json_body(request)
            elif content_type == "application/x-www-form-urlencoded" or (
                # A multipart body is read as a stream: parsed here, a view
                # could no longer read it raw, as the API (exempt from the CSRF
                # check, which parses every form view's body anyway) does.
                content_type == "multipart/form-data"
                and not getattr(view, "csrf_exempt", False)
            ):
                try:
                    post = request.POST
                except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation):
                    post = None
                cleaned = _cleaned(post) if post else None
                if cleaned is not None:
                    request.POST = cleaned
        return None
