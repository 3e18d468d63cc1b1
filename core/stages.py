"""办理环节: the stages of the social-assistance procedure, one list for both apps.

A service guide (portal) tags each of its steps with a stage and a time limit; a
case (cases) runs a deadline for each stage the office is timed on, counted from
those limits. 申请 and 建档 are steps of a guide but not timed case stages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    APPLY = "apply", _("申请")
    ACCEPT = "accept", _("受理")
    INVESTIGATE = "investigate", _("调查核实")
    REVIEW = "review", _("审核")
    PUBLIC_NOTICE = "public_notice", _("公示")
    DECIDE = "decide", _("审批确认")
    REPLY = "reply", _("回复")
    ARCHIVE = "archive", _("建档")


# The stages a case's deadline (StageDeadline) runs for, in the order they come.
CASE_STAGES: tuple[Stage, ...] = (
    Stage.ACCEPT,
    Stage.INVESTIGATE,
    Stage.REVIEW,
    Stage.PUBLIC_NOTICE,
    Stage.DECIDE,
    Stage.REPLY,
)
