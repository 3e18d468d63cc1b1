"""Saving with who and why, so every history row carries both."""

from django.db import models


def save_with_reason(obj: models.Model, *, by, reason: str, **kwargs) -> None:
    obj._history_user = by
    obj._change_reason = reason[:100]
    obj.save(**kwargs)
