"""简体/繁体: convert public pages to traditional characters when asked.

Content is written once, in simplified Chinese; a reader who chose 繁体 gets the
page converted on the server by OpenCC, so no script and no second copy is needed.
"""

import opencc

from .reading_aids import COOKIE_PREFIX

# s2tw converts characters only (为→為, 启→啟), leaving the wording as written.
_to_traditional = opencc.OpenCC("s2tw")
_SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/")


def to_traditional(text: str) -> str:
    return _to_traditional.convert(text)


class ScriptConversionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.COOKIES.get(COOKIE_PREFIX + "script") != "hant":
            return response
        if request.path.startswith(_SKIPPED_PREFIXES):
            return response
        content_type = response.get("Content-Type", "")
        if (
            getattr(response, "streaming", False)
            or not content_type.startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        charset = response.charset or "utf-8"
        html = response.content.decode(charset, errors="replace")
        response.content = to_traditional(html).encode(charset)
        response["Content-Language"] = "zh-Hant"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
