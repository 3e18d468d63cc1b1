"""事后评价与电话回访：办结后的案件听取申请人的评价，结果计入监督统计。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case


class FollowUp(ReasonRequiredOnChange):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("事后评价")
        REVISIT = "revisit", _("电话回访")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")
        UNREACHED = "unreached", _("未联系上")

    class Status(models.TextChoices):
        DONE = "done", _("已完成")
        NEEDS_ACTION = "needs_action", _("待整改")
        RESOLVED = "resolved", _("已整改")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="followups", verbose_name=_("案件")
    )
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices)
    satisfaction = models.CharField(
        _("评价结果"), max_length=20, choices=Satisfaction.choices
    )
    content = models.TextField(_("申请人意见"), max_length=2000, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DONE
    )
    conducted_at = models.DateTimeField(_("评价（回访）时间"), editable=False)
    conducted_by = staff_field(_("回访人"))
    result = models.TextField(_("整改结果"), max_length=2000, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-conducted_at"]
        indexes = [models.Index(fields=["conducted_at"], name="followup_conducted_at")]
        verbose_name = _("评价回访")
        verbose_name_plural = _("评价回访")

    def __str__(self) -> str:
        return (
            f"{self.case} {self.get_kind_display()} {self.get_satisfaction_display()}"
        )
