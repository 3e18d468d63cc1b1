"""seed_demo adds a few cases per township, through the services, once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cases.demo import DEMO_CASES, demo_id_number
from cases.identity import id_number_problem
from cases.models import (
    Case,
    Complaint,
    Extension,
    FollowUp,
    Lead,
    Notice,
    RecipientExit,
    Referral,
    RegistrationEntry,
)

User = get_user_model()
RECORDS = (
    Case,
    Referral,
    Complaint,
    FollowUp,
    Lead,
    RegistrationEntry,
    RecipientExit,
)


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def seeded(demo_db, db):
    yield
    cache.clear()


def test_demo_id_numbers_pass_the_checksum():
    for serial, row in enumerate(DEMO_CASES, start=1):
        assert id_number_problem(demo_id_number(row[6], serial)) is None


# The 在册对象 of the demo (cases/demo_recipients.py) are approved cases of
# earlier months, seeded apart from the day's intakes.
RECIPIENT_CASES = "DEMO-zaice-"


def demo_intakes():
    return Case.objects.filter(external_reference__startswith="DEMO-").exclude(
        external_reference__startswith=RECIPIENT_CASES
    )


def test_demo_cases_cover_each_township_and_the_daily_states(seeded):
    assert demo_intakes().count() == len(DEMO_CASES)
    for code in ("dongling", "nanxi"):
        statuses = set(
            Case.objects.filter(township__code=code).values_list("status", flat=True)
        )
        assert {"received", "investigating", "replied"} <= statuses, code
    assert Notice.objects.filter(kind=Notice.Kind.ONE_TIME).count() == 2
    assert Extension.objects.filter(status=Extension.Status.REQUESTED).exists()
    assert all(c.history.exists() for c in Case.objects.all())


def test_second_seed_run_creates_no_more_cases(seeded):
    out = StringIO()
    counts = [m.objects.count() for m in RECORDS]
    call_command("seed_demo", stdout=out)
    assert demo_intakes().count() == len(DEMO_CASES)
    assert [m.objects.count() for m in RECORDS] == counts
    assert f"演示案件：新建 0，更新 0，未变 {len(DEMO_CASES)}" in out.getvalue()


def test_demo_clerk_works_own_township_in_the_admin(seeded, client):
    client.force_login(User.objects.get(username="demo-clerk-2"))
    response = client.get("/admin/cases/case/")
    towns = {c.township.code for c in response.context["object_list"]}
    assert towns == {"nanxi"}
    dongling = Case.objects.filter(township__code="dongling").first()
    assert client.get(f"/admin/cases/case/{dongling.number}/").status_code == 404


def test_demo_auditor_reads_and_cannot_change(seeded, client):
    client.force_login(User.objects.get(username="demo-auditor"))
    case = Case.objects.filter(status="received").first()
    assert client.get(f"/admin/cases/case/{case.number}/").status_code == 200
    response = client.post(
        f"/admin/cases/case/{case.number}/transition/",
        {"action": "accept", "version": case.version},
    )
    assert response.status_code == 403


def test_demo_records_show_each_state(seeded):
    today = timezone.localdate()
    referrals = Referral.objects.all()
    assert referrals.count() == 3
    assert sum(r.is_overdue(today) for r in referrals) == 1
    complaints = Complaint.objects.all()
    assert sum(c.is_overdue(today) for c in complaints) == 1
    assert complaints.filter(name="").count() == 1  # anonymous
    assert FollowUp.objects.count() == 2
    converted = Lead.objects.get(status=Lead.Status.CONVERTED)
    assert converted.case.channel == "active_discovery"
    assert Lead.objects.filter(status=Lead.Status.REPORTED).count() == 1
    assert RegistrationEntry.objects.count() == 2
    intake_exit = RecipientExit.objects.exclude(
        case__external_reference__startswith=RECIPIENT_CASES
    ).get()
    assert intake_exit.reason == RecipientExit.Reason.OVER_STANDARD
    call_command("verify_history", stdout=StringIO())


def test_rules_demo_shows_attachments_and_objections(seeded, client):
    """make run shows scans on cases and one objection at each end of its review."""
    from cases.models import CaseAttachment, VerificationObjection
    from cases.selectors.queues import work_queue
    from core.roles import Role

    assert CaseAttachment.objects.count() == 5
    assert all(a.file.storage.exists(a.file.name) for a in CaseAttachment.objects.all())
    statuses = set(VerificationObjection.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "upheld"}
    assert all(
        o.evidence_attachments.exists() for o in VerificationObjection.objects.all()
    )
    reviewer = User.objects.get(username="demo-township-reviewer-1")
    labels = {
        i.label
        for i in work_queue(
            reviewer, Role.TOWNSHIP_REVIEWER, today=timezone.localdate()
        ).items
    }
    assert "核对异议待乡镇审核" in labels
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "演示案件附件：新建 0，更新 0，未变 5" in out.getvalue()
    assert CaseAttachment.objects.count() == 5
