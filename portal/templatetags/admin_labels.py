"""Labels for the admin's own lists: what an app is called, not its code label."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def app_verbose_name(app_label: str) -> str:
    """门户网站 for ``portal``; the label itself for an app Django does not know."""
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label
