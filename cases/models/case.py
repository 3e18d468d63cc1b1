"""案件：一次救助申请，从受理到归档。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.channels import Channel
from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .applicant import Applicant
from .fields import township_field, village_field
from .filing import ReadOnlyOnceFiled


class Case(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    """One application, logged the day it arrives (申请一户，录入一户)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已接收")
        ACCEPTED = "accepted", _("已受理")
        NOT_ACCEPTED = "not_accepted", _("不予受理")
        REFERRED = "referred", _("已转办")
        INVESTIGATING = "investigating", _("调查核实")
        REVIEWING = "reviewing", _("审核")
        PUBLIC_NOTICE = "public_notice", _("公示")
        # 审批确认: with the county reviewer (县级审批人), on the 审批确认 clock.
        DECIDING = "deciding", _("待审批确认")
        APPROVED = "approved", _("审批同意")
        DENIED = "denied", _("审批不同意")
        REPLIED = "replied", _("已回复")
        ARCHIVED = "archived", _("已归档")

    CLOSED = frozenset({Status.REPLIED, Status.ARCHIVED})
    # Not open (办理中) either: decided against the applicant or handed on, so
    # nothing is still being examined here, though the reply is to come.
    ENDED_UNREPLIED = frozenset({Status.NOT_ACCEPTED, Status.DENIED, Status.REFERRED})
    NOT_OPEN = CLOSED | ENDED_UNREPLIED

    number = models.CharField(_("案件编号"), max_length=24, unique=True, editable=False)
    assistance_type = models.ForeignKey(
        "portal.AssistanceType",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("救助事项"),
    )
    channel = models.CharField(_("受理渠道"), max_length=20, choices=Channel.choices)
    township = township_field("cases")
    village = village_field("cases")
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("申请人"),
    )
    description = models.TextField(_("申请事由"), max_length=4000)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    # Set by the database clock path in services only; never from a form or the API.
    received_at = models.DateTimeField(_("接收时间"), editable=False)
    received_by = staff_field(_("首问负责人"), related_name="cases_received")
    handler = staff_field(
        _("经办人（A岗）"), related_name="cases_handled", optional=True
    )
    backup_handler = staff_field(
        _("B岗"), related_name="cases_backed_up", optional=True
    )
    stage_limits = models.JSONField(
        _("各环节时限"),
        default=dict,
        editable=False,
        help_text=_("受理时从已发布的办事指南取得，单位：工作日。"),
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=0, editable=False
    )
    decision_note = models.TextField(_("决定意见"), blank=True)
    # 审批结论与时间：回复、归档后状态不再是“同意/不同意”，统计靠这两项。
    # Kept out of the history table: the status versions there already say it, and
    # the hash chain of existing history rows must not change.
    decision = models.CharField(
        _("审批结论"),
        max_length=10,
        choices=[("approved", _("审批同意")), ("denied", _("审批不同意"))],
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(
        _("审批时间"), null=True, blank=True, editable=False
    )
    # 审批同意的救助金额与起始月份，结果告知书据此写明. Set by the approve step only;
    # out of the history table like the two above (the approval's change reason
    # states them), so existing history rows keep their hashes.
    monthly_amount = models.DecimalField(
        _("救助金额（元/月）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    starts_month = models.DateField(
        _("起始月份"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("救助从该月起发放，记为当月1日。"),
    )
    archive_category = models.CharField(_("归档类别"), max_length=40, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    external_reference = models.CharField(
        _("外部编号"), max_length=64, blank=True, help_text=_("推送平台的申请编号")
    )
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    history = HistoricalRecords(
        bases=[HashChainedHistory],
        excluded_fields=["decision", "decided_at", "monthly_amount", "starts_month"],
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("救助案件")
        verbose_name_plural = _("救助案件")
        indexes = [
            models.Index(fields=["township", "status"]),
            models.Index(fields=["assistance_type", "status"]),
            # Statistics: a period's cases, county-wide, of one township or of one
            # village. On PostgreSQL each index also holds (INCLUDE) the columns
            # the figures group and count by, so a period is counted from the
            # index alone, without reading the cases (cases.stats.figures).
            models.Index(
                fields=["received_at"],
                include=["assistance_type", "channel", "township", "village"],
                name="case_received_at",
            ),
            models.Index(
                fields=["decided_at"],
                include=["decision", "assistance_type", "township", "village"],
                name="case_decided_at",
            ),
            models.Index(
                fields=["closed_at"], include=["id", "township"], name="case_closed_at"
            ),
            models.Index(
                fields=["township", "received_at"],
                include=["assistance_type", "channel"],
                name="case_town_received",
            ),
            models.Index(
                fields=["township", "decided_at"],
                include=["decision", "assistance_type"],
                name="case_town_decided",
            ),
            models.Index(
                fields=["township", "closed_at"],
                include=["id"],
                name="case_town_closed",
            ),
            models.Index(
                fields=["village", "received_at"],
                include=["assistance_type", "channel", "township"],
                name="case_village_received",
            ),
            models.Index(
                fields=["village", "decided_at"],
                include=["decision", "assistance_type", "township"],
                name="case_village_decided",
            ),
            models.Index(
                fields=["village", "closed_at"],
                include=["id", "township"],
                name="case_village_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        """办理中: not closed, and not ended by a refusal or a transfer that now
        only awaits its reply. A second application by the same person while one
        is open is what intake warns about."""
        return self.status not in self.NOT_OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def is_read_only(self) -> bool:
        return self.status == self.Status.ARCHIVED
