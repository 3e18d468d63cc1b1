"""限时办结：各环节期限、补正暂停与延期。"""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.fields import staff_field
from core.stages import CASE_STAGES, Stage
from core.workdays import PROVISIONAL_MARK

from .alerts import PersonalAlert
from .case import Case

# 公示 lasts the days the rules fix (自然日), whatever the office does, and ends on
# its own: it is timed by the calendar, never against the office. Such periods do
# not count in the on-time rate, in "overdue" or in the deadline alerts; the time
# the office then takes to decide is the 审批确认 stage, which does.
RULE_PERIODS = frozenset({Stage.PUBLIC_NOTICE})


class StageDeadlineQuerySet(models.QuerySet):
    def office_timed(self) -> "StageDeadlineQuerySet":
        """The deadlines the office must meet (all but periods set by rule)."""
        return self.exclude(stage__in=RULE_PERIODS)


class StageDeadline(TrackedModel):
    """A stage's deadline: computed once by the service, stored with its working."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("案件")
    )
    stage = models.CharField(
        _("环节"), max_length=20, choices=[(s.value, s.label) for s in CASE_STAGES]
    )
    starts_on = models.DateField(_("起算日"))
    working_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    extended_days = models.PositiveSmallIntegerField(_("延长（工作日）"), default=0)
    due_on = models.DateField(_("期限"))
    calculation = models.TextField(_("计算过程"))
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    near_due_flagged_on = models.DateField(_("临期提醒日"), null=True, blank=True)
    overdue_flagged_on = models.DateField(_("超期提醒日"), null=True, blank=True)

    objects = StageDeadlineQuerySet.as_manager()
    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("环节期限")
        verbose_name_plural = _("环节期限")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage"], name="one_deadline_per_stage"
            )
        ]
        indexes = [
            models.Index(fields=["completed_at", "due_on"]),
            # Statistics (cases.stats.timeliness), read from the index alone on
            # PostgreSQL: the stages completed in a period, and the open ones
            # past their deadline. A third, of the stages finished late, is an
            # expression PostgreSQL alone indexes (migration 0021).
            models.Index(
                fields=["completed_at"],
                include=["stage", "starts_on", "due_on", "case"],
                name="deadline_completed",
            ),
            models.Index(
                fields=["due_on"],
                include=["case", "stage"],
                condition=models.Q(completed_at__isnull=True),
                name="deadline_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.due_on:%Y-%m-%d}"

    @property
    def is_provisional(self) -> bool:
        """暂定: counted through a year whose 调休 arrangement is not entered yet."""
        return PROVISIONAL_MARK in self.calculation

    @property
    def is_rule_period(self) -> bool:
        """公示等法定期间：到期即结束，不算办理超期。"""
        return self.stage in RULE_PERIODS

    def is_overdue(self, today: date | None = None, *, paused: bool = False) -> bool:
        """超期：未完成且已过期限。公示等法定期间不算；补正或核对异议暂停计时
        期间期限停止计算，也不算（与 ``cases_overdue`` 同一规则）。"""
        today = today or timezone.localdate()
        return (
            self.completed_at is None
            and not self.is_rule_period
            and not paused
            and self.due_on < today
        )


class Pause(TrackedModel):
    """暂停计时: while the applicant brings what a one-time notice lists (补正), or
    while an objection to the verification report is reviewed (核对异议), the
    case's deadlines do not run; they move on by the working days paused."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正")
        OBJECTION = "objection", _("核对异议")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("案件")
    )
    kind = models.CharField(
        _("暂停原因"), max_length=12, choices=Kind.choices, default=Kind.CORRECTION
    )
    notice = models.ForeignKey(
        "cases.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pauses",
        verbose_name=_("一次性告知书"),
    )
    objection = models.ForeignKey(
        "cases.VerificationObjection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pauses",
        verbose_name=_("核对异议"),
    )
    started_on = models.DateField(_("开始"))
    ended_on = models.DateField(_("结束"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("暂停计时")
        verbose_name_plural = _("暂停计时")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="correction", notice__isnull=False)
                    | models.Q(kind="objection", objection__isnull=False)
                ),
                name="pause_has_its_ground",
            )
        ]

    def __str__(self) -> str:
        ended = f"{self.ended_on:%Y-%m-%d}" if self.ended_on else ""
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}—{ended}"

    @property
    def ground(self) -> str:
        """依据: the notice's number, or the objection."""
        if self.notice_id:
            return self.notice.number
        return str(_("核对报告异议"))


class Extension(TrackedModel):
    """延期：须审核人批准并记录理由，且告知申请人。"""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待批准")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    deadline = models.ForeignKey(
        StageDeadline,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("环节期限"),
    )
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = staff_field(_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = staff_field(_("审核人"), optional=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    applicant_informed_at = models.DateTimeField(
        _("告知申请人时间"), null=True, blank=True
    )
    applicant_informed_how = models.CharField(_("告知方式"), max_length=100, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("延期")
        verbose_name_plural = _("延期")

    def __str__(self) -> str:
        return f"+{self.days} {self.get_status_display()}"


class DeadlineAlert(PersonalAlert):
    """临期、超期提醒：发给A岗经办人和B岗，各一条。"""

    class Kind(models.TextChoices):
        NEAR_DUE = "near_due", _("即将到期")
        OVERDUE = "overdue", _("已超期")

    deadline = models.ForeignKey(
        StageDeadline,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("环节期限"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    recipient = staff_field(
        _("接收人"), related_name="deadline_alerts", on_delete=models.CASCADE
    )

    class Meta(PersonalAlert.Meta):
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "recipient"], name="one_alert_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.deadline}"
