"""Demo filing (归档): the 档案目录 shows a filed record of every kind.

The demo cases made ``archived`` are filed by the 归档 step; the answered
complaint, the converted lead and the book entries by the services that closed
them. This step closes one referral (the medical-insurance one of 东岭镇) with
its feedback and result, which files it too. A second run changes nothing.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally

from .models import Referral
from .services import referral_close, referral_feedback


def _close_referral(tally: Tally) -> None:
    referral = Referral.objects.filter(
        case__external_reference="DEMO-dongling-03", department__code="yibao"
    ).first()
    if referral is None:
        return
    if referral.status == Referral.Status.CLOSED:
        tally.add("unchanged")
        return
    clerk = get_user_model().objects.get(username="demo-clerk-1")
    referral = referral_feedback(
        by=clerk,
        referral=referral,
        feedback=str(_("县医保局已受理，化疗费用纳入一站式结算。")),
    )
    referral_close(
        by=clerk,
        referral=referral,
        result=str(_("医疗费用已按规定结算报销，已电话告知申请人。")),
    )
    tally.add("created")


def seed_demo_archive() -> list[Tally]:
    tally = Tally(_("演示归档"))
    _close_referral(tally)
    return [tally]
