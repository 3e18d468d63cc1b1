"""统计报表 files (Excel and CSV, written by portal.spreadsheets): department names
typed as formulas stay words; the time the report was made is Beijing time,
said so beside it."""

from datetime import UTC, date, datetime
from unittest.mock import patch

import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory
from tests.factories.clock import on_day
from tests.factories.records import referral
from tests.spreadsheets import (
    HOSTILE,
    ZONE,
    assert_inert_csv,
    assert_inert_xlsx,
    csv_rows,
    xlsx_sheets,
)

from .conftest import receive

pytestmark = pytest.mark.django_db
# 17:30 in UTC is 01:30 the next morning in Beijing.
MADE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


@pytest.fixture
def hostile_departments(people):
    case = receive(people.clerk, people.east, date(2026, 10, 5))
    with on_day(date(2026, 10, 6)):
        for number, name in enumerate(HOSTILE):
            department = DepartmentFactory(code=f"evil-{number}", name=name)
            referral(people.clerk, case, department=department, need=f"事项{number}")


def _download(client, name):
    with patch("django.utils.timezone.now", return_value=MADE):
        response = client.get(reverse(name), {"period": "2026-10"})
    assert response.status_code == 200
    return response.content


def test_statistics_excel_keeps_formulas_as_words(
    people, login_client, hostile_departments
):
    sheets = xlsx_sheets(_download(login_client(people.reviewer), "cases_stats_xlsx"))
    assert_inert_xlsx(sheets["分办转办：按承办部门"])


def test_statistics_csv_keeps_formulas_as_words(
    people, login_client, hostile_departments
):
    rows = csv_rows(_download(login_client(people.reviewer), "cases_stats_csv"))
    assert_inert_csv(rows)


def test_statistics_files_give_the_time_made_in_beijing_time(people, login_client):
    client = login_client(people.reviewer)
    cover = xlsx_sheets(_download(client, "cases_stats_xlsx"))["说明"]
    made = {row[0].value: row[1].value for row in cover.iter_rows() if row[0].value}
    assert made["生成时间" + ZONE] == datetime(2026, 11, 24, 1, 30)
    rows = csv_rows(_download(client, "cases_stats_csv"))
    assert ["生成时间" + ZONE, "2026-11-24 01:30:00"] in rows
