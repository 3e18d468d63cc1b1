"""咨询登记（首问负责）：乡镇或县级窗口接待的来访、来电咨询。

Whoever first takes a walk-in or phone question at a window answers it, hands it
on, or takes the application: the first responder (首问负责人) is recorded with
what the person was told and whether everything needed was told at once
(一次性告知). A consultation may become a case; the two then point at each other
(``Consultation.case`` and ``Case.consultation``).

The village station keeps its own book (``RegistrationEntry``): a question asked
there is logged in that book, not here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.channels import Channel as CaseChannel
from cases.history import HashChainedHistory, ReasonRequiredOnChange

from .case import Case
from .fields import turned_into_field


class Consultation(ReasonRequiredOnChange):
    class Channel(models.TextChoices):
        VISIT = "visit", _("来访")
        PHONE = "phone", _("来电")

    # The case's 受理渠道 when the consultation becomes a case.
    CASE_CHANNELS = {
        Channel.VISIT.value: CaseChannel.WINDOW.value,
        Channel.PHONE.value: CaseChannel.PHONE.value,
    }

    number = models.CharField(_("咨询编号"), max_length=24, unique=True, editable=False)
    # Empty for the county window (县级窗口): county business, seen by county staff.
    township = models.ForeignKey(
        "portal.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("乡镇（街道）"),
    )
    service_point = models.ForeignKey(
        "portal.ServicePoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("服务窗口"),
    )
    channel = models.CharField(_("咨询方式"), max_length=10, choices=Channel.choices)
    person_name = models.CharField(_("咨询人"), max_length=50, blank=True)
    person_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    assistance_type = models.ForeignKey(
        "portal.AssistanceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("咨询的救助事项"),
    )
    topic = models.CharField(_("咨询事项"), max_length=200, blank=True)
    answer = models.TextField(_("答复及告知内容"), max_length=2000)
    one_time_notice = models.BooleanField(_("已一次性告知"), default=False)
    consulted_at = models.DateTimeField(_("咨询时间"), editable=False)
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations_answered",
        verbose_name=_("首问负责人"),
    )
    case = turned_into_field(Case, "consultation", _("转成的案件"), one=True)
    converted_at = models.DateTimeField(_("转为案件时间"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-consulted_at"]
        verbose_name = _("咨询登记")
        verbose_name_plural = _("咨询登记")
        indexes = [
            models.Index(fields=["consulted_at"], name="consult_at"),
            models.Index(fields=["township", "consulted_at"], name="consult_town_at"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def subject(self) -> str:
        """咨询事项 as shown: the typed topic, else the assistance type's name."""
        if self.topic:
            return self.topic
        return self.assistance_type.name if self.assistance_type_id else ""

    @property
    def window_label(self) -> str:
        if self.service_point_id:
            return self.service_point.name
        return self.township.name if self.township_id else str(_("县级窗口"))
