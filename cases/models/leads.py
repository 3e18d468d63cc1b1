"""主动发现：村协理员、网格员等报告陷入困境的群众，研判后转为案件。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .case import Case
from .fields import township_field, turned_into_field, village_field
from .filing import ReadOnlyOnceFiled


class Lead(ReadOnlyOnceFiled, ReasonRequiredOnChange):
    class Source(models.TextChoices):
        COORDINATOR = "coordinator", _("村（居）协理员")
        GRID_WORKER = "grid_worker", _("网格员")
        VILLAGE_CADRE = "village_cadre", _("驻村干部")
        PARTY_INFORMANT = "party_informant", _("党建信息员")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        REPORTED = "reported", _("待研判")
        ACCEPTED = "accepted", _("确认困难，待转案件")
        REJECTED = "rejected", _("不予立案")
        CONVERTED = "converted", _("已转为案件")

    number = models.CharField(_("线索编号"), max_length=24, unique=True, editable=False)
    township = township_field("leads")
    village = village_field("leads")
    source = models.CharField(_("报告人身份"), max_length=20, choices=Source.choices)
    source_name = models.CharField(_("报告人"), max_length=50)
    person_name = models.CharField(_("困难群众姓名"), max_length=50)
    person_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    content = models.TextField(_("困难情况"), max_length=2000)
    urgent = models.BooleanField(_("突发紧急困难"), default=False)
    # 紧急线索1个工作日内研判: set when an urgent lead is reported. Empty on the
    # leads reported before it was kept; the check counts those from reported_at.
    triage_due = models.DateField(_("研判期限"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    reported_at = models.DateTimeField(_("报告时间"), editable=False)
    reported_by = staff_field(_("登记人"), related_name="leads_reported")
    triage_note = models.TextField(_("研判意见"), max_length=2000, blank=True)
    triaged_by = staff_field(_("研判人"), optional=True)
    triaged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    case = turned_into_field(Case, "leads", _("转成的案件"))

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("主动发现线索")
        verbose_name_plural = _("主动发现线索")

    def __str__(self) -> str:
        return self.number
