"""Counting and upserting helpers shared by the demo builders."""

from dataclasses import dataclass

from django.db import models


@dataclass
class Tally:
    """How many rows a section created, updated or left as they were."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def upsert(
    model: type[models.Model], tally: Tally, *, lookup: dict, values: dict
) -> models.Model:
    """Create the row, or bring it in line with ``values``; save only on a change.

    Saving only on a real difference keeps a second run from touching anything.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        tally.add("created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        tally.add("unchanged")
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save()
    tally.add("updated")
    return obj
