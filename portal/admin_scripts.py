"""Wagtail's admin without inline scripts, so its CSP can say script-src 'self'.

Wagtail 8 still starts a few widgets with an inline ``<script>``: every chooser
(``new PageChooser("id_x", {...});``), the date and time pickers
(``initDateChooser("id_x", {...});``) and inline panels
(``new InlinePanel(JSON.parse("..."))``). Upstream is replacing them with Stimulus
controllers (wagtail/wagtail#12940, #12406); until then this middleware turns
each such script, in admin HTML, into an inert JSON data block
``<script type="application/json" data-wagtail-init="PageChooser">["id_x", {...}]``
and static/js/admin_init.js (added to every admin page by portal/wagtail_hooks.py)
makes the same call from a static file, also for blocks added later (an inline
panel's new row comes from a ``<template>`` that holds converted blocks too).

Only the exact calls below, with plain JSON arguments, are converted: any other
inline script stays as it is, and the browser refuses it.
"""

import json
import re

_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
# The names admin_init.js accepts; it calls nothing else.
CONSTRUCTORS = frozenset(
    {
        "Chooser",
        "PageChooser",
        "SnippetChooser",
        "ImageChooser",
        "DocumentChooser",
        "InlinePanel",
        "MultipleChooserPanel",
    }
)
FUNCTIONS = frozenset(
    {"createTaskChooser", "initDateChooser", "initTimeChooser", "initDateTimeChooser"}
)
# new PageChooser("id_x", {...});  /  initDateChooser("id_x", {...});
_CALL = re.compile(r"(?P<new>new\s+)?(?P<name>[A-Za-z]+)\((?P<args>.*)\);?", re.DOTALL)
# wagtailadmin/panels/inline_panel.html and multiple_chooser_panel.html
_PANEL = re.compile(
    r"\(function\(\)\s*\{\s*var panel = new (?P<name>InlinePanel|MultipleChooserPanel)"
    r'\(JSON\.parse\((?P<options>"[^"\\]*(?:\\.[^"\\]*)*")\)\);\s*\}\)\(\);',
    re.DOTALL,
)
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _init_call(body: str) -> tuple[str, list] | None:
    """The (name, arguments) of a known widget start-up call, else None."""
    body = body.strip()
    panel = _PANEL.fullmatch(body)
    if panel:
        try:
            options = json.loads(json.loads(panel["options"]))
        except ValueError:
            return None
        return panel["name"], [options]
    call = _CALL.fullmatch(body)
    if not call:
        return None
    name = call["name"]
    allowed = CONSTRUCTORS if call["new"] else FUNCTIONS
    if name not in allowed:
        return None
    try:
        args = json.loads("[" + call["args"] + "]")
    except ValueError:
        return None
    return name, args


def _data_block(name: str, args: list) -> str:
    data = json.dumps(args, ensure_ascii=False).translate(_JSON_ESCAPES)
    return f'<script type="application/json" data-wagtail-init="{name}">{data}</script>'


def convert_inline_scripts(html: str) -> str:
    """Replace Wagtail's known start-up scripts in ``html`` by data blocks."""

    def replace(match: re.Match) -> str:
        found = _init_call(match["body"])
        return _data_block(*found) if found else match[0]

    return _SCRIPT.sub(replace, html)


class AdminInlineScriptMiddleware:
    """Apply convert_inline_scripts to the admin's HTML responses."""

    prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path_info.startswith(self.prefix)
            or getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Content-Encoding")
        ):
            return response
        charset = response.charset or "utf-8"
        html = response.content.decode(charset)
        if "<script>" not in html:
            return response
        response.content = convert_inline_scripts(html).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
