"""收件：案件收到的材料，以及一次性告知书列明的缺件。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.fields import staff_field

from .case import Case


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "both", _("原件及复印件")


class ReceivedMaterial(TrackedModel):
    """收件清单中的一项：从办事指南生成，或经办人另行登记。"""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="materials", verbose_name=_("案件")
    )
    name = models.CharField(_("材料名称"), max_length=120)
    form = models.CharField(
        _("材料形式"),
        max_length=10,
        choices=MaterialForm.choices,
        default=MaterialForm.ORIGINAL,
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    pages = models.PositiveSmallIntegerField(_("页数"), default=0)
    required = models.BooleanField(_("必须提交"), default=True)
    from_guide = models.BooleanField(_("来自办事指南"), default=True, editable=False)
    received = models.BooleanField(_("已收到"), default=False)
    received_at = models.DateTimeField(_("收到时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("收件材料")
        verbose_name_plural = _("收件材料")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "name"], name="material_name_unique_per_case"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MaterialRequest(TrackedModel):
    """一次性告知之后再要求补充的材料：未在告知书列明的，须有审核人记录理由。"""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="material_requests",
        verbose_name=_("案件"),
    )
    name = models.CharField(_("材料名称"), max_length=120)
    reason = models.CharField(_("要求理由"), max_length=500)
    in_one_time_notice = models.BooleanField(_("已在一次性告知书列明"), editable=False)
    justification = models.TextField(_("审核人说明"), blank=True)
    justified_by = staff_field(_("说明人"), optional=True)
    requested_by = staff_field(_("要求人"))
    requested_at = models.DateTimeField(_("要求时间"), auto_now_add=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("补充材料要求")
        verbose_name_plural = _("补充材料要求")

    def __str__(self) -> str:
        return self.name
