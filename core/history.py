"""Saving a record with the reason its history row keeps (django-simple-history).

The reason is cut to what the history table holds (``history_change_reason``,
100 characters unless a model widens it): a longer reason, such as a 200-character
撤下原因, would otherwise fail on PostgreSQL when the history row is written.
"""

from django.db import models

# ``by`` left out: simple_history records the request's user (its middleware).
_REQUEST_USER = object()


def fit_reason(model, reason: str) -> str:
    """The reason cut to what the model's history keeps (100 unless widened)."""
    try:
        field = model.history.model._meta.get_field("history_change_reason")
    except AttributeError:
        return reason[:100]
    return reason[: field.max_length] if field.max_length else reason


def save_with_reason(
    obj: models.Model, *, reason: str, by=_REQUEST_USER, **kwargs
) -> None:
    """Save ``obj``; its history row records ``reason`` and ``by`` (who made the
    change; None for the system)."""
    if by is not _REQUEST_USER:
        obj._history_user = by
    obj._change_reason = fit_reason(type(obj), reason)
    obj.save(**kwargs)
