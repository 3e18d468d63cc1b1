"""Model field declarations written once: who did something.

Every record that says who received, decided or recorded it points at a staff
user the same way: protected from deletion (the record outlives no one's
account), optionally empty until the step is taken.
"""

from django.conf import settings
from django.db import models


def staff_field(
    verbose_name,
    *,
    related_name: str = "+",
    optional: bool = False,
    on_delete=models.PROTECT,
    help_text="",
) -> models.ForeignKey:
    """A foreign key to the staff user; ``optional`` until the step is taken."""
    blank = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
        **blank,
    )
