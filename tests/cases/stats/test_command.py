"""stats_report: the report as a file for scripts; bad arguments exit non-zero."""

import subprocess
import sys
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories.clock import on_day

from .conftest import receive

pytestmark = pytest.mark.django_db


def test_writes_the_monthly_excel_report(people, tmp_path, capsys):
    receive(people.clerk, people.east, date(2026, 10, 5))
    receive(people.west_clerk, people.west, date(2026, 10, 8))
    target = tmp_path / "2026-10.xlsx"
    with on_day(date(2026, 11, 24)):
        call_command(
            "stats_report",
            "--period",
            "2026-10",
            "--format",
            "xlsx",
            "--output",
            str(target),
        )
    book = load_workbook(target)
    rows = [
        tuple(c.value for c in r) for r in book["受理申请：按乡镇"].iter_rows(min_row=3)
    ]
    assert ("合计", 2) in rows
    err = capsys.readouterr().err
    assert "计算：限时办结" in err
    assert str(target) in err


def test_quarterly_text_report_for_one_township(people, capsys):
    receive(people.clerk, people.east, date(2026, 8, 5))
    receive(people.west_clerk, people.west, date(2026, 9, 8))
    with on_day(date(2026, 11, 24)):
        call_command("stats_report", "--period", "2026-Q3", "--township", "west")
    out = capsys.readouterr().out
    assert "西河乡社会救助统计季报（2026年第3季度）" in out
    assert "受理申请  1件" in out


def test_csv_format_follows_the_file_name(people, tmp_path):
    target = tmp_path / "report.csv"
    with on_day(date(2026, 11, 24)):
        call_command("stats_report", "--period", "2026-10", "--output", str(target))
    assert target.read_text(encoding="utf-8-sig").startswith("全县社会救助统计月报")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-10-01"], "格式不对"),
        (["--period", "2026-10", "--township", "atlantis"], "没有编码为“atlantis”"),
        (["--period", "2026-10", "--format", "xlsx"], "须用 --output"),
        (["--period", "2026-10", "--output", "/no/such/dir/r.csv"], "目录不存在"),
    ],
)
def test_bad_arguments_are_refused_with_the_reason(db, args, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("stats_report", *args)
    assert message in str(excinfo.value)


def test_bad_period_exits_non_zero_without_a_traceback(tmp_path):
    db = tmp_path / "cli.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "stats_report", "--period", "2026-Q9"],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{db}",
        },
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "格式不对" in result.stderr
    assert "Traceback" not in result.stderr
