"""Admin screens of tracked records, outside the test-wide transaction.

Inside the usual test transaction a lock taken outside a transaction cannot
fail; here every request runs as it does in production (autocommit between
requests), and each save must commit with its history row. CI runs this on
PostgreSQL as well as SQLite.
"""

import pytest

from cases.history import verify_all
from cases.models import Case
from tests.cases.admin.test_corrections import correct_url, correction
from tests.cases.admin.test_intake import CREATE_URL, application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_intake_transition_and_correction_screens_commit_with_history(
    login, staff, town, item
):
    client = login(staff["clerk"])
    every_material = application(item, town, m2_received="on", m2_pages="1")
    assert client.post(CREATE_URL, every_material).status_code == 302
    case = Case.objects.get()
    page = f"/admin/cases/case/{case.number}/"
    moved = client.post(
        f"{page}transition/", {"action": "accept", "note": "", "version": 1}
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    fixed = client.post(correct_url(case), correction(case, phone="13912340000"))
    assert fixed.status_code == 302
    case.applicant.refresh_from_db()
    assert case.applicant.phone == "13912340000"
    assert verify_all()[1] == []
    assert case.history.count() == 2
    assert case.applicant.history.count() == 2
