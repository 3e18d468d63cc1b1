"""Where a case record belongs (乡镇, 村), declared once for every record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def township_field(related_name: str, **options) -> models.ForeignKey:
    return models.ForeignKey(
        "portal.Township",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("乡镇"),
        **options,
    )


def village_field(related_name: str) -> models.ForeignKey:
    """The village, when the record is of one (empty: the township's own)."""
    return models.ForeignKey(
        "portal.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("村（社区）"),
    )


def turned_into_field(
    to, related_name: str, label, *, one: bool = False
) -> models.ForeignKey:
    """The case or lead a record was turned into (转成的案件/线索), empty until
    then; ``one`` when a record turns into a case of its own only once."""
    kind = models.OneToOneField if one else models.ForeignKey
    return kind(
        to,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=label,
    )
