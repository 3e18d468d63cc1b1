"""核对报告异议：申请人持财产登记机关佐证材料提出，乡镇审核、县级审核后继续办理。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.fields import staff_field

from .attachments import CaseAttachment
from .case import Case


class VerificationObjection(TrackedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待乡镇审核")
        TOWNSHIP_UPHELD = "township_upheld", _("乡镇审核通过，待县级审核")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name=_("案件"),
    )
    warning = models.CharField(_("核对预警内容"), max_length=500)
    evidence = models.TextField(_("佐证材料"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # 佐证附件: scans uploaded to the same case. The M2M is for reading; the
    # names and digests are also written into ``evidence_files``, which the
    # chained history keeps (it does not follow many-to-many rows).
    evidence_attachments = models.ManyToManyField(
        CaseAttachment,
        blank=True,
        related_name="objections",
        verbose_name=_("佐证附件"),
    )
    # NULL (not "") where none: a column added to the history table must read
    # NULL in older rows, whose digests leave NULLs out (cases.history.digest).
    evidence_files = models.TextField(  # noqa: DJ001
        _("佐证附件清单"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    submitted_by = staff_field(_("登记人"), optional=True)
    township_opinion = models.TextField(_("乡镇审核意见"), max_length=2000, blank=True)
    township_reviewed_by = staff_field(_("乡镇审核人"), optional=True)
    township_reviewed_at = models.DateTimeField(
        _("乡镇审核时间"), null=True, blank=True
    )
    county_opinion = models.TextField(_("县级审核意见"), max_length=2000, blank=True)
    county_reviewed_by = staff_field(_("县级审核人"), optional=True)
    county_reviewed_at = models.DateTimeField(_("县级审核时间"), null=True, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("核对报告异议")
        verbose_name_plural = _("核对报告异议")

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.TOWNSHIP_UPHELD)
