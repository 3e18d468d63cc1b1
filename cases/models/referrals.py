"""分办、转办台账：案件或其中一项诉求转交其他部门办理，按期反馈，逾期催办。"""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case
from .filing import ReadOnlyOnceFiled


class Referral(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    """One line of the referral ledger book (分办转办台账登记簿).

    ``whole_case`` marks a referral of the whole application (不属于本部门职责,
    the case itself moves to 已转办); otherwise one need in it is referred and the
    case goes on here. The township is the case's: a referral has no other.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("已转出，待反馈")
        FED_BACK = "fed_back", _("已反馈")
        CLOSED = "closed", _("已办结")

    number = models.CharField(_("台账编号"), max_length=24, unique=True, editable=False)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("案件"),
    )
    department = models.ForeignKey(
        "portal.Department",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("承办部门"),
    )
    whole_case = models.BooleanField(_("整案转办"), default=False)
    need = models.CharField(_("转办事项"), max_length=200, blank=True)
    reason = models.TextField(_("转办理由"), max_length=2000)
    contact = models.CharField(_("接收联系人"), max_length=100, blank=True)
    documents = models.TextField(_("移送材料"), max_length=1000, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    referred_at = models.DateTimeField(_("转办时间"), editable=False)
    referred_by = staff_field(_("转办人"), related_name="referrals_sent")
    due_working_days = models.PositiveSmallIntegerField(_("反馈时限（工作日）"))
    feedback_due = models.DateField(_("应反馈日期"))
    due_calculation = models.TextField(_("期限计算过程"))
    feedback = models.TextField(_("部门反馈"), max_length=2000, blank=True)
    feedback_at = models.DateTimeField(_("反馈登记时间"), null=True, blank=True)
    feedback_by = staff_field(_("反馈登记人"), optional=True)
    result = models.TextField(_("办理结果"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    last_chased_at = models.DateTimeField(_("最近催办时间"), null=True, blank=True)
    applicant_informed_how = models.CharField(
        _("告知申请人方式"), max_length=100, blank=True
    )

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("分办转办")
        verbose_name_plural = _("分办转办台账")
        indexes = [
            models.Index(fields=["status", "feedback_due"]),
            models.Index(fields=["referred_at"], name="referral_referred_at"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def township(self):
        return self.case.township

    def is_overdue(self, today: date | None = None) -> bool:
        """逾期：仍未反馈，且已过应反馈日期。"""
        today = today or timezone.localdate()
        return self.status == self.Status.SENT and self.feedback_due < today

    def record_feedback(self, *, text: str, by, at) -> None:
        self.feedback = text
        self.feedback_by = by
        self.feedback_at = at
        if self.status == self.Status.SENT:
            self.status = self.Status.FED_BACK

    def close(self, *, result: str, at) -> None:
        self.result = result
        self.closed_at = at
        self.status = self.Status.CLOSED

    def record_chase(self, *, at) -> None:
        self.chase_count += 1
        self.last_chased_at = at
