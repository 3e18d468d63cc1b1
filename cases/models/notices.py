"""书面告知：收件回执单、一次性告知书、不予受理、延期、结果告知。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.fields import staff_field

from .case import Case
from .filing import PartOfFiledCase


class Notice(PartOfFiledCase, TrackedModel):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("收件回执单")
        ONE_TIME = "one_time", _("一次性告知书")
        NOT_ACCEPTED = "not_accepted", _("不予受理告知书")
        REFERRAL = "referral", _("转办告知")
        EXTENSION = "extension", _("延期办理告知")
        RESULT = "result", _("办理结果告知")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notices", verbose_name=_("案件")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True, editable=False)
    issued_at = models.DateTimeField(_("出具时间"), editable=False)
    issued_by = staff_field(_("经办人"))
    # What the paper said, frozen when issued: a reprint shows the same text.
    content = models.JSONField(_("内容"), default=dict, editable=False)
    resolved_at = models.DateTimeField(_("补齐时间"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("告知文书")
        verbose_name_plural = _("告知文书")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class OneTimeNoticeItem(PartOfFiledCase, TrackedModel):
    """一次性告知书中列明的一项缺件及其原因。"""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="items", verbose_name=_("告知书")
    )
    material_name = models.CharField(_("缺少材料"), max_length=120)
    reason = models.CharField(_("原因"), max_length=300)
    supplied_at = models.DateTimeField(_("补交时间"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("告知事项")
        verbose_name_plural = _("告知事项")

    def __str__(self) -> str:
        return self.material_name

    def filed_lookup(self) -> dict:
        return {"case__notices": self.notice_id}
