"""The lists Wagtail's own screens export (here the site history report, whose
rows carry page titles editors type) go through portal.spreadsheets like every
export: titles typed as formulas stay words, times are Beijing time under a
heading that names the zone. Wagtail by itself writes them as typed, and its
Excel times in UTC without saying so."""

from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model

from tests.factories.pages import make_policy
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

REPORT = "/admin/reports/site-history/"
# 17:30 in UTC is 01:30 the next morning in Beijing.
PUBLISHED = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


@pytest.fixture
def admin_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("report-admin", "r@example.gov.cn")
    )
    return client


@pytest.fixture
def hostile_titles(site_tree):
    with patch("django.utils.timezone.now", return_value=PUBLISHED):
        for number, title in enumerate(HOSTILE):
            make_policy(site_tree, title=title, slug=f"hostile-{number}")


def _export(client, fmt):
    response = client.get(REPORT, {"export": fmt})
    assert response.status_code == 200
    return body(response)


def test_wagtail_report_csv_keeps_formulas_as_words(admin_client, hostile_titles):
    assert_inert_csv(csv_rows(_export(admin_client, "csv")))


def test_wagtail_report_excel_keeps_formulas_as_words(admin_client, hostile_titles):
    [sheet] = xlsx_sheets(_export(admin_client, "xlsx")).values()
    assert_inert_xlsx(sheet)


def test_wagtail_report_times_are_beijing_time(admin_client, hostile_titles):
    rows = csv_rows(_export(admin_client, "csv"))
    [column] = [i for i, heading in enumerate(rows[0]) if heading.endswith(ZONE)]
    assert "2026-11-24 01:30:00" in {row[column] for row in rows[1:]}
    [sheet] = xlsx_sheets(_export(admin_client, "xlsx")).values()
    times = {row[column].value for row in sheet.iter_rows(min_row=2)}
    assert datetime(2026, 11, 24, 1, 30) in times
