"""申请人身份证号码更正：经办人提出，另一名审核人批准后才改。

Name, phone and address are corrected directly on the case (with a reason, in its
history). The ID number is what links one person's cases across townships, so a
change of it waits here until a reviewer other than the requester decides.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from cases.identity import validate_id_number
from core.fields import staff_field

from .case import Case


class ApplicantCorrection(ReasonRequiredOnChange):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="applicant_corrections",
        verbose_name=_("案件"),
    )
    # Named like the applicant's own field, so history and search mask it alike.
    id_number = models.CharField(
        _("更正后的身份证号码"), max_length=18, validators=[validate_id_number]
    )
    reason = models.CharField(_("更正理由"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = staff_field(_("提出人"))
    requested_at = models.DateTimeField(_("提出时间"))
    decided_by = staff_field(_("审核人"), optional=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("身份证号码更正申请")
        verbose_name_plural = _("身份证号码更正申请")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def decide(self, *, by, approve: bool, note: str, at) -> None:
        """Record the decision; the service saves it and applies the number."""
        self.status = self.Status.APPROVED if approve else self.Status.REFUSED
        self.decided_by = by
        self.decided_at = at
        self.decision_note = note
