"""``{% admin_init %}``: the data block static/js/admin_init.js starts a widget
from, for the templates that override Wagtail's inline start-up scripts
(templates/wagtailadmin/widgets/, templates/wagtailadmin/panels/)."""

import json

from django import template

from portal.admin_init import data_block

register = template.Library()


@register.simple_tag
def admin_init(name: str, *args):
    """``{% admin_init "initDateChooser" widget.attrs.id config %}``."""
    return data_block(name, list(args))


@register.filter
def from_json(text: str):
    """Wagtail hands its options to the templates as JSON text (``options_json``,
    ``config_json``); the data block holds them as values."""
    return json.loads(text)
