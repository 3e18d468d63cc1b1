"""Input limits, read from the model fields that store the input.

A name, an address or a reason is bounded where it is stored (``max_length``
on the model field). The services, the forms and the API schemas take that
number from the field instead of writing it again, so a limit changed in a
migration changes everywhere at once; and they refuse over-long text in the
same words (:func:`too_long`), whichever door the text came through.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext, gettext_lazy


def max_length(model: type[models.Model], name: str) -> int:
    """The ``max_length`` of ``model.name``; a field without one is a mistake."""
    limit = model._meta.get_field(name).max_length
    if not limit:
        raise ImproperlyConfigured(f"{model.__name__}.{name} has no max_length")
    return limit


def too_long(limit: int, length: int) -> str:
    """不能超过N个字: the one wording of an over-long text."""
    return gettext("不能超过%(limit)s个字（现有%(length)s个字）。") % {
        "limit": limit,
        "length": length,
    }


# Django's MaxLengthValidator gives limit_value and show_value.
_FORM_TOO_LONG = gettext_lazy("不能超过%(limit_value)s个字（现有%(show_value)s个字）。")


def form_limit(
    model: type[models.Model], name: str, *, error_messages: dict | None = None
) -> dict:
    """Keyword arguments for a form's CharField: the stored field's limit, and
    the message the services and the API give when it is passed."""
    return {
        "max_length": max_length(model, name),
        "error_messages": {"max_length": _FORM_TOO_LONG, **(error_messages or {})},
    }
