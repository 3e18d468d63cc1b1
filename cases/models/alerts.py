"""提醒: what someone must act on that is not a case's stage deadline.

A stage deadline's near-due and overdue alerts are ``DeadlineAlert`` rows. The
others are kept here, one row per person per matter: a window with neither its
A nor its B at work (to the township head), an urgent lead awaiting triage, a
帮办代办 application awaiting the township window. ``subject`` names the matter
(and the day, for a daily one), so a repeated check adds nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import staff_field

from .case import Case
from .leads import Lead


class PersonalAlert(models.Model):
    """A reminder to one person: when it was raised, and when they read it."""

    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


def _about(to, label) -> models.ForeignKey:
    """The matter an alert is about, when it is of that kind."""
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=label,
    )


class Alert(PersonalAlert):
    class Kind(models.TextChoices):
        WINDOW_UNSTAFFED = "window_unstaffed", _("窗口A、B岗均不在岗")
        LEAD_NEAR_DUE = "lead_near_due", _("紧急线索待研判")
        LEAD_OVERDUE = "lead_overdue", _("紧急线索研判超期")
        PROXY_REQUEST = "proxy_request", _("帮办代办申请待受理")
        REVIEW_DUE = "review_due", _("在册对象定期复核将到期")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    recipient = staff_field(
        _("接收人"), related_name="case_alerts", on_delete=models.CASCADE
    )
    subject = models.CharField(_("事项"), max_length=60)
    message = models.CharField(_("内容"), max_length=300)
    service_point = _about("portal.ServicePoint", _("窗口"))
    lead = _about(Lead, _("线索"))
    case = _about(Case, _("案件"))
    due_on = models.DateField(_("期限"), null=True, blank=True)

    class Meta(PersonalAlert.Meta):
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "subject"], name="one_alert_per_matter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"
