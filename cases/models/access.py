"""访问记录、幂等键与取号。接口令牌用 Wagtail 自带的 APIToken。"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import staff_field


class IdRevealLog(models.Model):
    """每一次查看完整身份证号码都记录在案。"""

    user = staff_field(_("查看人"))
    applicant = models.ForeignKey(
        "cases.Applicant",
        on_delete=models.PROTECT,
        related_name="reveals",
        verbose_name=_("申请人"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("案件"),
    )
    revealed_at = models.DateTimeField(_("查看时间"), auto_now_add=True)
    reason = models.CharField(_("查看理由"), max_length=200)
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)

    class Meta:
        ordering = ["-revealed_at"]
        verbose_name = _("身份证号码查看记录")
        verbose_name_plural = _("身份证号码查看记录")

    def __str__(self) -> str:
        return f"{self.user} {self.revealed_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """Idempotency-Key：同一键的重试返回第一次的结果，而不是再登记一件案件或投诉。

    A key belongs to a ``scope``: a staff caller's keys are theirs alone
    (``user:<pk>``); the public's are scoped by their address (see
    ``cases.services.idempotency.address_scope`` for why). Exactly one of
    ``case`` and ``complaint`` is what the first request made.
    """

    scope = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "cases.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="idempotency_per_scope"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(case__isnull=False, complaint__isnull=True)
                    | models.Q(case__isnull=True, complaint__isnull=False)
                ),
                name="idempotency_makes_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class CaseNumberCounter(models.Model):
    """每类编号每年一个计数器；取号时加锁，并发受理也不会重号。"""

    scope = models.CharField(primary_key=True, max_length=12)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"
