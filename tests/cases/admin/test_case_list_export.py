"""The case list's CSV and Excel export (wagtail-modeladmin's, written by
portal.spreadsheets): names typed as formulas stay words, the receiving time is
Beijing time under a heading that says so."""

from datetime import UTC, datetime
from unittest.mock import patch

import pytest

from cases.services import ApplicantData
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import VALID_ID, received_case
from tests.factories.staff import clerk
from tests.spreadsheets import (
    HOSTILE,
    ZONE,
    assert_inert_csv,
    assert_inert_xlsx,
    body,
    csv_rows,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/cases/case/"
OTHER_ID = "110105194912310038"
# 17:30 in UTC is 01:30 the next morning in Beijing.
RECEIVED = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


@pytest.fixture
def hostile_cases(staff):
    """Applicant, township and assistance type names typed as formulas."""
    town = TownshipFactory(code="evil-town", name=HOSTILE[1])
    kind = AssistanceTypeFactory(code="evil-kind", name=HOSTILE[2])
    user = clerk(town, username="clerk-evil")
    with patch("django.utils.timezone.now", return_value=RECEIVED):
        for name, id_number in ((HOSTILE[0], VALID_ID), (HOSTILE[3], OTHER_ID)):
            applicant = ApplicantData(
                name=name, id_number=id_number, phone="13812345678", address="x"
            )
            received_case(user, town, assistance_type=kind, applicant=applicant)


def _export(client, fmt):
    response = client.get(LIST_URL, {"export": fmt})
    assert response.status_code == 200
    return body(response)


def test_case_list_csv_export_keeps_formulas_as_words(login, staff, hostile_cases):
    rows = csv_rows(_export(login(staff["reviewer"]), "csv"))
    assert_inert_csv(rows)


def test_case_list_excel_export_keeps_formulas_as_words(login, staff, hostile_cases):
    [sheet] = xlsx_sheets(_export(login(staff["reviewer"]), "xlsx")).values()
    assert_inert_xlsx(sheet)


def test_case_list_exports_receiving_time_in_beijing_time(login, staff, hostile_cases):
    client = login(staff["reviewer"])
    rows = csv_rows(_export(client, "csv"))
    column = rows[0].index("接收时间" + ZONE)
    assert {row[column] for row in rows[1:]} == {"2026-11-24 01:30:00"}
    [sheet] = xlsx_sheets(_export(client, "xlsx")).values()
    headings = [c.value for c in sheet[1]]
    cells = [
        row[headings.index("接收时间" + ZONE)] for row in sheet.iter_rows(min_row=2)
    ]
    assert {c.value for c in cells} == {datetime(2026, 11, 24, 1, 30)}
