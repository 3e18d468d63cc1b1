"""The demo shows 在册对象 in every state `make run` should show: reviews on
time and late, one due soon, one overdue, a suspended and a stopped recipient,
and a benefit change of each kind."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import BenefitChange, Recipient, RecipientExit, RecipientReview
from cases.selectors.recipients import REVIEW_NOTICE_DAYS

pytestmark = pytest.mark.django_db


def test_demo_recipients_cover_every_state():
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    reviews = list(RecipientReview.objects.all())
    assert any(r.on_time for r in reviews) and any(not r.on_time for r in reviews)
    paid = Recipient.objects.exclude(status=Recipient.Status.STOPPED)
    soon = today + timedelta(days=REVIEW_NOTICE_DAYS)
    assert paid.filter(next_review_on__gte=today, next_review_on__lte=soon).exists()
    assert paid.filter(next_review_on__lt=today).exists()
    assert paid.filter(status=Recipient.Status.SUSPENDED).exists()
    assert paid.filter(income_varies=True).exists()
    kinds = set(BenefitChange.objects.values_list("kind", flat=True))
    assert kinds == set(BenefitChange.Kind.values)
    stopped = Recipient.objects.filter(status=Recipient.Status.STOPPED)
    assert stopped.exists()
    assert all(RecipientExit.objects.filter(case=r.case).exists() for r in stopped)
    # Every approved demo case is a recipient (an exit stops it).
    assert Recipient.objects.count() >= 7
