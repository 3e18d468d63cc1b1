"""投诉举报：网上、电话、12349热线、来信、来访；署名的10个工作日内反馈查办情况。"""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case
from .filing import ReadOnlyOnceFiled


class Complaint(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    """A complaint or report about the window's service or a case.

    Stored as the complainant wrote it and never rendered as markup. The township
    comes from the linked case, or a county reviewer assigns it; until then only
    county staff see the complaint.
    """

    class Channel(models.TextChoices):
        WEBSITE = "website", _("网站")
        APP = "app", _("政务服务App")
        PLATFORM = "platform", _("省级平台")
        PHONE = "phone", _("电话")
        HOTLINE_12349 = "hotline_12349", _("12349热线")
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已登记")
        HANDLING = "handling", _("查办中")
        ANSWERED = "answered", _("已反馈")
        CLOSED = "closed", _("已办结")

    class Accountability(models.TextChoices):
        PENDING = "", _("未定")
        NONE = "none", _("经查不属实，不追责")
        EDUCATION = "education", _("批评教育")
        ADMONITION = "admonition", _("诫勉教育并赔礼道歉")
        WARNING = "warning", _("效能告诫")
        DISCIPLINE = "discipline", _("移送纪检监察处理")

    number = models.CharField(_("投诉编号"), max_length=24, unique=True, editable=False)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    name = models.CharField(_("投诉人姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    content = models.TextField(_("投诉内容"), max_length=2000)
    stated_case_number = models.CharField(
        _("投诉人所填案件编号"), max_length=24, blank=True
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("涉及案件"),
    )
    township = models.ForeignKey(
        "portal.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("乡镇"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("收到时间"), editable=False)
    received_by = staff_field(
        _("登记人"), related_name="complaints_received", optional=True
    )
    response_due = models.DateField(_("应反馈日期"), null=True, blank=True)
    due_calculation = models.TextField(_("期限计算过程"), blank=True)
    handler = staff_field(_("查办人"), related_name="complaints_handled", optional=True)
    findings = models.TextField(_("查办情况"), max_length=2000, blank=True)
    answer = models.TextField(_("反馈内容"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    answered_how = models.CharField(_("反馈方式"), max_length=100, blank=True)
    accountability = models.CharField(
        _("责任追究"),
        max_length=20,
        choices=Accountability.choices,
        default=Accountability.PENDING,
        blank=True,
    )
    accountability_note = models.TextField(_("追责说明"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        indexes = [
            models.Index(fields=["status", "response_due"]),
            models.Index(fields=["received_at"], name="complaint_received_at"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_named(self) -> bool:
        """署名投诉：留了姓名，才有答复的对象和答复期限。"""
        return bool(self.name.strip())

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.response_due is not None
            and self.status in (self.Status.RECEIVED, self.Status.HANDLING)
            and self.response_due < today
        )
