"""Wagtail's admin without inline scripts, so its CSP can say script-src 'self'.

Wagtail 8 still starts a few widgets with an inline ``<script>``: every chooser
(``new PageChooser("id_x", {...});``), the date and time pickers
(``initDateChooser("id_x", {...});``) and inline panels
(``new InlinePanel(JSON.parse("..."))``). Upstream is replacing them with Stimulus
controllers (wagtail/wagtail#12940, #12406). Until then each of them writes an
inert JSON data block instead,
``<script type="application/json" data-wagtail-init="PageChooser">["id_x", {...}]``,
and static/js/admin_init.js (added to every admin page by portal/wagtail_hooks.py)
makes the same call from a static file, also for blocks added later (an inline
panel's new row comes from a ``<template>`` that holds data blocks too).

The date and time pickers and the panels write their block from a template
override (templates/wagtailadmin/, through ``{% admin_init %}`` of
portal/templatetags/admin_init_tags.py). The choosers write their script in
Python (``BaseChooser.render``), where no template reaches: that one method is
replaced here, for the Wagtail version in ``WRITTEN_FOR``; a test fails when
Wagtail moves on, so the replacement is looked at again (or dropped, once
Wagtail starts its choosers without inline scripts).
"""

import json

from django.utils.safestring import SafeString, mark_safe

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
# Wagtail (major, minor) whose BaseChooser.render the replacement below copies.
WRITTEN_FOR = (8, 0)
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def data_block(name: str, args: list) -> SafeString:
    """The JSON block admin_init.js starts as ``name(*args)``.

    ``<``, ``>`` and ``&`` are escaped inside the JSON, so no value can end the
    block early.
    """
    if name not in CONSTRUCTORS | FUNCTIONS:
        raise ValueError(f"admin_init.js does not start {name!r}")
    data = json.dumps(args, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(  # noqa: S308 - the name is one of ours, the data escaped above
        f'<script type="application/json" data-wagtail-init="{name}">{data}</script>'
    )


def chooser_init(widget, id_: str, name: str, value_data) -> tuple[str, list] | None:
    """The (name, arguments) of a chooser's start-up call, as its
    ``render_js_init`` would write it; None for a chooser written otherwise."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    own = type(widget).render_js_init
    if own is AdminTaskChooser.render_js_init:
        return "createTaskChooser", [id_]
    if own is BaseChooser.render_js_init and widget.js_constructor in CONSTRUCTORS:
        return widget.js_constructor, [
            id_,
            widget.get_js_init_options(id_, name, value_data),
        ]
    return None


def install_chooser_render() -> None:
    """Replace ``BaseChooser.render`` (Wagtail 8.0) so a chooser writes a data
    block where Wagtail writes ``<script>new PageChooser(...);</script>``.

    The body is Wagtail's, but for the last two lines; a chooser of another
    package with its own ``render_js_init`` keeps its inline script, which the
    browser then refuses, as before.
    """
    from wagtail.admin.widgets import BaseChooser

    wagtail_render = BaseChooser.render
    if getattr(wagtail_render, "writes_data_block", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        try:
            id_ = attrs["id"]
        except (KeyError, TypeError) as error:
            raise TypeError(
                "BaseChooser cannot be rendered without an 'id' attribute"
            ) from error
        value_data = self.get_value_data(value)
        found = chooser_init(self, id_, name, value_data)
        if found is None:
            return wagtail_render(self, name, value, attrs, renderer)
        widget_html = self.render_html(name, value_data, attrs)
        return mark_safe(widget_html + data_block(*found))  # noqa: S308 - both safe

    render.writes_data_block = True
    render.wagtail_render = wagtail_render
    BaseChooser.render = render
