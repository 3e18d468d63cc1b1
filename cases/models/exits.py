"""救助对象退出（停保）：审批同意的救助对象不再享受救助的日期与原因。

A record about the case, not a field of it: ``Case``'s history table (and so its
hash chain) stays as it is, and the exit keeps a chained history of its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case


class RecipientExit(ReasonRequiredOnChange):
    class Reason(models.TextChoices):
        OVER_STANDARD = "over_standard", _("收入或财产超过标准")
        DEATH = "death", _("死亡")
        MOVED_AWAY = "moved_away", _("迁出本县")
        OWN_REQUEST = "own_request", _("本人申请退出")
        REVIEW_INELIGIBLE = "review_ineligible", _("复核不再符合条件")
        OTHER = "other", _("其他")

    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        related_name="recipient_exit",
        verbose_name=_("案件"),
    )
    exited_on = models.DateField(_("退出日期"))
    reason = models.CharField(_("退出原因"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    recorded_by = staff_field(_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), editable=False)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-exited_on"]
        indexes = [models.Index(fields=["exited_on"], name="exit_exited_on")]
        verbose_name = _("救助对象退出")
        verbose_name_plural = _("救助对象退出")

    def __str__(self) -> str:
        return f"{self.case} {self.get_reason_display()}"
