"""Saving with who and why, so every history row carries both."""

from django.db import models, transaction

from core.history import fit_reason as _fit
from core.history import save_with_reason as _save_with_reason


def save_with_reason(obj: models.Model, *, by, reason: str, **kwargs) -> None:
    """Save with who (``by``, required here: None for the system) and why."""
    _save_with_reason(obj, by=by, reason=reason, **kwargs)


@transaction.atomic
def create_all_with_reason(objs: list[models.Model], *, by, reason: str) -> list:
    """Create new records of one model in bulk, each with its chained history row."""
    from django.utils import timezone

    from cases.history import insert_chained

    if not objs:
        return []
    model = type(objs[0])
    created = model._default_manager.bulk_create(objs)
    history_model = model.history.model
    now = timezone.now()
    rows = [
        history_model(
            history_date=now,
            history_type="+",
            history_user=by,
            history_change_reason=_fit(model, reason),
            **{
                f.attname: getattr(obj, f.attname) for f in history_model.tracked_fields
            },
        )
        for obj in created
    ]
    insert_chained(history_model, rows)
    return created
