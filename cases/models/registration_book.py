"""村社会救助工作登记簿：群众反映的问题现场记录，能答复的当场答复，其余上报。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case
from .fields import township_field, turned_into_field
from .filing import ReadOnlyOnceFiled
from .leads import Lead


class RegistrationEntry(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    archive_field = "registration_entry"

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("政策咨询")
        HELP = "help", _("求助申请")
        PROBLEM = "problem", _("反映问题")
        CHANGE = "change", _("家庭情况变化报告")

    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        ANSWERED = "answered", _("已当场答复")
        TO_CASE = "to_case", _("已帮办申请（转为案件）")
        TO_LEAD = "to_lead", _("已上报（转为线索）")

    number = models.CharField(_("登记编号"), max_length=24, unique=True, editable=False)
    township = township_field("registration_entries")
    village = models.ForeignKey(
        "portal.Village",
        on_delete=models.PROTECT,
        related_name="registration_entries",
        verbose_name=_("村（社区）"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    visitor_name = models.CharField(_("来访群众"), max_length=50)
    visitor_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    content = models.TextField(_("反映的问题"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    recorded_at = models.DateTimeField(_("登记时间"), editable=False)
    recorded_by = staff_field(_("登记人"))
    answer = models.TextField(_("答复内容"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    case = turned_into_field(Case, "registration_entries", _("转成的案件"))
    lead = turned_into_field(Lead, "registration_entries", _("转成的线索"))

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("工作登记簿")
        verbose_name_plural = _("工作登记簿")

    def __str__(self) -> str:
        return self.number
