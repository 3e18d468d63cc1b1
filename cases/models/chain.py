"""链头与每日锚点：历史记录防篡改的两道外部证据。"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryChainHead(models.Model):
    """The length and last digest of one history table, sealed with the key.

    Written in the same transaction as every history row of its table, and
    locked while it is written, so no two transactions can follow the same
    row, and a deleted tail row shows as a table shorter than its head.
    """

    table = models.CharField(_("历史表"), max_length=100, primary_key=True)
    length = models.BigIntegerField(_("记录数"), default=0)
    last_digest = models.CharField(_("最后一条记录摘要"), max_length=64)
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True)
    seal = models.CharField(_("链头签名"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("历史链头")
        verbose_name_plural = _("历史链头")

    def __str__(self) -> str:
        return f"{self.table}: {self.length}"


class HistoryAnchor(models.Model):
    """A day's heads, also written to the log and the monthly report."""

    day = models.DateField(_("日期"), unique=True)
    heads = models.JSONField(_("各表链头"))
    key_id = models.CharField(_("密钥编号"), max_length=16)
    seal = models.CharField(_("锚点签名"), max_length=64)
    created_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("历史锚点")
        verbose_name_plural = _("历史锚点")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.seal[:12]}"
