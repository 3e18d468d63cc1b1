"""The README's progress example works on the demo county seed_demo makes.

README names a demo case number and a demo complaint number with the last four
digits of their phones; a newcomer types them into /progress/. Numbers carry
the year they were taken, so the README's year is read as the year the record
was made (the demo complaint was registered three weeks before seeding).
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cases.models import Case, Complaint

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE = re.compile(r"`((?:JZ|TS)\d{10})` with `(\d{4})`")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


def readme_examples() -> dict[str, tuple[str, str]]:
    found = {m[1][:2]: (m[1], m[2]) for m in EXAMPLE.finditer(README.read_text())}
    assert set(found) == {"JZ", "TS"}, "README names a demo case and complaint"
    return found


def as_made(number: str, received_at) -> str:
    """The README's number with the year the record was actually made."""
    return f"{number[:2]}{timezone.localdate(received_at).year}{number[6:]}"


def look_up(number: str, last4: str):
    return Client().post("/progress/", {"number": number, "phone_last4": last4})


def test_readme_demo_case_number_and_digits_show_its_progress(demo_db, db):
    number, last4 = readme_examples()["JZ"]
    case = Case.objects.get(number=as_made(number, timezone.now()))
    assert case.applicant.phone.endswith(last4)
    response = look_up(case.number, last4)
    text = response.content.decode()
    assert response.status_code == 200
    assert case.assistance_type.name == "住房救助" and "住房救助" in text
    assert "已逾期" in text  # the overdue referral the README promises


def test_readme_demo_complaint_number_and_digits_show_its_due_date(demo_db, db):
    number, last4 = readme_examples()["TS"]
    [complaint] = [
        c
        for c in Complaint.objects.filter(phone__endswith=last4)
        if c.number == as_made(number, c.received_at)
    ]
    response = look_up(complaint.number, last4)
    text = response.content.decode()
    assert response.status_code == 200
    assert f"{complaint.response_due:%Y-%m-%d}" in text
    assert "已超过反馈期限" in text
