"""在册对象：审批同意的案件成为救助对象，按月发放，定期复核，待遇调整。

A record about the case (like the exit and the follow-ups), so the case's own
history table and hash chain stay as they are, and an archived case can still
be reviewed and have its payments changed: the case itself stays read only.
The township and the assistance type are the case's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case
from .filing import ReadOnlyOnceFiled

_AMOUNT = {"max_digits": 8, "decimal_places": 2}


class Recipient(ReasonRequiredOnChange):
    class Status(models.TextChoices):
        ACTIVE = "active", _("正常发放")
        SUSPENDED = "suspended", _("暂停发放")
        STOPPED = "stopped", _("已停发")

    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        related_name="recipient",
        verbose_name=_("案件"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    # The amount granted at 审批同意 stays on the case; this is the current one.
    # Empty only for a case approved before amounts were recorded (cases 0008).
    monthly_amount = models.DecimalField(
        _("现发放金额（元/月）"), null=True, blank=True, **_AMOUNT
    )
    starts_month = models.DateField(
        _("起始月份"), help_text=_("救助从该月起发放，记为当月1日。")
    )
    review_cycle_months = models.PositiveSmallIntegerField(_("复核周期（月）"))
    income_varies = models.BooleanField(
        _("收入变动家庭"),
        default=False,
        help_text=_("收入不稳定的家庭按办事指南的较短周期（如每半年）复核。"),
    )
    next_review_on = models.DateField(_("下次复核日期"))
    last_reviewed_on = models.DateField(_("上次复核日期"), null=True, blank=True)
    registered_at = models.DateTimeField(_("登记在册时间"), editable=False)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["next_review_on", "pk"]
        indexes = [
            models.Index(fields=["status", "next_review_on"], name="recipient_due"),
        ]
        verbose_name = _("在册救助对象")
        verbose_name_plural = _("在册救助对象")

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"

    @property
    def is_stopped(self) -> bool:
        return self.status == self.Status.STOPPED

    # Where the recipient is, for lists and queues: the case's place.
    @property
    def township(self):
        return self.case.township

    @property
    def village(self):
        return self.case.village


class RecipientReview(ReasonRequiredOnChange):
    """定期复核：一次复核的结论；复核后下次复核日期按周期顺延。"""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("继续享受")
        INCREASE = "increase", _("提高救助金额")
        DECREASE = "decrease", _("降低救助金额")
        STOP = "stop", _("停止救助")

    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("在册对象"),
    )
    reviewed_on = models.DateField(_("复核日期"))
    # The due date this review answered: done on or before it is 按期.
    due_on = models.DateField(_("应复核日期"))
    outcome = models.CharField(_("复核结论"), max_length=20, choices=Outcome.choices)
    amount_before = models.DecimalField(
        _("复核前金额（元/月）"), null=True, blank=True, **_AMOUNT
    )
    new_amount = models.DecimalField(
        _("调整后金额（元/月）"), null=True, blank=True, **_AMOUNT
    )
    reason = models.TextField(_("复核意见"), max_length=1000, blank=True)
    reviewed_by = staff_field(_("复核人"))
    recorded_at = models.DateTimeField(_("登记时间"), editable=False)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["reviewed_on"], name="review_reviewed_on")]
        verbose_name = _("定期复核")
        verbose_name_plural = _("定期复核")

    def __str__(self) -> str:
        return f"{self.recipient.case} {self.reviewed_on} {self.get_outcome_display()}"

    @property
    def on_time(self) -> bool:
        return self.reviewed_on <= self.due_on


class BenefitChange(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    """待遇调整：增发、减发、补发、暂停、停发。

    增发和减发的金额是每月增减的数额，自生效月份起；补发的金额在生效月份一次发放；
    暂停和停发自生效月份起不再发放，不填金额。
    """

    archive_field = "benefit_change"

    class Kind(models.TextChoices):
        INCREASE = "increase", _("增发")
        DECREASE = "decrease", _("减发")
        BACK_PAY = "back_pay", _("补发")
        SUSPEND = "suspend", _("暂停发放")
        STOP = "stop", _("停发")

    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="benefit_changes",
        verbose_name=_("在册对象"),
    )
    kind = models.CharField(_("调整类别"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), null=True, blank=True, **_AMOUNT)
    effective_month = models.DateField(_("生效月份"), help_text=_("记为当月1日。"))
    amount_before = models.DecimalField(
        _("调整前金额（元/月）"), null=True, blank=True, **_AMOUNT
    )
    amount_after = models.DecimalField(
        _("调整后金额（元/月）"), null=True, blank=True, **_AMOUNT
    )
    reason = models.TextField(_("调整原因"), max_length=1000)
    recorded_by = staff_field(_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), editable=False)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["effective_month"], name="benefit_change_month"),
        ]
        verbose_name = _("待遇调整")
        verbose_name_plural = _("待遇调整")

    def __str__(self) -> str:
        return f"{self.recipient.case} {self.get_kind_display()}"
