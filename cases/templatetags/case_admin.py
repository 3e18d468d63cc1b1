"""Display helpers of the case admin and its printed notices."""

from django import template

from cases.identity import mask_id_number
from portal.models import ServicePoint

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    """Resident ID numbers are shown masked unless revealed through the log."""
    return mask_id_number(value) if value else ""


@register.filter
def staff_name(user) -> str:
    return ServicePoint.staff_display_name(user) if user else ""
