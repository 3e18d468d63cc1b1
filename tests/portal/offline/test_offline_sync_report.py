"""python manage.py offline_sync_report: the dashboard's figures for scripts."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from portal.models import ReplacementTask
from portal.offline.register import posting_record
from tests.factories.clock import on_day
from tests.spreadsheets import HOSTILE, INERT

from .conftest import republish

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("offline_sync_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _stale(county):
    for page in (county.policy, county.complaints):
        posting_record(
            by=county.clerk_1, service_point=county.window_1, page=page, form="wall"
        )
    republish(county.policy, summary="新版")


def test_report_prints_the_same_figures_as_the_dashboard(county):
    _stale(county)
    data = json.loads(_run("--format", "json")[0])
    assert data["overall"]["required"] == 7
    assert data["overall"]["current"] == 1
    assert data["overall"]["stale"] == 1
    assert data["overall"]["gaps"] == 5
    assert data["overall"]["rate"] == round(1 / 7, 4)
    window = next(p for p in data["service_points"] if p["code"] == "dongling-window")
    assert (window["current"], window["stale"], window["open_tasks"]) == (1, 1, 1)


def test_report_text_and_csv_agree(county):
    _stale(county)
    text, _ = _run()
    assert "一致率 14.3%" in text
    assert "东岭镇一门受理窗口（乡镇（街道））：33.3%" in text
    rows = list(csv.DictReader(io.StringIO(_run("--format", "csv")[0])))
    assert rows[-1]["name"] == "合计" and rows[-1]["current"] == "1"


def test_report_limits_to_one_township(county):
    data = json.loads(_run("--format", "json", "--township", "nanxi")[0])
    assert [p["code"] for p in data["service_points"]] == ["nanxi-window"]


def test_report_refuses_an_unknown_township(county):
    with pytest.raises(CommandError, match="没有编码为"):
        _run("--township", "no-such-place")


def test_report_exits_non_zero_when_a_task_is_overdue(county):
    _stale(county)
    task = ReplacementTask.objects.get()
    with on_day(task.due_on):
        _run("--fail-on-overdue")
    late = task.due_on + datetime.timedelta(days=1)
    with on_day(late), pytest.raises(SystemExit) as exit_info:
        _run("--fail-on-overdue")
    assert exit_info.value.code == 3


def test_csv_keeps_service_point_names_typed_as_formulas_as_words(county):
    for point, name in zip(
        (county.window_1, county.station_1, county.window_2), HOSTILE, strict=False
    ):
        point.name = name
        point.save()
    rows = list(csv.reader(io.StringIO(_run("--format", "csv")[0])))
    names = {row[1] for row in rows[1:]}
    assert set(INERT[:3]) <= names
    assert not names & set(HOSTILE)
